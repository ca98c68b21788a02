/**
 * A normalised structural description of a live database, read with the
 * database's own catalog (SQLite PRAGMAs, PostgreSQL pg_catalog), never with
 * strata's introspector: the end-to-end tests compare a database with itself
 * before and after a migration, and assert on what the server really holds.
 */

export interface ColumnShape {
  readonly name: string
  /** As the catalog spells it (SQLite: the declared type; PostgreSQL: format_type, plus identity). */
  readonly type: string
  readonly notNull: boolean
  /** The default expression as the catalog prints it, or null. */
  readonly default: string | null
  /** 1-based position in the primary key, 0 when not part of it. */
  readonly pk: number
  /** PostgreSQL column comment; always null on SQLite (no catalog comments). */
  readonly comment: string | null
}

export interface IndexShape {
  /** SQLite's automatic indexes (`sqlite_autoindex_…`, numbered by position) are shown as `(auto u)` / `(auto pk)`. */
  readonly name: string
  readonly unique: boolean
  readonly partial: boolean
  /** `pk` primary key, `u` unique constraint, `c` CREATE INDEX (SQLite's PRAGMA index_list vocabulary). */
  readonly origin: 'pk' | 'u' | 'c'
  /** Column names in key order; null for an expression. */
  readonly columns: readonly (string | null)[]
  /** The CREATE INDEX text the catalog keeps (null for SQLite's automatic indexes). */
  readonly definition: string | null
}

export interface ForeignKeyShape {
  readonly columns: readonly string[]
  readonly table: string
  readonly refColumns: readonly string[]
  /** NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT. */
  readonly onUpdate: string
  readonly onDelete: string
}

export interface CheckShape {
  /** null for an unnamed (column-level) check. */
  readonly name: string | null
  readonly expression: string
}

export interface TableShape {
  readonly columns: readonly ColumnShape[]
  readonly indexes: readonly IndexShape[]
  readonly foreignKeys: readonly ForeignKeyShape[]
  readonly checks: readonly CheckShape[]
  /** PostgreSQL table comment; always null on SQLite. */
  readonly comment: string | null
}

export interface DatabaseShape {
  /** Every user table; strata's history table is left out. */
  readonly tables: Readonly<Record<string, TableShape>>
  /** Enum types and their labels in order (PostgreSQL); always empty on SQLite. */
  readonly enums: Readonly<Record<string, readonly string[]>>
}

/** Stable order for lists whose order the catalog does not define. */
export function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)
}

/**
 * The shape with columns in name order: `down` re-adds a dropped column last
 * (ALTER TABLE … ADD COLUMN appends on both databases), and strata treats
 * column order as presentation.
 */
export function ignoringColumnOrder(shape: DatabaseShape): DatabaseShape {
  return {
    ...shape,
    tables: Object.fromEntries(
      Object.entries(shape.tables).map(([name, t]) => [name, { ...t, columns: [...t.columns].sort(byKey((c) => c.name)) }]),
    ),
  }
}

/** Quote an identifier the standard way (both SQLite and PostgreSQL accept it). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** A standard SQL string literal: quotes doubled, backslashes ordinary (standard_conforming_strings). */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}
