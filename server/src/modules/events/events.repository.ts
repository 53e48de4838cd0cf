import { and, count, desc, eq, gte } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { applications } from '../applications/applications.table';
import { orgs } from '../orgs/orgs.table';
import { inScope, type StaffScope } from '../orgs/orgs.scope';
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

/** Events of the staffer's unions that have not ended more than a day ago, with their application counts. */
export async function listEventsInScope(db: Database, scope: StaffScope, endedAfter: Date) {
  return db
    .select({ ...eventColumns, applications: count(applications.id) })
    .from(stallEvents)
    .innerJoin(orgs, eq(orgs.id, stallEvents.orgId))
    .leftJoin(applications, eq(applications.eventId, stallEvents.id))
    .where(and(inScope(scope), gte(stallEvents.endsAt, endedAfter)))
    .groupBy(stallEvents.id, orgs.id)
    .orderBy(desc(stallEvents.startsAt))
    .limit(50);
}

export type EventView = NonNullable<Awaited<ReturnType<typeof findEventById>>> & { applications?: number };
