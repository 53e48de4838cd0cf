import { index, pgEnum, pgTable, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { STAFF_ROLES } from '@union/shared';
import { accounts } from '../auth';
import { orgs } from '../orgs';

export const staffRole = pgEnum('staff_role', STAFF_ROLES);

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
    /** Who granted it (null: the seed, or before grants were made through the app). */
    grantedBy: uuid().references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.accountId, t.orgId, t.role), index().on(t.orgId)],
);

/**
 * A role offered to a person by phone, waiting for them to accept it on 我的 (they hold nothing until then). Accepting
 * turns it into a `staff_grants` row; it lapses at `expires_at`, and the admin may withdraw it.
 */
export const staffInvitations = pgTable(
  'staff_invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    role: staffRole().notNull(),
    invitedBy: uuid().references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [unique().on(t.accountId, t.orgId, t.role), index().on(t.orgId)],
);
