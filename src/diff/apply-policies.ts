/** Applying the row-level security operations to the model (pure, called by apply.ts). */
import { type Schema, type Table, findTable } from '../schema/model'
import { alterableInPlace, findPolicy, policiesOf, policyKey, rowLevelSecurityOf } from '../schema/policies'
import type { AlterPolicy, CreatePolicy, DropPolicy, SetRowLevelSecurity } from './operations'

type Fail = (message: string) => never

export function applyPolicyOperation(schema: Schema, op: CreatePolicy | DropPolicy | AlterPolicy | SetRowLevelSecurity, fail: Fail): Schema {
  switch (op.op) {
    case 'createPolicy': {
      const { name, table } = op.policy
      if (!findTable(schema, table)) fail(`policy "${name}": table "${table}" does not exist`)
      if (findPolicy(schema, table, name)) fail(`policy "${name}" on "${table}" already exists`)
      return { ...schema, policies: [...policiesOf(schema), op.policy] }
    }
    case 'dropPolicy': {
      if (!findPolicy(schema, op.table, op.name)) fail(`policy "${op.name}" on "${op.table}" does not exist`)
      return withPolicies(schema, policiesOf(schema).filter((p) => p.table !== op.table || p.name !== op.name))
    }
    case 'alterPolicy': {
      const key = policyKey(op.to)
      if (policyKey(op.from) !== key) fail(`alterPolicy: from "${policyKey(op.from)}" and to "${key}" are different policies`)
      if (!findPolicy(schema, op.to.table, op.to.name)) fail(`policy "${op.to.name}" on "${op.to.table}" does not exist`)
      if (!alterableInPlace(op.from, op.to)) {
        fail(`policy "${op.to.name}" on "${op.to.table}": ALTER POLICY cannot change the command or PERMISSIVE / RESTRICTIVE, nor remove USING or WITH CHECK; drop and create it`)
      }
      return { ...schema, policies: policiesOf(schema).map((p) => (policyKey(p) === key ? op.to : p)) }
    }
    case 'setRowLevelSecurity': {
      const table = findTable(schema, op.table)
      if (!table) fail(`table "${op.table}" does not exist`)
      return {
        ...schema,
        tables: schema.tables.map((t) => {
          if (t.name !== op.table) return t
          const out: { -readonly [K in keyof Table]: Table[K] } = { ...t }
          const rls = rowLevelSecurityOf(op.to)
          if (rls.enable || rls.force) out.rowLevelSecurity = rls
          else delete out.rowLevelSecurity
          return out
        }),
      }
    }
  }
}

function withPolicies(schema: Schema, policies: Schema['policies']): Schema {
  const out: { -readonly [K in keyof Schema]: Schema[K] } = { ...schema, policies }
  if (!policies?.length) delete out.policies
  return out
}

/** A table renamed: its policies follow (PostgreSQL keeps them on the table). */
export function renameTableInPolicies(schema: Schema, from: string, to: string): Schema {
  if (!schema.policies?.some((p) => p.table === from)) return schema
  return { ...schema, policies: schema.policies.map((p) => (p.table === from ? { ...p, table: to } : p)) }
}
