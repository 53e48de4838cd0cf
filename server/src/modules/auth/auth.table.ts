import { index, integer, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.table';

/** One person = one phone = one account. The phone is stored encrypted plus a blind index. */
export const accounts = pgTable('accounts', {
  id: uuid().primaryKey().defaultRandom(),
  phoneEnc: text(),
  phoneHash: text().unique(),
  wechatOpenId: text().unique(),
  wechatUnionId: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastLoginAt: timestamp({ withTimezone: true }),
});

export const smsCodes = pgTable(
  'sms_codes',
  {
    id: uuid().primaryKey().defaultRandom(),
    phoneHash: text().notNull(),
    codeHash: text().notNull(),
    ip: text().notNull(),
    attempts: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    consumedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.phoneHash, t.createdAt), index().on(t.ip, t.createdAt)],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** All tokens descending from one login; reuse of a rotated token revokes the family. */
    familyId: uuid().notNull(),
    tokenHash: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    replacedById: uuid(),
  },
  (t) => [index().on(t.familyId), index().on(t.accountId)],
);

export const staffRole = pgEnum('staff_role', ['reviewer', 'scanner', 'admin', 'operator']);

/** A staff role held in one union; it covers that union and every union below it. */
export const staffGrants = pgTable(
  'staff_grants',
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    role: staffRole().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.accountId, t.orgId, t.role), index().on(t.orgId)],
);

export type AccountRow = typeof accounts.$inferSelect;
