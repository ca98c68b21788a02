/**
 * The exact SQLite statements of every shared case: compile(up, before) and
 * the down operations, each compiled against the schema just before it.
 * Typed Record<CaseName, …>: a case without an expectation does not compile.
 */
import type { CaseName } from '../cases'
import type { Refused } from '../mysql/expected-sql'

/** The uuid default: a random version 4 UUID from randomblob. */
const UUID =
  "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)" +
  " || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"
/** The now default: ISO 8601 UTC text with milliseconds. */
const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

export const SQLITE_SQL: Record<CaseName, { up: string[]; down: string[] } | Refused> = {
  createTable: {
    up: [
      `CREATE TABLE "tags" ("id" INTEGER NOT NULL CONSTRAINT "tags_pkey" PRIMARY KEY, "name" VARCHAR(50) NOT NULL, CONSTRAINT "tags_name_key" UNIQUE ("name"))`,
    ],
    down: [
      `DROP TABLE "tags"`,
    ],
  },
  createTableAllTypes: {
    up: [
      `CREATE TABLE "everything" ("id" INTEGER /* strata:{"type":{"autoincrement":true,"type":"integer"}} */ NOT NULL CONSTRAINT "everything_pkey" PRIMARY KEY, "a_string" VARCHAR(20) NOT NULL DEFAULT 'it''s', "a_string_nolength" VARCHAR, "a_text" TEXT NOT NULL DEFAULT 'back\\slash', "a_smallint" SMALLINT NOT NULL DEFAULT -3, "an_integer" INTEGER, "a_bigint" BIGINT NOT NULL DEFAULT 9007199254740991, "a_boolean" BOOLEAN NOT NULL DEFAULT 1, "a_float" REAL NOT NULL DEFAULT 1.5, "a_double" DOUBLE, "a_decimal" DECIMAL(10,2) NOT NULL DEFAULT 12.5, "a_date" TEXT /* strata:{"type":{"type":"date"}} */ NOT NULL DEFAULT (date('now')), "a_time" TEXT /* strata:{"type":{"type":"time"}} */, "a_timestamp" TEXT /* strata:{"type":{"type":"timestamp"}} */, "a_timestamptz" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), "a_uuid" TEXT /* strata:{"type":{"type":"uuid"}} */ NOT NULL DEFAULT (${UUID}), "a_json" TEXT /* strata:{"type":{"type":"json"}} */, "a_binary" BLOB, "an_enum" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'editor' CHECK ("an_enum" IN ('admin', 'editor', 'reader')), "a_native" TEXT /* strata:{"type":{"native":{"mysql":"mediumtext","postgres":"tsvector","sqlite":"TEXT"},"type":"native"}} */, "owner_id" BIGINT, CONSTRAINT "everything_a_string_a_smallint_key" UNIQUE ("a_string", "a_smallint"), CONSTRAINT "everything_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE, CONSTRAINT "everything_a_smallint_check" CHECK (a_smallint < 100))`,
      `CREATE INDEX "everything_a_date_idx" ON "everything" ("a_date", "a_time")`,
      `CREATE UNIQUE INDEX "everything_lower_a_text_idx" ON "everything" (lower(a_text)) WHERE a_boolean`,
    ],
    down: [
      `DROP TABLE "everything"`,
    ],
  },
  dropTable: {
    up: [
      `DROP TABLE "tags"`,
    ],
    down: [
      `CREATE TABLE "tags" ("id" INTEGER NOT NULL CONSTRAINT "tags_pkey" PRIMARY KEY, "name" VARCHAR(50) NOT NULL, CONSTRAINT "tags_name_key" UNIQUE ("name"))`,
    ],
  },
  renameTable: {
    up: [
      `ALTER TABLE "users" RENAME TO "accounts"`,
    ],
    down: [
      `ALTER TABLE "accounts" RENAME TO "users"`,
    ],
  },
  renameTableWithNames: {
    up: [
      `ALTER TABLE "users" RENAME TO "accounts"`,
      `DROP INDEX "users_display_name_idx"`,
      `CREATE INDEX "accounts_display_name_idx" ON "accounts" ("display_name")`,
    ],
    down: [
      `ALTER TABLE "accounts" RENAME TO "users"`,
      `DROP INDEX "accounts_display_name_idx"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
  },
  renameTableWithForeignKey: {
    up: [
      `ALTER TABLE "posts" RENAME TO "articles"`,
      `DROP INDEX "posts_author_id_idx"`,
      `CREATE INDEX "articles_author_id_idx" ON "articles" ("author_id")`,
    ],
    down: [
      `ALTER TABLE "articles" RENAME TO "posts"`,
      `DROP INDEX "articles_author_id_idx"`,
      `CREATE INDEX "posts_author_id_idx" ON "posts" ("author_id")`,
    ],
  },
  addColumn: {
    up: [
      `ALTER TABLE "users" ADD COLUMN "nickname" VARCHAR(40)`,
    ],
    down: [
      `ALTER TABLE "users" DROP COLUMN "nickname"`,
    ],
  },
  addColumnDefault: {
    up: [
      `ALTER TABLE "users" ADD COLUMN "active" BOOLEAN NOT NULL DEFAULT 1`,
    ],
    down: [
      `ALTER TABLE "users" DROP COLUMN "active"`,
    ],
  },
  addColumnNotNullFill: {
    up: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), "score" INTEGER NOT NULL, CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at", "score") SELECT "id", "email", "display_name", "bio", "role", "created_at", 7 FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
    down: [
      `ALTER TABLE "users" DROP COLUMN "score"`,
    ],
  },
  dropColumn: {
    up: [
      `ALTER TABLE "users" DROP COLUMN "bio"`,
    ],
    down: [
      `ALTER TABLE "users" ADD COLUMN "bio" TEXT`,
    ],
  },
  dropColumnEnum: {
    up: [
      `ALTER TABLE "users" DROP COLUMN "role"`,
    ],
    down: [
      `ALTER TABLE "users" ADD COLUMN "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader'))`,
    ],
  },
  renameColumn: {
    up: [
      `ALTER TABLE "users" RENAME COLUMN "display_name" TO "full_name"`,
    ],
    down: [
      `ALTER TABLE "users" RENAME COLUMN "full_name" TO "display_name"`,
    ],
  },
  renameColumnReferenced: {
    up: [
      `ALTER TABLE "users" RENAME COLUMN "id" TO "uid"`,
    ],
    down: [
      `ALTER TABLE "users" RENAME COLUMN "uid" TO "id"`,
    ],
  },
  alterColumnWiden: {
    up: [
      `CREATE TABLE "_strata_new_tags" ("id" INTEGER NOT NULL CONSTRAINT "tags_pkey" PRIMARY KEY, "name" VARCHAR(200) NOT NULL, CONSTRAINT "tags_name_key" UNIQUE ("name"))`,
      `INSERT INTO "_strata_new_tags" ("id", "name") SELECT "id", "name" FROM "tags"`,
      `DROP TABLE "tags"`,
      `ALTER TABLE "_strata_new_tags" RENAME TO "tags"`,
    ],
    down: [
      `CREATE TABLE "_strata_new_tags" ("id" INTEGER NOT NULL CONSTRAINT "tags_pkey" PRIMARY KEY, "name" VARCHAR(50) NOT NULL, CONSTRAINT "tags_name_key" UNIQUE ("name"))`,
      `INSERT INTO "_strata_new_tags" ("id", "name") SELECT "id", "name" FROM "tags"`,
      `DROP TABLE "tags"`,
      `ALTER TABLE "_strata_new_tags" RENAME TO "tags"`,
    ],
  },
  alterColumnType: {
    up: [
      `CREATE TABLE "_strata_new_posts" ("id" TEXT /* strata:{"type":{"type":"uuid"}} */ NOT NULL DEFAULT (${UUID}), "author_id" BIGINT NOT NULL, "title" VARCHAR(200) NOT NULL, "body" TEXT NOT NULL, "published" BOOLEAN NOT NULL DEFAULT 0, "views" BIGINT NOT NULL DEFAULT 0, CONSTRAINT "posts_pkey" PRIMARY KEY ("id"), CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE)`,
      `INSERT INTO "_strata_new_posts" ("id", "author_id", "title", "body", "published", "views") SELECT "id", "author_id", "title", "body", "published", "views" FROM "posts"`,
      `DROP TABLE "posts"`,
      `ALTER TABLE "_strata_new_posts" RENAME TO "posts"`,
      `CREATE INDEX "posts_author_id_idx" ON "posts" ("author_id")`,
    ],
    down: [
      `CREATE TABLE "_strata_new_posts" ("id" TEXT /* strata:{"type":{"type":"uuid"}} */ NOT NULL DEFAULT (${UUID}), "author_id" BIGINT NOT NULL, "title" VARCHAR(200) NOT NULL, "body" TEXT NOT NULL, "published" BOOLEAN NOT NULL DEFAULT 0, "views" INTEGER NOT NULL DEFAULT 0, CONSTRAINT "posts_pkey" PRIMARY KEY ("id"), CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE)`,
      `INSERT INTO "_strata_new_posts" ("id", "author_id", "title", "body", "published", "views") SELECT "id", "author_id", "title", "body", "published", "views" FROM "posts"`,
      `DROP TABLE "posts"`,
      `ALTER TABLE "_strata_new_posts" RENAME TO "posts"`,
      `CREATE INDEX "posts_author_id_idx" ON "posts" ("author_id")`,
    ],
  },
  alterColumnNotNull: {
    up: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT NOT NULL, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", COALESCE("bio", 'none'), "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
    down: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
  },
  alterColumnSetDefault: {
    up: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL DEFAULT 'anonymous', "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
    down: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
  },
  alterColumnDropDefault: {
    up: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
    down: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
  },
  addIndex: {
    up: [
      `CREATE INDEX "users_created_at_idx" ON "users" ("created_at") WHERE role = 'admin'`,
    ],
    down: [
      `DROP INDEX "users_created_at_idx"`,
    ],
  },
  addIndexExpression: {
    up: [
      `CREATE UNIQUE INDEX "users_email_lower_key" ON "users" (lower(email))`,
    ],
    down: [
      `DROP INDEX "users_email_lower_key"`,
    ],
  },
  dropIndex: {
    up: [
      `DROP INDEX "users_display_name_idx"`,
    ],
    down: [
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
  },
  addUnique: {
    up: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_display_name_key" UNIQUE ("display_name"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
    down: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
  },
  dropUnique: {
    up: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
    down: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
  },
  addForeignKey: {
    up: [
      `CREATE TABLE "_strata_new_posts" ("id" TEXT /* strata:{"type":{"type":"uuid"}} */ NOT NULL DEFAULT (${UUID}), "author_id" BIGINT NOT NULL, "title" VARCHAR(200) NOT NULL, "body" TEXT NOT NULL, "published" BOOLEAN NOT NULL DEFAULT 0, "views" INTEGER NOT NULL DEFAULT 0, CONSTRAINT "posts_pkey" PRIMARY KEY ("id"), CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE)`,
      `INSERT INTO "_strata_new_posts" ("id", "author_id", "title", "body", "published", "views") SELECT "id", "author_id", "title", "body", "published", "views" FROM "posts"`,
      `DROP TABLE "posts"`,
      `ALTER TABLE "_strata_new_posts" RENAME TO "posts"`,
      `CREATE INDEX "posts_author_id_idx" ON "posts" ("author_id")`,
    ],
    down: [
      `CREATE TABLE "_strata_new_posts" ("id" TEXT /* strata:{"type":{"type":"uuid"}} */ NOT NULL DEFAULT (${UUID}), "author_id" BIGINT NOT NULL, "title" VARCHAR(200) NOT NULL, "body" TEXT NOT NULL, "published" BOOLEAN NOT NULL DEFAULT 0, "views" INTEGER NOT NULL DEFAULT 0, CONSTRAINT "posts_pkey" PRIMARY KEY ("id"))`,
      `INSERT INTO "_strata_new_posts" ("id", "author_id", "title", "body", "published", "views") SELECT "id", "author_id", "title", "body", "published", "views" FROM "posts"`,
      `DROP TABLE "posts"`,
      `ALTER TABLE "_strata_new_posts" RENAME TO "posts"`,
      `CREATE INDEX "posts_author_id_idx" ON "posts" ("author_id")`,
    ],
  },
  dropForeignKey: {
    up: [
      `CREATE TABLE "_strata_new_posts" ("id" TEXT /* strata:{"type":{"type":"uuid"}} */ NOT NULL DEFAULT (${UUID}), "author_id" BIGINT NOT NULL, "title" VARCHAR(200) NOT NULL, "body" TEXT NOT NULL, "published" BOOLEAN NOT NULL DEFAULT 0, "views" INTEGER NOT NULL DEFAULT 0, CONSTRAINT "posts_pkey" PRIMARY KEY ("id"))`,
      `INSERT INTO "_strata_new_posts" ("id", "author_id", "title", "body", "published", "views") SELECT "id", "author_id", "title", "body", "published", "views" FROM "posts"`,
      `DROP TABLE "posts"`,
      `ALTER TABLE "_strata_new_posts" RENAME TO "posts"`,
      `CREATE INDEX "posts_author_id_idx" ON "posts" ("author_id")`,
    ],
    down: [
      `CREATE TABLE "_strata_new_posts" ("id" TEXT /* strata:{"type":{"type":"uuid"}} */ NOT NULL DEFAULT (${UUID}), "author_id" BIGINT NOT NULL, "title" VARCHAR(200) NOT NULL, "body" TEXT NOT NULL, "published" BOOLEAN NOT NULL DEFAULT 0, "views" INTEGER NOT NULL DEFAULT 0, CONSTRAINT "posts_pkey" PRIMARY KEY ("id"), CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE)`,
      `INSERT INTO "_strata_new_posts" ("id", "author_id", "title", "body", "published", "views") SELECT "id", "author_id", "title", "body", "published", "views" FROM "posts"`,
      `DROP TABLE "posts"`,
      `ALTER TABLE "_strata_new_posts" RENAME TO "posts"`,
      `CREATE INDEX "posts_author_id_idx" ON "posts" ("author_id")`,
    ],
  },
  addCheck: {
    up: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'), CONSTRAINT "users_display_name_check" CHECK (display_name <> ''))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
    down: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
  },
  dropCheck: {
    up: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
    down: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
  },
  addExclusion: { refused: /EXCLUDE constraint "bookings_during_excl" on "bookings": SQLite has no EXCLUDE constraints/ },
  dropExclusion: { refused: /EXCLUDE constraint "bookings_during_excl" on "bookings": SQLite has no EXCLUDE constraints/ },
  addPartition: { refused: /table "readings": SQLite has no declarative partitioning strata manages \(partitionBy and partitions: are PostgreSQL only\)/ },
  dropPartition: { refused: /table "readings": SQLite has no declarative partitioning/ },
  alterPartition: { refused: /table "readings": SQLite has no declarative partitioning/ },
  alterConstraint: {
    up: [
      `CREATE TABLE "_strata_new_posts" ("id" TEXT /* strata:{"type":{"type":"uuid"}} */ NOT NULL DEFAULT (${UUID}), "author_id" BIGINT NOT NULL, "title" VARCHAR(200) NOT NULL, "body" TEXT NOT NULL, "published" BOOLEAN NOT NULL DEFAULT 0, "views" INTEGER NOT NULL DEFAULT 0, CONSTRAINT "posts_pkey" PRIMARY KEY ("id"), CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED)`,
      `INSERT INTO "_strata_new_posts" ("id", "author_id", "title", "body", "published", "views") SELECT "id", "author_id", "title", "body", "published", "views" FROM "posts"`,
      `DROP TABLE "posts"`,
      `ALTER TABLE "_strata_new_posts" RENAME TO "posts"`,
      `CREATE INDEX "posts_author_id_idx" ON "posts" ("author_id")`,
    ],
    down: [
      `CREATE TABLE "_strata_new_posts" ("id" TEXT /* strata:{"type":{"type":"uuid"}} */ NOT NULL DEFAULT (${UUID}), "author_id" BIGINT NOT NULL, "title" VARCHAR(200) NOT NULL, "body" TEXT NOT NULL, "published" BOOLEAN NOT NULL DEFAULT 0, "views" INTEGER NOT NULL DEFAULT 0, CONSTRAINT "posts_pkey" PRIMARY KEY ("id"), CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE)`,
      `INSERT INTO "_strata_new_posts" ("id", "author_id", "title", "body", "published", "views") SELECT "id", "author_id", "title", "body", "published", "views" FROM "posts"`,
      `DROP TABLE "posts"`,
      `ALTER TABLE "_strata_new_posts" RENAME TO "posts"`,
      `CREATE INDEX "posts_author_id_idx" ON "posts" ("author_id")`,
    ],
  },
  alterPrimaryKey: {
    up: [
      `CREATE TABLE "_strata_new_memberships" ("user_id" BIGINT NOT NULL, "group_name" VARCHAR(50) NOT NULL, "note" TEXT, CONSTRAINT "memberships_pkey" PRIMARY KEY ("user_id", "group_name"))`,
      `INSERT INTO "_strata_new_memberships" ("user_id", "group_name", "note") SELECT "user_id", "group_name", "note" FROM "memberships"`,
      `DROP TABLE "memberships"`,
      `ALTER TABLE "_strata_new_memberships" RENAME TO "memberships"`,
    ],
    down: [
      `CREATE TABLE "_strata_new_memberships" ("user_id" BIGINT NOT NULL, "group_name" VARCHAR(50) NOT NULL, "note" TEXT, CONSTRAINT "memberships_pkey" PRIMARY KEY ("user_id"))`,
      `INSERT INTO "_strata_new_memberships" ("user_id", "group_name", "note") SELECT "user_id", "group_name", "note" FROM "memberships"`,
      `DROP TABLE "memberships"`,
      `ALTER TABLE "_strata_new_memberships" RENAME TO "memberships"`,
    ],
  },
  createEnum: {
    up: [],
    down: [],
  },
  alterEnumAdd: {
    up: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader', 'guest')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
    down: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
  },
  alterEnumRemove: {
    up: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
    down: [
      `CREATE TABLE "_strata_new_users" ("id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY, "email" VARCHAR(320) NOT NULL, "display_name" VARCHAR NOT NULL, "bio" TEXT, "role" TEXT /* strata:{"type":{"enum":"users_role","type":"enum"}} */ NOT NULL DEFAULT 'reader' CHECK ("role" IN ('admin', 'editor', 'reader')), "created_at" TEXT /* strata:{"type":{"timezone":true,"type":"timestamp"}} */ NOT NULL DEFAULT (${NOW}), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_has_at" CHECK (email LIKE '%@%'))`,
      `INSERT INTO "_strata_new_users" ("id", "email", "display_name", "bio", "role", "created_at") SELECT "id", "email", "display_name", "bio", "role", "created_at" FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "_strata_new_users" RENAME TO "users"`,
      `CREATE INDEX "users_display_name_idx" ON "users" ("display_name")`,
    ],
  },
  dropEnum: {
    up: [],
    down: [],
  },
  setComment: {
    up: [],
    down: [],
  },
  setCommentColumn: {
    up: [],
    down: [],
  },
  createView: {
    up: [`CREATE VIEW "admins" AS SELECT id, email FROM users WHERE role = 'admin'`],
    down: [`DROP VIEW "admins"`],
  },
  dropView: {
    up: [`DROP VIEW "admins"`],
    down: [`CREATE VIEW "admins" AS SELECT id, email FROM users WHERE role = 'admin'`],
  },
  createTrigger: {
    up: [
      `CREATE TRIGGER "users_bio_touch" BEFORE UPDATE OF "bio" ON "users" FOR EACH ROW\nWHEN NEW.bio IS NOT NULL\nBEGIN\nUPDATE "users" SET "display_name" = "display_name" || '!' WHERE "id" = NEW."id";\nEND`,
    ],
    down: [`DROP TRIGGER "users_bio_touch"`],
  },
  dropTrigger: {
    up: [`DROP TRIGGER "users_bio_touch"`],
    down: [
      `CREATE TRIGGER "users_bio_touch" BEFORE UPDATE OF "bio" ON "users" FOR EACH ROW\nWHEN NEW.bio IS NOT NULL\nBEGIN\nUPDATE "users" SET "display_name" = "display_name" || '!' WHERE "id" = NEW."id";\nEND`,
    ],
  },
  createTriggerNamed: {
    up: [`CREATE TRIGGER "touch" BEFORE INSERT ON "users" FOR EACH ROW\nBEGIN\nSELECT 1;\nEND`],
    down: [`DROP TRIGGER "touch"`],
  },
  createFunction: { refused: /function "email_domain": SQLite has no stored functions strata manages/ },
  dropFunction: { refused: /function "email_domain": SQLite has no stored functions strata manages/ },
  replaceFunction: { refused: /function "email_domain": SQLite has no stored functions strata manages/ },
  createPolicy: { refused: /policy "admin_rows" on "users": SQLite has no row-level security/ },
  dropPolicy: { refused: /policy "admin_rows" on "users": SQLite has no row-level security/ },
  alterPolicy: { refused: /policy "admin_rows" on "users": SQLite has no row-level security/ },
  setRowLevelSecurity: { refused: /table "users": SQLite has no row-level security/ },
  createSequence: { refused: /sequence "order_numbers": SQLite has no sequences strata manages/ },
  dropSequence: { refused: /sequence "order_numbers": SQLite has no sequences strata manages/ },
  alterSequence: { refused: /sequence "order_numbers": SQLite has no sequences strata manages/ },
  createSchema: { refused: /schema "ledger": SQLite has no schemas strata manages/ },
  dropSchema: { refused: /schema "archive": SQLite has no schemas strata manages/ },
  createExtension: { refused: /extension "citext": SQLite has no extensions strata manages/ },
  dropExtension: { refused: /extension "citext": SQLite has no extensions strata manages/ },
  alterExtension: { refused: /extension "citext": SQLite has no extensions strata manages/ },
  createDomain: { refused: /domain "email_address": SQLite has no domains strata manages/ },
  dropDomain: { refused: /domain "email_address": SQLite has no domains strata manages/ },
  alterDomain: { refused: /domain "email_address": SQLite has no domains strata manages/ },
  createType: { refused: /type "address": SQLite has no composite or range types strata manages/ },
  alterType: { refused: /type "address": SQLite has no composite or range types strata manages/ },
  dropType: { refused: /type "price_range": SQLite has no composite or range types strata manages/ },
  grant: { refused: /grant on table "users": SQLite has no grants strata manages/ },
  createSql: {
    up: ["CREATE VIEW raw_admins AS SELECT id FROM users WHERE role = 'admin'", "CREATE INDEX users_email_lower ON users (lower(email))"],
    down: ["DROP INDEX users_email_lower", "DROP VIEW raw_admins"],
  },
  dropSql: {
    up: ["DROP INDEX users_email_lower", "DROP VIEW raw_admins"],
    down: ["CREATE VIEW raw_admins AS SELECT id FROM users WHERE role = 'admin'", "CREATE INDEX users_email_lower ON users (lower(email))"],
  },
  revoke: { refused: /grant on table "users": SQLite has no grants strata manages/ },
  setTableOptions: {
    up: [
      `CREATE TABLE "_strata_new_memberships" ("user_id" INT /* strata:{"type":{"type":"bigint"}} */ NOT NULL, "group_name" TEXT /* strata:{"type":{"length":50,"type":"string"}} */ NOT NULL, "note" TEXT, CONSTRAINT "memberships_pkey" PRIMARY KEY ("user_id")) STRICT, WITHOUT ROWID`,
      `INSERT INTO "_strata_new_memberships" ("user_id", "group_name", "note") SELECT "user_id", "group_name", "note" FROM "memberships"`,
      `DROP TABLE "memberships"`,
      `ALTER TABLE "_strata_new_memberships" RENAME TO "memberships"`,
    ],
    down: [
      `CREATE TABLE "_strata_new_memberships" ("user_id" BIGINT NOT NULL, "group_name" VARCHAR(50) NOT NULL, "note" TEXT, CONSTRAINT "memberships_pkey" PRIMARY KEY ("user_id"))`,
      `INSERT INTO "_strata_new_memberships" ("user_id", "group_name", "note") SELECT "user_id", "group_name", "note" FROM "memberships"`,
      `DROP TABLE "memberships"`,
      `ALTER TABLE "_strata_new_memberships" RENAME TO "memberships"`,
    ],
  },
  insert: {
    up: [
      `INSERT INTO "users" ("id", "email", "display_name", "bio", "role") VALUES (?, ?, ?, ?, ?)`,
    ],
    down: [
      `DELETE FROM "users" WHERE "id" = ?`,
    ],
  },
  update: {
    up: [
      `UPDATE "users" SET "display_name" = ?, "bio" = ? WHERE "id" = ? AND "bio" IS NULL`,
    ],
    down: [
      `UPDATE "users" SET "display_name" = ?, "bio" = ? WHERE "id" = ?`,
    ],
  },
  delete: {
    up: [
      `DELETE FROM "posts" WHERE "published" = ?`,
    ],
    down: [
      `INSERT INTO "posts" ("id", "author_id", "title", "body", "published", "views") VALUES (?, ?, ?, ?, ?, ?)`,
    ],
  },
  sql: {
    up: [
      `UPDATE "users" SET "bio" = 'raw' WHERE "id" = 1`,
    ],
    down: [
      `UPDATE "users" SET "bio" = NULL WHERE "id" = 1`,
    ],
  },
}

/** The cases SQLite refuses (PostgreSQL-only objects), by name. */
export const SQLITE_REFUSED: Partial<Record<CaseName, RegExp>> = Object.fromEntries(
  Object.entries(SQLITE_SQL).flatMap(([name, e]) => ('refused' in e ? [[name, e.refused]] : [])),
)
