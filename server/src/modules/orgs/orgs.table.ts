import { boolean, doublePrecision, index, pgEnum, pgTable, text, timestamp, uuid, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { ORG_KINDS } from '@union/shared';

export const orgKind = pgEnum('org_kind', ORG_KINDS);

/**
 * Union organisations as a tree. `path` is the dotted chain of codes from the root
 * (bj.xc.xjk), so "this union and everything below it" is a prefix match.
 */
export const orgs = pgTable(
  'orgs',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull().unique(),
    name: text().notNull(),
    kind: orgKind().notNull(),
    parentId: uuid().references((): AnyPgColumn => orgs.id),
    path: text().notNull().unique(),
    /** GB/T 2260 six-digit administrative region code, used in member numbers. */
    regionCode: varchar({ length: 6 }).notNull(),
    /** Takes in workers whose employer has no union (兜底入会). */
    acceptsUnaffiliated: boolean().notNull().default(false),
    autoApprove: boolean().notNull().default(false),
    /** Off: the union takes no new applications for now (it stays in the tree and keeps its members). */
    takesJoins: boolean().notNull().default(true),
    /** 撤销: a closed union takes nothing and is listed nowhere; its members and applications went to another union. */
    closedAt: timestamp({ withTimezone: true }),
    /** For industry unions: the worker categories they take in (courier, rider, truck…). */
    servesCategories: text().array().notNull().default([]),
    address: text(),
    /** The union office's phone, shown to applicants waiting on its review. */
    contactPhone: text(),
    /** Opening hours in Beijing time, `1-5 09:00-17:30` (ISO weekdays, see OFFICE_HOURS_PATTERN in shared). */
    officeHours: text(),
    lat: doublePrecision(),
    lng: doublePrecision(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.parentId), index('orgs_path_prefix_idx').on(t.path.op('text_pattern_ops'))],
);

export type OrgRow = typeof orgs.$inferSelect;
