/** Every lint rule, by family. docs/LINT.md lists the same rules (a test keeps them in step). */
import { compatRules } from './rules-compat'
import { dataRules } from './rules-data'
import { destructiveRules } from './rules-destructive'
import { lockingRules } from './rules-locking'
import { orderingRules } from './rules-ordering'
import { reversibilityRules } from './rules-reversibility'
import type { DataRule, RuleInfo, StaticRule } from './types'

export const STATIC_RULES: readonly StaticRule[] = [
  ...destructiveRules,
  ...compatRules,
  ...lockingRules,
  ...orderingRules,
  ...reversibilityRules,
]

export const DATA_RULES: readonly DataRule[] = dataRules

/** Every rule's documentation, in code order. */
export const RULES: readonly RuleInfo[] = [...STATIC_RULES, ...DATA_RULES]
  .map((r) => r.info)
  .sort((a, b) => (a.code < b.code ? -1 : 1))

export function ruleByCode(code: string): RuleInfo | undefined {
  return RULES.find((r) => r.code === code || r.name === code)
}
