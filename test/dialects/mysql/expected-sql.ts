/**
 * The MySQL / MariaDB statements of every shared case (test/dialects/cases.ts):
 * `up` is compile(case.up, case.before); `down` the statements of the case's
 * down operations, each compiled against the schema just before it. A case
 * MySQL cannot run is `{ refused }`: the compiler must throw that message.
 * Typed Record<CaseName, …>: a new case without its MySQL SQL does not compile.
 */
import type { CaseName } from '../cases'

/** The compiler refuses the case's operation with this message. */
export interface Refused {
  readonly refused: RegExp
}

export const MYSQL_SQL: Record<CaseName, { up: string[]; down: string[] } | Refused> = {
  createTable: {
    up: [
      `CREATE TABLE \`tags\` (
  \`id\` bigint NOT NULL AUTO_INCREMENT,
  \`name\` varchar(50) NOT NULL,
  PRIMARY KEY (\`id\`),
  CONSTRAINT \`tags_name_key\` UNIQUE (\`name\`)
)`,
    ],
    down: ["DROP TABLE `tags`"],
  },
  createTableAllTypes: { refused: /index "everything_lower_a_text_idx" on "everything" is partial \(where: a_boolean\); MySQL and MariaDB have no partial indexes/ },
  dropTable: {
    up: ["DROP TABLE `tags`"],
    down: [
      `CREATE TABLE \`tags\` (
  \`id\` bigint NOT NULL AUTO_INCREMENT,
  \`name\` varchar(50) NOT NULL,
  PRIMARY KEY (\`id\`),
  CONSTRAINT \`tags_name_key\` UNIQUE (\`name\`)
)`,
    ],
  },
  renameTable: {
    up: [
      "RENAME TABLE `users` TO `accounts`",
    ],
    down: [
      "RENAME TABLE `accounts` TO `users`",
    ],
  },
  renameTableWithNames: {
    up: [
      "RENAME TABLE `users` TO `accounts`",
      "ALTER TABLE `accounts` RENAME INDEX `users_email_key` TO `accounts_email_key`",
      "ALTER TABLE `accounts` RENAME INDEX `users_display_name_idx` TO `accounts_display_name_idx`",
      "ALTER TABLE `accounts` DROP CONSTRAINT `users_email_has_at`",
      "ALTER TABLE `accounts` ADD CONSTRAINT `accounts_email_has_at` CHECK (email LIKE '%@%')",
    ],
    down: [
      "RENAME TABLE `accounts` TO `users`",
      "ALTER TABLE `users` RENAME INDEX `accounts_email_key` TO `users_email_key`",
      "ALTER TABLE `users` RENAME INDEX `accounts_display_name_idx` TO `users_display_name_idx`",
      "ALTER TABLE `users` DROP CONSTRAINT `accounts_email_has_at`",
      "ALTER TABLE `users` ADD CONSTRAINT `users_email_has_at` CHECK (email LIKE '%@%')",
    ],
  },
  renameTableWithForeignKey: {
    up: [
      "RENAME TABLE `posts` TO `articles`",
      "ALTER TABLE `articles` RENAME INDEX `posts_author_id_idx` TO `articles_author_id_idx`",
      "ALTER TABLE `articles` DROP FOREIGN KEY `posts_author_id_fkey`",
      "ALTER TABLE `articles` ADD CONSTRAINT `articles_author_id_fkey` FOREIGN KEY (`author_id`) REFERENCES `users` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION",
    ],
    down: [
      "RENAME TABLE `articles` TO `posts`",
      "ALTER TABLE `posts` RENAME INDEX `articles_author_id_idx` TO `posts_author_id_idx`",
      "ALTER TABLE `posts` DROP FOREIGN KEY `articles_author_id_fkey`",
      "ALTER TABLE `posts` ADD CONSTRAINT `posts_author_id_fkey` FOREIGN KEY (`author_id`) REFERENCES `users` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION",
    ],
  },
  addColumn: {
    up: ["ALTER TABLE `users` ADD COLUMN `nickname` varchar(40) NULL"],
    down: ["ALTER TABLE `users` DROP COLUMN `nickname`"],
  },
  addColumnDefault: {
    up: ["ALTER TABLE `users` ADD COLUMN `active` tinyint(1) NOT NULL DEFAULT 1"],
    down: ["ALTER TABLE `users` DROP COLUMN `active`"],
  },
  addColumnNotNullFill: {
    up: [
      "ALTER TABLE `users` ADD COLUMN `score` int NOT NULL DEFAULT 7",
      "ALTER TABLE `users` ALTER COLUMN `score` DROP DEFAULT",
    ],
    down: ["ALTER TABLE `users` DROP COLUMN `score`"],
  },
  dropColumn: {
    up: ["ALTER TABLE `users` DROP COLUMN `bio`"],
    down: ["ALTER TABLE `users` ADD COLUMN `bio` longtext NULL"],
  },
  dropColumnEnum: {
    up: ["ALTER TABLE `users` DROP COLUMN `role`"],
    down: [
      "ALTER TABLE `users` ADD COLUMN `role` ENUM('admin', 'editor', 'reader') NOT NULL DEFAULT 'reader'",
    ],
  },
  renameColumn: {
    up: ["ALTER TABLE `users` RENAME COLUMN `display_name` TO `full_name`"],
    down: ["ALTER TABLE `users` RENAME COLUMN `full_name` TO `display_name`"],
  },
  renameColumnReferenced: {
    up: ["ALTER TABLE `users` RENAME COLUMN `id` TO `uid`"],
    down: ["ALTER TABLE `users` RENAME COLUMN `uid` TO `id`"],
  },
  alterColumnWiden: {
    up: ["ALTER TABLE `tags` MODIFY COLUMN `name` varchar(200) NOT NULL"],
    down: ["ALTER TABLE `tags` MODIFY COLUMN `name` varchar(50) NOT NULL"],
  },
  alterColumnType: {
    up: ["ALTER TABLE `posts` MODIFY COLUMN `views` bigint NOT NULL DEFAULT 0"],
    down: ["ALTER TABLE `posts` MODIFY COLUMN `views` int NOT NULL DEFAULT 0"],
  },
  alterColumnNotNull: {
    up: [
      "UPDATE `users` SET `bio` = 'none' WHERE `bio` IS NULL",
      "ALTER TABLE `users` MODIFY COLUMN `bio` longtext NOT NULL",
    ],
    down: ["ALTER TABLE `users` MODIFY COLUMN `bio` longtext NULL"],
  },
  createFunction: {
    up: ["CREATE FUNCTION `email_domain`(address text) RETURNS varchar(200)\n  DETERMINISTIC\n  NO SQL\n  SQL SECURITY INVOKER\nRETURN SUBSTRING_INDEX(address, '@', -1)"],
    down: ['DROP FUNCTION `email_domain`'],
  },
  dropFunction: {
    up: ['DROP FUNCTION `email_domain`'],
    down: ["CREATE FUNCTION `email_domain`(address text) RETURNS varchar(200)\n  DETERMINISTIC\n  NO SQL\n  SQL SECURITY INVOKER\nRETURN SUBSTRING_INDEX(address, '@', -1)"],
  },
  // A new body: DROP then CREATE (MySQL 8 has no CREATE OR REPLACE FUNCTION).
  replaceFunction: {
    up: ['DROP FUNCTION `email_domain`', "CREATE FUNCTION `email_domain`(address text) RETURNS varchar(200)\n  DETERMINISTIC\n  NO SQL\n  SQL SECURITY INVOKER\n  COMMENT 'lower-cased'\nRETURN LOWER(SUBSTRING_INDEX(address, '@', -1))"],
    down: ['DROP FUNCTION `email_domain`', "CREATE FUNCTION `email_domain`(address text) RETURNS varchar(200)\n  DETERMINISTIC\n  NO SQL\n  SQL SECURITY INVOKER\nRETURN SUBSTRING_INDEX(address, '@', -1)"],
  },
  createPolicy: { refused: /policy "admin_rows" on "users": MySQL has no row-level security/ },
  dropPolicy: { refused: /policy "admin_rows" on "users": MySQL has no row-level security/ },
  alterPolicy: { refused: /policy "admin_rows" on "users": MySQL has no row-level security/ },
  setRowLevelSecurity: { refused: /table "users": MySQL has no row-level security/ },
  createSequence: { refused: /sequence "order_numbers": MySQL has no sequences strata manages/ },
  dropSequence: { refused: /sequence "order_numbers": MySQL has no sequences strata manages/ },
  alterSequence: { refused: /sequence "order_numbers": MySQL has no sequences strata manages/ },
  createSchema: { refused: /schema "ledger": MySQL has no schemas strata manages/ },
  dropSchema: { refused: /schema "archive": MySQL has no schemas strata manages/ },
  createExtension: { refused: /extension "citext": MySQL has no extensions strata manages/ },
  dropExtension: { refused: /extension "citext": MySQL has no extensions strata manages/ },
  alterExtension: { refused: /extension "citext": MySQL has no extensions strata manages/ },
  createDomain: { refused: /domain "email_address": MySQL has no domains strata manages/ },
  dropDomain: { refused: /domain "email_address": MySQL has no domains strata manages/ },
  alterDomain: { refused: /domain "email_address": MySQL has no domains strata manages/ },
  createType: { refused: /type "address": MySQL has no composite or range types strata manages/ },
  alterType: { refused: /type "address": MySQL has no composite or range types strata manages/ },
  dropType: { refused: /type "price_range": MySQL has no composite or range types strata manages/ },
  grant: { refused: /grant on table "users": MySQL has no grants strata manages/ },
  createSql: {
    up: ["CREATE VIEW raw_admins AS SELECT id FROM users WHERE role = 'admin'"],
    down: ["DROP VIEW raw_admins"],
  },
  dropSql: {
    up: ["DROP VIEW raw_admins"],
    down: ["CREATE VIEW raw_admins AS SELECT id FROM users WHERE role = 'admin'"],
  },
  revoke: { refused: /grant on table "users": MySQL has no grants strata manages/ },
  setTableOptions: {
    up: [],
    down: [],
  },
  alterColumnSetDefault: {
    up: ["ALTER TABLE `users` ALTER COLUMN `display_name` SET DEFAULT 'anonymous'"],
    down: ["ALTER TABLE `users` ALTER COLUMN `display_name` DROP DEFAULT"],
  },
  alterColumnDropDefault: {
    up: ["ALTER TABLE `users` ALTER COLUMN `role` DROP DEFAULT"],
    down: ["ALTER TABLE `users` ALTER COLUMN `role` SET DEFAULT 'reader'"],
  },
  addIndex: { refused: /index "users_created_at_idx" on "users" is partial \(where: role = 'admin'\); MySQL and MariaDB have no partial indexes/ },
  addIndexExpression: { refused: /index "users_email_lower_key" on "users" is an expression index \(lower\(email\)\); MariaDB has none \(index a generated column instead\)/ },
  dropIndex: {
    up: ["DROP INDEX `users_display_name_idx` ON `users`"],
    down: ["CREATE INDEX `users_display_name_idx` ON `users` (`display_name`)"],
  },
  addUnique: {
    up: ["ALTER TABLE `users` ADD CONSTRAINT `users_display_name_key` UNIQUE (`display_name`)"],
    down: ["ALTER TABLE `users` DROP INDEX `users_display_name_key`"],
  },
  dropUnique: {
    up: ["ALTER TABLE `users` DROP INDEX `users_email_key`"],
    down: ["ALTER TABLE `users` ADD CONSTRAINT `users_email_key` UNIQUE (`email`)"],
  },
  addForeignKey: {
    up: [
      "ALTER TABLE `posts` ADD CONSTRAINT `posts_author_id_fkey` FOREIGN KEY (`author_id`) REFERENCES `users` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION",
    ],
    down: ["ALTER TABLE `posts` DROP FOREIGN KEY `posts_author_id_fkey`"],
  },
  dropForeignKey: {
    up: ["ALTER TABLE `posts` DROP FOREIGN KEY `posts_author_id_fkey`"],
    down: [
      "ALTER TABLE `posts` ADD CONSTRAINT `posts_author_id_fkey` FOREIGN KEY (`author_id`) REFERENCES `users` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION",
    ],
  },
  addCheck: {
    up: ["ALTER TABLE `users` ADD CONSTRAINT `users_display_name_check` CHECK (display_name <> '')"],
    down: ["ALTER TABLE `users` DROP CONSTRAINT `users_display_name_check`"],
  },
  dropCheck: {
    up: ["ALTER TABLE `users` DROP CONSTRAINT `users_email_has_at`"],
    down: ["ALTER TABLE `users` ADD CONSTRAINT `users_email_has_at` CHECK (email LIKE '%@%')"],
  },
  addExclusion: { refused: /EXCLUDE constraint "bookings_during_excl" on "bookings": MySQL has no EXCLUDE, DEFERRABLE or NOT VALID constraints/ },
  dropExclusion: { refused: /constraint "bookings_during_excl" on "bookings": MySQL has no EXCLUDE/ },
  addPartition: { refused: /table "readings": MySQL has no declarative partitioning strata manages \(partitionBy and partitions: are PostgreSQL only\)/ },
  dropPartition: { refused: /table "readings": MySQL has no declarative partitioning/ },
  alterPartition: { refused: /table "readings": MySQL has no declarative partitioning/ },
  alterConstraint: { refused: /constraint "posts_author_id_fkey" on "posts": MySQL has no EXCLUDE, DEFERRABLE or NOT VALID constraints/ },
  alterPrimaryKey: {
    up: ["ALTER TABLE `memberships` DROP PRIMARY KEY, ADD PRIMARY KEY (`user_id`, `group_name`)"],
    down: ["ALTER TABLE `memberships` DROP PRIMARY KEY, ADD PRIMARY KEY (`user_id`)"],
  },
  createEnum: {
    up: [],
    down: [],
  },
  alterEnumAdd: {
    up: [
      "ALTER TABLE `users` MODIFY COLUMN `role` ENUM('admin', 'editor', 'reader', 'guest') NOT NULL DEFAULT 'reader'",
    ],
    down: [
      "ALTER TABLE `users` MODIFY COLUMN `role` ENUM('admin', 'editor', 'reader') NOT NULL DEFAULT 'reader'",
    ],
  },
  alterEnumRemove: {
    up: [
      "ALTER TABLE `users` MODIFY COLUMN `role` ENUM('admin', 'reader') NOT NULL DEFAULT 'reader'",
    ],
    down: [
      "ALTER TABLE `users` MODIFY COLUMN `role` ENUM('admin', 'editor', 'reader') NOT NULL DEFAULT 'reader'",
    ],
  },
  dropEnum: {
    up: [],
    down: [],
  },
  setComment: {
    up: ["ALTER TABLE `users` COMMENT = 'People who can sign in (it''s true)'"],
    down: ["ALTER TABLE `users` COMMENT = ''"],
  },
  setCommentColumn: {
    up: ["ALTER TABLE `users` MODIFY COLUMN `bio` longtext NULL COMMENT 'Free text'"],
    down: ["ALTER TABLE `users` MODIFY COLUMN `bio` longtext NULL"],
  },
  createView: {
    up: ["CREATE VIEW `admins` AS SELECT id, email FROM users WHERE role = 'admin'"],
    down: ["DROP VIEW `admins`"],
  },
  dropView: {
    up: ["DROP VIEW `admins`"],
    down: ["CREATE VIEW `admins` AS SELECT id, email FROM users WHERE role = 'admin'"],
  },
  createTrigger: {
    up: [],
    down: [],
  },
  dropTrigger: {
    up: [],
    down: [],
  },
  createTriggerNamed: {
    up: ["CREATE TRIGGER `touch` BEFORE INSERT ON `users` FOR EACH ROW BEGIN SET NEW.display_name = CONCAT(NEW.display_name, '?'); END"],
    down: ['DROP TRIGGER `touch`'],
  },
  insert: {
    up: ["INSERT INTO `users` (`id`, `email`, `display_name`, `bio`, `role`) VALUES (?, ?, ?, ?, ?)"],
    down: ["DELETE FROM `users` WHERE `id` = ?"],
  },
  update: {
    up: ["UPDATE `users` SET `display_name` = ?, `bio` = ? WHERE `id` = ? AND `bio` IS NULL"],
    down: ["UPDATE `users` SET `display_name` = ?, `bio` = ? WHERE `id` = ?"],
  },
  delete: {
    up: ["DELETE FROM `posts` WHERE `published` = ?"],
    down: [
      "INSERT INTO `posts` (`id`, `author_id`, `title`, `body`, `published`, `views`) VALUES (?, ?, ?, ?, ?, ?)",
    ],
  },
  sql: {
    up: ["UPDATE `users` SET `bio` = 'raw' WHERE `id` = 1"],
    down: ["UPDATE `users` SET `bio` = NULL WHERE `id` = 1"],
  },
}

/** The cases MySQL refuses, by name. */
export const MYSQL_REFUSED: Partial<Record<CaseName, RegExp>> = Object.fromEntries(
  Object.entries(MYSQL_SQL).flatMap(([name, e]) => ('refused' in e ? [[name, e.refused]] : [])),
)
