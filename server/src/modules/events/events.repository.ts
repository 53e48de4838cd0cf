import { and, asc, desc, eq, gte, ilike, or } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { inScope, type StaffScope } from '../../lib/scope';
import { orgs } from '../orgs';
import { stallEvents } from './events.table';

const eventColumns = {
  id: stallEvents.id,
  code: stallEvents.code,
  orgId: stallEvents.orgId,
  orgName: orgs.name,
  orgPath: orgs.path,
  orgRegionCode: orgs.regionCode,
  title: stallEvents.title,
  place: stallEvents.place,
  startsAt: stallEvents.startsAt,
  endsAt: stallEvents.endsAt,
};

export async function insertEvent(db: Database, values: typeof stallEvents.$inferInsert) {
  const [row] = await db.insert(stallEvents).values(values).returning({ id: stallEvents.id });
  return row!;
}

export async function findEventByCode(db: Database, code: string) {
  const [row] = await db.select(eventColumns).from(stallEvents).innerJoin(orgs, eq(orgs.id, stallEvents.orgId)).where(eq(stallEvents.code, code));
  return row;
}

export async function findEventById(db: Database, id: string) {
  const [row] = await db.select(eventColumns).from(stallEvents).innerJoin(orgs, eq(orgs.id, stallEvents.orgId)).where(eq(stallEvents.id, id));
  return row;
}

/** Events of the staffer's unions that have not ended more than a day ago. */
export async function listEventsInScope(db: Database, scope: StaffScope, endedAfter: Date) {
  return db
    .select(eventColumns)
    .from(stallEvents)
    .innerJoin(orgs, eq(orgs.id, stallEvents.orgId))
    .where(and(inScope(scope, orgs.path), gte(stallEvents.endsAt, endedAfter)))
    .orderBy(desc(stallEvents.startsAt))
    .limit(50);
}

/** Events of the staffer's unions, not yet ended, as places a campaign can name (newest first, by title or place). */
export async function eventPlacesInScope(db: Database, scope: StaffScope, q: { text?: string; limit: number; offset: number; endedAfter: Date }) {
  const like = q.text ? `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db
    .select({ id: stallEvents.id, title: stallEvents.title, place: stallEvents.place, orgName: orgs.name })
    .from(stallEvents)
    .innerJoin(orgs, eq(orgs.id, stallEvents.orgId))
    .where(
      and(
        inScope(scope, orgs.path),
        gte(stallEvents.endsAt, q.endedAfter),
        like ? or(ilike(stallEvents.title, like), ilike(stallEvents.place, like)) : undefined,
      ),
    )
    .orderBy(desc(stallEvents.startsAt), asc(stallEvents.id))
    .limit(q.limit)
    .offset(q.offset);
}

export type EventView = NonNullable<Awaited<ReturnType<typeof findEventById>>> & { applications?: number };
