import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CERTIFICATE_SOURCES } from '@union/shared';
import { accounts } from '../auth';
import { orgs } from '../orgs';

export const certificateSource = pgEnum('certificate_source', CERTIFICATE_SOURCES);

/**
 * A certificate (证书): one per member and course completed or test passed (the unique index, whatever races), with
 * a verification code anyone can check. What it says is copied when it is issued (the holder's name on their
 * membership, the title, the issuing union's name), so it reads the same later. The code is eight characters of the
 * short-code alphabet (no 0/O, 1/I), drawn at random: 40 bits, and wrong guesses are counted per IP.
 */
export const certificates = pgTable(
  'certificates',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    source: certificateSource().notNull(),
    /** The course or the test. */
    sourceId: uuid().notNull(),
    title: text().notNull(),
    holderName: text().notNull(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    orgName: text().notNull(),
    /** A test's score on the attempt that passed it; null for a course. */
    score: integer(),
    issuedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('certificates_once').on(t.accountId, t.source, t.sourceId),
    uniqueIndex('certificates_code').on(t.code),
    index().on(t.accountId, t.issuedAt),
    check('certificates_code_alphabet', sql`${t.code} ~ '^[2-9A-HJ-NP-Z]{8}$'`),
  ],
);
