import { sqliteDialect } from '../../../src/dialects/sqlite/sqlite-dialect'
import { describeCases } from '../harness'
import { SQLITE_REFUSED } from './expected-sql'
import { openFresh, removeTempFolder } from './helpers'

describe('sqlite dialect', () => {
  after(removeTempFolder)
  describeCases('shared operation cases', { dialect: sqliteDialect, open: () => openFresh(), refused: SQLITE_REFUSED })
})
