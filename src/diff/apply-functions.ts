/** Applying the function operations to the model (pure, called by apply.ts). */
import { findTable } from '../schema/model'
import type { Schema } from '../schema/model'
import { findFunction, functionsOf, sameSignature } from '../schema/functions'
import { findView } from '../schema/views'
import type { CreateFunction, DropFunction, ReplaceFunction } from './operations'

type Fail = (message: string) => never

export function applyFunctionOperation(schema: Schema, op: CreateFunction | DropFunction | ReplaceFunction, fail: Fail): Schema {
  switch (op.op) {
    case 'createFunction': {
      const name = op.function.name
      if (findFunction(schema, name)) fail(`function "${name}" already exists`)
      if (findTable(schema, name) || findView(schema, name)) fail(`function "${name}": a table or view has the same name`)
      return { ...schema, functions: [...functionsOf(schema), op.function] }
    }
    case 'dropFunction': {
      if (!findFunction(schema, op.name)) fail(`function "${op.name}" does not exist`)
      const trigger = schema.triggers?.find((t) => t.function === op.name)
      if (trigger) fail(`function "${op.name}" is still used by trigger "${trigger.name}"`)
      return withFunctions(schema, functionsOf(schema).filter((f) => f.name !== op.name))
    }
    case 'replaceFunction': {
      if (op.from.name !== op.to.name) fail(`replaceFunction: from "${op.from.name}" and to "${op.to.name}" are different functions`)
      if (!findFunction(schema, op.to.name)) fail(`function "${op.to.name}" does not exist`)
      if (!sameSignature(op.from, op.to)) fail(`function "${op.to.name}": CREATE OR REPLACE cannot change the arguments or the result; drop and create it`)
      return { ...schema, functions: functionsOf(schema).map((f) => (f.name === op.to.name ? op.to : f)) }
    }
  }
}

function withFunctions(schema: Schema, functions: Schema['functions']): Schema {
  const out: { -readonly [K in keyof Schema]: Schema[K] } = { ...schema, functions }
  if (!functions?.length) delete out.functions
  return out
}
