import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The short code printed under a QR (`K7QM-3XPA`), for a person to type where the QR cannot be scanned. The code is
 * derived from the QR's text (shortcodes.service.ts), so issuing the same QR again writes the same row; it is
 * accepted only for its purpose and until the QR expires (`expires_at` null: a poster, valid until reprinted).
 */
export const shortCodes = pgTable(
  'short_codes',
  {
    code: text().primaryKey(),
    purpose: text().notNull(),
    /** The full QR text the code stands for. */
    target: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.expiresAt)],
);

/** Wrong short codes typed per account and per IP in the current window (the wrong-try limit). */
export const shortCodeMisses = pgTable('short_code_misses', {
  key: text().primaryKey(),
  misses: integer().notNull(),
  windowEndsAt: timestamp({ withTimezone: true }).notNull(),
});
