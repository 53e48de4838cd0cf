import { and, asc, eq, gt, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { atOrAbove, inScope, type StaffScope } from '../../lib/scope';
import { orgs } from '../orgs';
import { serviceSlots, services } from './services.table';

const owner = alias(orgs, 'owner_org');
const eligible = alias(orgs, 'eligible_org');

const nextSlotAt = sql<Date | null>`(select min(s.starts_at) from service_slots s where s.service_id = ${services.id} and s.starts_at > now())`.mapWith(
  (v: string | Date | null) => (v === null ? null : new Date(v)),
);

const viewColumns = {
  service: services,
  orgName: owner.name,
  orgPath: owner.path,
  eligibleOrgName: eligible.name,
  eligiblePath: eligible.path,
  nextSlotAt,
};

function viewQuery(db: Database) {
  return db.select(viewColumns).from(services).innerJoin(owner, eq(owner.id, services.orgId)).innerJoin(eligible, eq(eligible.id, services.eligibleOrgId));
}

export type ServiceView = Awaited<ReturnType<typeof findServiceView>> & {};

export async function findServiceView(db: Database, id: string) {
  const [row] = await viewQuery(db).where(eq(services.id, id));
  return row;
}

/** True when the member's union path lies in the eligible union's subtree. */
const eligibleFor = (memberPath: string): SQL => atOrAbove(eligible.path, memberPath);

export async function findServiceForMember(db: Database, id: string, memberPath: string) {
  const [row] = await viewQuery(db).where(and(eq(services.id, id), eq(services.active, true), eligibleFor(memberPath)));
  return row;
}

export async function listServicesForMember(db: Database, memberPath: string, q: { kind?: string; limit: number; offset: number }) {
  return viewQuery(db)
    .where(and(eq(services.active, true), eligibleFor(memberPath), q.kind ? sql`${services.kind} = ${q.kind}` : undefined))
    .orderBy(sql`${nextSlotAt} asc nulls last`, asc(services.title))
    .limit(q.limit)
    .offset(q.offset);
}

export async function listServicesInScope(db: Database, scope: StaffScope, q: { limit: number; offset: number }) {
  return viewQuery(db).where(inScope(scope, owner.path)).orderBy(asc(services.createdAt)).limit(q.limit).offset(q.offset);
}

export async function insertService(db: Database, values: typeof services.$inferInsert) {
  const [row] = await db.insert(services).values(values).returning({ id: services.id });
  return row!;
}

export async function updateService(db: Database, id: string, values: Partial<typeof services.$inferInsert>) {
  await db
    .update(services)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(services.id, id));
}

/** Locks the service row: slot creation for one service happens one at a time (overlap checks). */
export async function lockService(db: Database, id: string) {
  const [row] = await db.select({ id: services.id, allowOverlap: services.allowOverlap }).from(services).where(eq(services.id, id)).for('update');
  return row;
}

export async function overlappingSlot(db: Database, serviceId: string, startsAt: Date, endsAt: Date) {
  const [row] = await db
    .select({ id: serviceSlots.id, startsAt: serviceSlots.startsAt })
    .from(serviceSlots)
    .where(and(eq(serviceSlots.serviceId, serviceId), lt(serviceSlots.startsAt, endsAt), gt(serviceSlots.endsAt, startsAt)))
    .limit(1);
  return row;
}

export async function insertSlots(db: Database, rows: (typeof serviceSlots.$inferInsert)[]) {
  return db.insert(serviceSlots).values(rows).returning();
}

/** Slots that have not ended, soonest first; slots the union cancelled only for its admins (`withCancelled`). */
export async function listOpenSlots(db: Database, serviceId: string, after: Date, q: { limit: number; offset: number }, withCancelled = false) {
  return db
    .select()
    .from(serviceSlots)
    .where(and(eq(serviceSlots.serviceId, serviceId), gt(serviceSlots.endsAt, after), withCancelled ? undefined : isNull(serviceSlots.cancelledAt)))
    .orderBy(asc(serviceSlots.startsAt))
    .limit(q.limit)
    .offset(q.offset);
}

/**
 * The slot and its service's rules, with the slot row locked until the caller's transaction ends:
 * every change to one slot's places and waitlist queues here.
 */
export async function lockSlotWithRules(db: Database, slotId: string) {
  const [row] = await db
    .select({
      slot: serviceSlots,
      service: services,
      eligiblePath: eligible.path,
      orgName: owner.name,
    })
    .from(serviceSlots)
    .innerJoin(services, eq(services.id, serviceSlots.serviceId))
    .innerJoin(owner, eq(owner.id, services.orgId))
    .innerJoin(eligible, eq(eligible.id, services.eligibleOrgId))
    .where(eq(serviceSlots.id, slotId))
    .for('update', { of: serviceSlots });
  return row;
}

/** Takes a place if one is free: the guarded update is the capacity check (and the CHECK constraint its backstop). */
export async function takePlace(db: Database, slotId: string): Promise<boolean> {
  const rows = await db
    .update(serviceSlots)
    .set({ taken: sql`${serviceSlots.taken} + 1` })
    .where(and(eq(serviceSlots.id, slotId), lt(serviceSlots.taken, serviceSlots.capacity)))
    .returning({ taken: serviceSlots.taken });
  return rows.length === 1;
}

/** Joins the waitlist: the next queue number. */
export async function joinWaitlist(db: Database, slotId: string): Promise<number> {
  const [row] = await db
    .update(serviceSlots)
    .set({ waitlisted: sql`${serviceSlots.waitlisted} + 1`, waitlistSeq: sql`${serviceSlots.waitlistSeq} + 1` })
    .where(eq(serviceSlots.id, slotId))
    .returning({ seq: serviceSlots.waitlistSeq });
  return row!.seq;
}

/** Adjusts the counters after a change of state: a place freed, a waiter gone or moved onto a place. */
export async function adjustSlot(db: Database, slotId: string, delta: { taken?: number; waitlisted?: number }) {
  await db
    .update(serviceSlots)
    .set({ taken: sql`${serviceSlots.taken} + ${delta.taken ?? 0}`, waitlisted: sql`${serviceSlots.waitlisted} + ${delta.waitlisted ?? 0}` })
    .where(eq(serviceSlots.id, slotId));
}
