import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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

export type AccountRow = typeof accounts.$inferSelect;
