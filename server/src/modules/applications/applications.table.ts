import { sql } from 'drizzle-orm';
import { date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { APPLICATION_KINDS, APPLICATION_STATUSES, GENDERS, REAL_NAME_OUTCOMES, WORKER_CATEGORY_CODES } from '@union/shared';
import { accounts } from '../auth';
import { stallEvents } from '../events';
import { orgs } from '../orgs';

export const applicationStatus = pgEnum('application_status', APPLICATION_STATUSES);
export const applicationKind = pgEnum('application_kind', APPLICATION_KINDS);
export const gender = pgEnum('gender', GENDERS);
export const workerCategory = pgEnum('worker_category', WORKER_CATEGORY_CODES);
export const realNameOutcome = pgEnum('real_name_outcome', REAL_NAME_OUTCOMES);

/**
 * 入会申请. ID and phone are encrypted with blind indexes; at most one pending application per
 * person, enforced by a partial unique index so simultaneous submissions cannot both land.
 */
export const applications = pgTable(
  'applications',
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    kind: applicationKind().notNull().default('join'),
    status: applicationStatus().notNull().default('pending'),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    eventId: uuid().references(() => stallEvents.id),
    name: text().notNull(),
    idEnc: text().notNull(),
    idHash: text().notNull(),
    phoneEnc: text().notNull(),
    phoneHash: text().notNull(),
    /**
     * The phone's last four digits, in the clear: the masked phone in every answer shows them anyway
     * (138****5678), and staff at the stall search the queue by them. Null on rows from before.
     */
    phoneLast4: varchar({ length: 4 }),
    gender: gender().notNull(),
    birthDate: date({ mode: 'string' }).notNull(),
    employer: text().notNull(),
    category: workerCategory().notNull(),
    workDistrict: varchar({ length: 6 }).notNull(),
    consentVersion: text().notNull(),
    consentAt: timestamp({ withTimezone: true }).notNull(),
    realName: realNameOutcome().notNull(),
    realNameReason: text(),
    resubmitCount: integer().notNull().default(0),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    rejectReason: text(),
  },
  (t) => [
    uniqueIndex('applications_one_pending_per_person')
      .on(t.idHash)
      .where(sql`status = 'pending'`),
    // One account holds at most one open application, whoever's ID it names.
    uniqueIndex('applications_one_pending_per_account')
      .on(t.accountId)
      .where(sql`status = 'pending'`),
    index().on(t.orgId, t.status, t.submittedAt),
    index().on(t.accountId),
    index().on(t.eventId),
  ],
);

export type ApplicationRow = typeof applications.$inferSelect;
