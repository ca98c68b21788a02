/**
 * Schema files that must not load, each with the diagnostics it must give
 * (file, line, column, a substring of the message). Shared with the CLI tests.
 */

export interface BadSchemaInput {
  readonly name: string
  readonly files: Record<string, string>
  /** How the files' text is turned into bytes (default utf8): `latin1` makes a file that is not UTF-8. */
  readonly encoding?: BufferEncoding
  readonly expected: { file: string; line: number; column: number; message: string }[]
}

const USERS = `tables:
  users:
    columns:
      email: { type: string, length: 320 }
`

export const BAD_SCHEMA_INPUTS: BadSchemaInput[] = [
  {
    name: 'broken YAML (unclosed flow sequence)',
    files: { 'schemas/a.yaml': 'tables:\n  users:\n    columns: { email: [string\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 1, message: 'invalid YAML: Flow sequence in block collection must be sufficiently indented and end' },
      { file: 'schemas/a.yaml', line: 4, column: 1, message: 'invalid YAML: Flow map in block collection must be sufficiently indented and end with a }' },
    ],
  },
  {
    name: 'unclosed quote',
    files: { 'schemas/a.yaml': 'tables:\n  users:\n    comment: "People\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 1, message: 'invalid YAML: Missing closing "quote' },
    ],
  },
  {
    name: 'duplicate table key',
    files: { 'schemas/a.yaml': `${USERS}  users:\n    columns:\n      name: text\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 5, column: 3, message: 'duplicate key "users": keys in a map must be unique' },
    ],
  },
  {
    name: 'duplicate column key',
    files: { 'schemas/a.yaml': 'tables:\n  users:\n    columns:\n      email: text\n      email: string\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 5, column: 7, message: 'duplicate key "email": keys in a map must be unique' },
    ],
  },
  {
    name: 'non-UTF-8 bytes',
    encoding: 'latin1',
    files: { 'schemas/a.yaml': 'tables:\n  users:\n    comment: caf\u00e9\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 3, column: 17, message: 'the file is not valid UTF-8 (byte 0xe9 at offset 33); save it as UTF-8' },
    ],
  },
  {
    name: 'empty file',
    files: { 'schemas/a.yaml': '' },
    expected: [
      { file: 'schemas/a.yaml', line: 1, column: 1, message: 'the file is empty: expected a map such as "tables:"' },
    ],
  },
  {
    name: 'comments only',
    files: { 'schemas/a.yaml': '# nothing here yet\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 1, column: 1, message: 'the file is empty: expected a map such as "tables:"' },
    ],
  },
  {
    name: 'no tables key',
    files: { 'schemas/a.yaml': 'enums:\n  mood: [happy, sad]\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 1, column: 1, message: 'missing required property "tables"' },
    ],
  },
  {
    name: 'tables with no value',
    files: { 'schemas/a.yaml': 'tables:\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 1, column: 8, message: 'tables must be a map, got nothing' },
    ],
  },
  {
    name: 'top level is a list',
    files: { 'schemas/a.yaml': '- users\n- posts\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 1, column: 1, message: 'the file must be a map, got a list' },
    ],
  },
  {
    name: 'unknown top-level key',
    files: { 'schemas/a.yaml': `${USERS}tabels: {}\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 5, column: 1, message: 'unknown property "tabels" (did you mean "tables"?)' },
    ],
  },
  {
    name: 'unknown table key',
    files: { 'schemas/a.yaml': 'tables:\n  users:\n    colums:\n      email: text\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 3, column: 5, message: 'table "users": unknown property "colums" (did you mean "columns"?)' },
    ],
  },
  {
    name: 'unknown column option',
    files: { 'schemas/a.yaml': 'tables:\n  users:\n    columns:\n      email: { type: string, lenght: 320 }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 30, message: 'column "users.email": unknown property "lenght" (did you mean "length"?)' },
    ],
  },
  {
    name: 'unknown type (object form)',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      author_id: { type: strng }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 26, message: 'column "posts.author_id": type "strng" is not one of string, text' },
    ],
  },
  {
    name: 'unknown type (shorthand)',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      body: txt\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 13, message: 'column "posts.body": type "txt" is not one of string, text' },
    ],
  },
  {
    name: 'column without a value',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      body:\n      title: text\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 12, message: 'column "posts.body": must be a string or a map, got nothing' },
    ],
  },
  {
    name: 'nullable is not a boolean',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      body: { type: text, nullable: "yes" }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 37, message: 'column "posts.body": nullable must be a boolean (true or false), got a string ("yes")' },
    ],
  },
  {
    name: 'bad onDelete value',
    files: { 'schemas/a.yaml': `${USERS}  posts:\n    relations:\n      author: { belongsTo: users, onDelete: remove }\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 7, column: 45, message: 'relation "posts.author": onDelete "remove" is not one of cascade, restrict, set null, set' },
    ],
  },
  {
    name: 'index with both columns and expression',
    files: { 'schemas/a.yaml': `${USERS}    indexes:\n      - { columns: [email], expression: "lower(email)" }\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 6, column: 9, message: 'table "users": indexes[0]: an index takes exactly one of "columns" and "expression"' },
    ],
  },
  {
    name: 'index with neither columns nor expression',
    files: { 'schemas/a.yaml': `${USERS}    indexes:\n      - { name: users_idx, unique: true }\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 6, column: 9, message: 'table "users": indexes[0]: an index takes exactly one of "columns" and "expression"' },
    ],
  },
  {
    name: 'unknown default expression',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      at: { type: timestamp, default: { expr: today } }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 47, message: 'column "posts.at": default.expr "today" is not one of now, current_date, uuid' },
    ],
  },
  {
    name: 'length on integer',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      views: { type: integer, length: 10 }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 31, message: 'column "posts.views": length does not apply to type integer; it is for string' },
    ],
  },
  {
    name: 'autoincrement on text',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      code: { type: text, primaryKey: true, autoincrement: true }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 45, message: 'column "posts.code": autoincrement does not apply to type text; only integer types' },
    ],
  },
  {
    name: 'identity options without autoincrement',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      seq: { type: integer, identity: always }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 29, message: 'column "posts.seq": identity applies to autoincrement columns only' },
    ],
  },
  {
    name: 'identity and sequence together',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      seq: { type: integer, autoincrement: true, identity: always, sequence: posts_seq }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 50, message: 'column "posts.seq": a serial column (sequence) is not an identity' },
    ],
  },
  {
    name: 'primaryKey: false and a key column',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    primaryKey: false\n    columns:\n      slug: { type: text, primaryKey: true }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 3, column: 5, message: 'table "posts": the primary key is declared twice, by primaryKey: true on slug and by primaryKey: false' },
    ],
  },
  {
    name: 'a generated column with a default',
    files: { 'schemas/a.yaml': 'tables:\n  items:\n    columns:\n      qty: integer\n      double: { type: integer, default: 0, generated: { expression: "qty * 2" } }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 5, column: 32, message: 'column "items.double": a generated column computes its value and takes no default; remove default or generated' },
    ],
  },
  {
    name: 'enum type without values',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      state: { type: enum }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 22, message: 'column "posts.state": type enum needs values: [...] or enum: NAME of a top-level enum' },
    ],
  },
  {
    name: 'unknown enum name',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      state: { type: enum, enum: post_state }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 34, message: 'column "posts.state": enum "post_state" is not defined; add it under enums:' },
    ],
  },
  {
    name: 'enum with no values and a duplicate value',
    files: { 'schemas/a.yaml': 'tables: {}\nenums:\n  mood: []\n  color: [red, green, red]\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 3, column: 9, message: 'enum "mood": has no values' },
      { file: 'schemas/a.yaml', line: 4, column: 23, message: 'enum "color": value "red" is listed twice' },
    ],
  },
  {
    name: 'relation to a missing table',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    relations:\n      author: { belongsTo: user }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 28, message: 'relation "posts.author": belongsTo table "user", which is not defined' },
    ],
  },
  {
    name: 'references to a missing column',
    files: { 'schemas/a.yaml': `${USERS}  posts:\n    columns:\n      author_email: { type: string, length: 320, references: users.mail }\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 7, column: 62, message: 'foreign key "posts_author_email_fkey": column "mail" is not a column of table "users"' },
    ],
  },
  {
    name: 'references to a missing table',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      author_id: { type: bigint, references: { table: people, column: id } }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 55, message: 'column "posts.author_id": references table "people", which is not defined' },
    ],
  },
  {
    name: 'manyToMany to a missing table',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    relations:\n      tags: { manyToMany: tag }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 27, message: 'relation "posts.tags": manyToMany table "tag", which is not defined' },
    ],
  },
  {
    name: 'foreign key type mismatch',
    files: { 'schemas/a.yaml': `${USERS}  posts:\n    columns:\n      author_id: { type: integer, references: users.id }\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 7, column: 47, message: 'foreign key "posts_author_id_fkey": column "posts.author_id" is integer but it references' },
    ],
  },
  {
    name: 'foreign key to a column that is not unique',
    files: { 'schemas/a.yaml': `${USERS}  posts:\n    columns:\n      author_email: { type: string, length: 320, references: users.email }\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 7, column: 62, message: 'foreign key "posts_author_email_fkey": "users"(email) is neither its primary key nor' },
    ],
  },
  {
    name: 'duplicate column via relation',
    files: { 'schemas/a.yaml': `${USERS}  posts:\n    columns:\n      author_id: bigint\n    relations:\n      author: { belongsTo: users }\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 9, column: 7, message: 'column "posts.author_id": relation "author" adds this column, which is already declared;' },
    ],
  },
  {
    name: 'table defined in two files',
    files: { 'schemas/a.yaml': USERS, 'schemas/b.yaml': `# again\n${USERS}` },
    expected: [
      { file: 'schemas/b.yaml', line: 3, column: 3, message: 'table "users": defined in both schemas/a.yaml and schemas/b.yaml; a table is defined in' },
    ],
  },
  {
    name: 'default string on integer',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      views: { type: integer, default: "zero" }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 40, message: 'column "posts.views": default "zero" does not fit type integer: expected an integer' },
    ],
  },
  {
    name: 'default maybe on boolean',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      published: { type: boolean, default: maybe }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 44, message: 'column "posts.published": default "maybe" does not fit type boolean: expected true or' },
    ],
  },
  {
    name: 'default not in the enum',
    files: { 'schemas/a.yaml': 'tables:\n  users:\n    columns:\n      role: { type: enum, values: [admin, reader], default: owner }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 61, message: 'column "users.role": default "owner" does not fit type enum users_role: not one of admin,' },
    ],
  },
  {
    name: 'malformed uuid default',
    files: { 'schemas/a.yaml': 'tables:\n  keys:\n    columns:\n      token: { type: uuid, default: 123e4567-e89b-12d3-a456 }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 37, message: 'column "keys.token": default "123e4567-e89b-12d3-a456" does not fit type uuid: expected a' },
    ],
  },
  {
    name: 'impossible date default',
    files: { 'schemas/a.yaml': 'tables:\n  events:\n    columns:\n      day: { type: date, default: 2023-02-30 }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 35, message: 'column "events.day": default "2023-02-30" does not fit type date: expected a date' },
    ],
  },
  {
    name: 'non-numeric decimal default',
    files: { 'schemas/a.yaml': 'tables:\n  items:\n    columns:\n      price: { type: decimal, precision: 10, scale: 2, default: cheap }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 65, message: 'column "items.price": default "cheap" does not fit type decimal(10,2): expected a number' },
    ],
  },
  {
    name: 'table name of 64 bytes',
    files: { 'schemas/a.yaml': `tables:\n  ${'t'.repeat(64)}:\n    columns:\n      name: text\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 2, column: 3, message: 'table "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt": the name is 64' },
    ],
  },
  {
    name: 'empty column name',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      "": text\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 7, message: 'column "posts.": the name is empty' },
    ],
  },
  {
    name: 'duplicate index name',
    files: { 'schemas/a.yaml': `${USERS}    indexes:\n      - { name: users_email_idx, columns: [email] }\n      - { name: users_email_idx, expression: "lower(email)" }\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 7, column: 17, message: 'index "users_email_idx": the name is already used by the index on table "users"' },
    ],
  },
  {
    name: 'index name equal to a table name',
    files: { 'schemas/a.yaml': `${USERS}    indexes:\n      - { name: users, columns: [email] }\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 6, column: 17, message: 'index "users": the name is already used by table "users"' },
    ],
  },
  {
    name: 'unique over a missing column',
    files: { 'schemas/a.yaml': `${USERS}    unique:\n      - [email, handle]\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 6, column: 17, message: 'unique constraint "users_email_handle_key": column "handle" is not a column of table' },
    ],
  },
  {
    name: 'index over a missing column',
    files: { 'schemas/a.yaml': `${USERS}    indexes:\n      - columns: [emial]\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 6, column: 19, message: 'index "users_emial_idx": column "emial" is not a column of table "users"' },
    ],
  },
  {
    name: 'primary key over a missing column',
    files: { 'schemas/a.yaml': 'tables:\n  memberships:\n    columns:\n      user_id: bigint\n    primaryKey: [user_id, group_id]\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 5, column: 27, message: 'primary key "memberships_pkey": column "group_id" is not a column of table "memberships"' },
    ],
  },
  {
    name: 'renamedFrom a table that still exists',
    files: { 'schemas/a.yaml': `${USERS}  people:\n    renamedFrom: users\n    columns:\n      name: text\n` },
    expected: [
      { file: 'schemas/a.yaml', line: 6, column: 18, message: 'table "people": renamedFrom "users", but table "users" is still defined; remove one of' },
    ],
  },
  {
    name: 'renamedFrom a column that still exists',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      title: text\n      headline: { type: text, renamedFrom: title }\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 5, column: 44, message: 'column "posts.headline": renamedFrom "title", but column "posts.title" is still defined;' },
    ],
  },
  {
    name: 'implicit id clashes with a column id',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns:\n      id: uuid\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 4, column: 7, message: 'table "posts": no primary key, and the implicit "id" primary key would clash with column' },
    ],
  },
  {
    name: 'alias without anchor',
    files: { 'schemas/a.yaml': 'tables:\n  posts:\n    columns: *cols\n' },
    expected: [
      { file: 'schemas/a.yaml', line: 3, column: 14, message: 'alias "*cols" has no anchor "&cols" before it' },
    ],
  },
  {
    name: 'several errors in two files',
    files: {
      'schemas/blog.yaml':
        'tables:\n  posts:\n    columns:\n      title: { type: string, length: 200, default: 7 }\n    relations:\n      author: { belongsTo: people }\n',
      'schemas/accounts.yaml':
        'tables:\n  users:\n    columns:\n      age: { type: smallint, default: 70000 }\n      role: { type: enum, enum: roles }\n',
    },
    expected: [
      { file: 'schemas/accounts.yaml', line: 4, column: 39, message: 'column "users.age": default 70000 does not fit type smallint: out of range (-32768 to' },
      { file: 'schemas/accounts.yaml', line: 5, column: 33, message: 'column "users.role": enum "roles" is not defined; add it under enums:' },
      { file: 'schemas/blog.yaml', line: 4, column: 52, message: 'column "posts.title": default 7 does not fit type string(200): expected a string (quote' },
      { file: 'schemas/blog.yaml', line: 6, column: 28, message: 'relation "posts.author": belongsTo table "people", which is not defined' },
    ],
  },
]
