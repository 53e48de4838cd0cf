import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Append-only record of who decided, revealed, reassigned or changed what, and when. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid().primaryKey().defaultRandom(),
    actorAccountId: uuid(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text().notNull(),
    orgId: uuid(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.targetType, t.targetId), index().on(t.actorAccountId, t.createdAt), index().on(t.orgId, t.createdAt)],
);
