import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One person = one phone = one account. The phone is stored encrypted plus a blind index. */
export const accounts = pgTable('accounts', {
  id: uuid().primaryKey().defaultRandom(),
  phoneEnc: text(),
  phoneHash: text().unique(),
  wechatOpenId: text().unique(),
  wechatUnionId: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastLoginAt: timestamp({ withTimezone: true }),
  /** A disabled account cannot log in or refresh; disabling revokes its sessions. */
  disabledAt: timestamp({ withTimezone: true }),
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

/**
 * One login: its id is the refresh-token family and the `sid` claim of every access token it issues.
 * Revoking it refuses those access tokens at once on every instance (see auth.sessions.ts).
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid().primaryKey(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Absolute end (staff and operators); null: renewed by refresh until the refresh token lapses. */
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** logout, refresh_reuse, account_disabled, or what revokeAllSessions was told. */
    revokeReason: text(),
  },
  (t) => [index().on(t.accountId), index().on(t.revokedAt)],
);

/** Live tickets already exchanged for a stream: the primary key makes each ticket single use across instances. */
export const usedLiveTickets = pgTable(
  'used_live_tickets',
  {
    jti: uuid().primaryKey(),
    accountId: uuid().notNull(),
    usedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When the ticket would have expired anyway; the row can go after that. */
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.expiresAt)],
);

/** SMS codes sent per calendar day (Beijing time), for the global daily cap. */
export const smsDailyCounts = pgTable('sms_daily_counts', {
  day: date({ mode: 'string' }).primaryKey(),
  sent: integer().notNull().default(0),
});

export type AccountRow = typeof accounts.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
