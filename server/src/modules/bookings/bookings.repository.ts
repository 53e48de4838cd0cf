import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { BookingStatus } from '@union/shared';
import type { Database } from '../../db/client';
import { queryPrepared } from '../../db/prepared';
import { orgs } from '../orgs';
import { serviceSlots, services } from '../services';
import { bookings } from './bookings.table';

/** Statuses that hold a place on the slot (counted in `taken`). */
export const HOLDING: BookingStatus[] = ['booked', 'offered', 'checked_in', 'no_show'];
/** Statuses that count towards a per-member limit. */
export const COUNTING: BookingStatus[] = ['booked', 'waitlisted', 'offered', 'checked_in', 'no_show'];

const owner = alias(orgs, 'booking_owner_org');

const position = sql<number | null>`case when ${bookings.status} = 'waitlisted' then (
  select count(*) from bookings waiting where waiting.slot_id = ${bookings.slotId} and waiting.status = 'waitlisted' and waiting.queue_no <= ${bookings.queueNo}
) end`.mapWith((v: string | number | null) => (v === null ? null : Number(v)));

const viewColumns = {
  booking: bookings,
  position,
  slotStartsAt: serviceSlots.startsAt,
  slotEndsAt: serviceSlots.endsAt,
  serviceTitle: services.title,
  serviceKind: services.kind,
  serviceAddress: services.address,
  cancelCutoffMinutes: services.cancelCutoffMinutes,
  orgId: services.orgId,
  orgName: owner.name,
  orgPath: owner.path,
};

function viewQuery(db: Database) {
  return db
    .select(viewColumns)
    .from(bookings)
    .innerJoin(serviceSlots, eq(serviceSlots.id, bookings.slotId))
    .innerJoin(services, eq(services.id, bookings.serviceId))
    .innerJoin(owner, eq(owner.id, services.orgId));
}

export type BookingView = NonNullable<Awaited<ReturnType<typeof findView>>>;

export async function findView(db: Database, id: string) {
  const [row] = await viewQuery(db).where(eq(bookings.id, id));
  return row;
}

export async function listViewsOf(db: Database, accountId: string, at: Date, q: { limit: number; offset: number }) {
  return viewQuery(db)
    .where(eq(bookings.accountId, accountId))
    .orderBy(
      sql`(${serviceSlots.endsAt} < ${at}) asc`,
      sql`case when ${serviceSlots.endsAt} < ${at} then null else ${serviceSlots.startsAt} end asc`,
      desc(serviceSlots.startsAt),
    )
    .limit(q.limit)
    .offset(q.offset);
}

export async function insertBooking(db: Database, values: typeof bookings.$inferInsert) {
  const [row] = await db.insert(bookings).values(values).returning();
  return row!;
}

export async function lockBooking(db: Database, id: string) {
  const [row] = await db.select().from(bookings).where(eq(bookings.id, id)).for('update');
  return row;
}

export async function setBooking(db: Database, id: string, values: Partial<typeof bookings.$inferInsert>) {
  const [row] = await db
    .update(bookings)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(bookings.id, id))
    .returning();
  return row!;
}

/** A member's places and waitlist places on slots that have not started, in slot order (the order slots are locked in). */
export async function heldAheadOf(db: Database, accountId: string, at: Date) {
  return db
    .select({ id: bookings.id, slotId: bookings.slotId })
    .from(bookings)
    .where(and(eq(bookings.accountId, accountId), inArray(bookings.status, ['booked', 'offered', 'waitlisted']), gt(bookings.slotStartsAt, at)))
    .orderBy(asc(bookings.slotId));
}

/** The first still waiting on the slot, locked. */
export async function firstWaiting(db: Database, slotId: string) {
  const [row] = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.slotId, slotId), eq(bookings.status, 'waitlisted')))
    .orderBy(asc(bookings.queueNo))
    .limit(1)
    .for('update');
  return row;
}

/** Check-in: only a booked place becomes checked in, once. */
export async function markCheckedIn(db: Database, id: string, at: Date, by: string) {
  const [row] = await db
    .update(bookings)
    .set({ status: 'checked_in', checkedInAt: at, checkedInBy: by, updatedAt: at })
    .where(and(eq(bookings.id, id), eq(bookings.status, 'booked')))
    .returning();
  return row;
}

/** Offers whose hold has run out, oldest first (ids only: each is then handled under its slot's lock). */
export async function dueOffers(db: Database, at: Date, limit: number) {
  return db
    .select({ id: bookings.id, slotId: bookings.slotId })
    .from(bookings)
    .where(and(eq(bookings.status, 'offered'), lte(bookings.offerExpiresAt, at)))
    .orderBy(asc(bookings.offerExpiresAt))
    .limit(limit);
}

/** After a slot ends: booked places never checked in are no-shows; offers and waiting places lapse. */
export async function closeEndedSlots(db: Database, at: Date) {
  const ended = db.select({ id: serviceSlots.id }).from(serviceSlots).where(lte(serviceSlots.endsAt, at));
  const noShows = await db
    .update(bookings)
    .set({ status: 'no_show', updatedAt: at })
    .where(and(eq(bookings.status, 'booked'), lte(bookings.slotStartsAt, at), inArray(bookings.slotId, ended)))
    .returning({ id: bookings.id });
  const lapsed = await db
    .update(bookings)
    .set({ status: 'expired', updatedAt: at })
    .where(and(inArray(bookings.status, ['waitlisted', 'offered']), lte(bookings.slotStartsAt, at), inArray(bookings.slotId, ended)))
    .returning({ id: bookings.id });
  return { noShows: noShows.length, lapsed: lapsed.length };
}

/** Marks booked places starting within the window as reminded, returning them (the caller writes the outbox in the same transaction). */
export async function takeDueReminders(db: Database, at: Date, until: Date, limit: number) {
  const due = db
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.status, 'booked'), sql`${bookings.remindedAt} is null`, gt(bookings.slotStartsAt, at), lte(bookings.slotStartsAt, until)))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db.update(bookings).set({ remindedAt: at }).where(inArray(bookings.id, due)).returning({ id: bookings.id });
}

export async function viewsByIds(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  return viewQuery(db).where(inArray(bookings.id, ids));
}

export interface BookRequestRow {
  ord: number;
  slot_id: string;
  booking_id: string;
  account_id: string;
  /** ISO time of the request (the service's clock). */
  at: string;
}

export type BookOutcome =
  'booked' | 'waitlisted' | 'existing' | 'not_member' | 'slot_not_found' | 'not_eligible' | 'closed' | 'cancelled' | 'blocked' | 'limit';

export interface BookOutcomeRow {
  ord: number;
  outcome: BookOutcome;
  /** The new booking (booked, waitlisted) or the member's existing one on the slot (existing). */
  booking_id: string | null;
  queue_no: number | null;
  position: number | null;
  blocked_until: Date | null;
  service_id: string | null;
  slot_starts_at: Date | null;
  slot_ends_at: Date | null;
  cancel_cutoff_minutes: number | null;
  service_kind: string | null;
  service_title: string | null;
  service_address: string | null;
  org_name: string | null;
}

/**
 * Books a batch (many members, many slots) with one call of the migration's `book_batch`: one round trip, its own
 * transaction. Slot rows are locked only inside that call, so no lock is held across round trips.
 */
export async function bookBatch(db: Database, requests: BookRequestRow[], noShowWindowDays: number, noShowBlockDays: number): Promise<BookOutcomeRow[]> {
  return queryPrepared<BookOutcomeRow>(db, 'bookings_book_batch', 'select * from book_batch($1::jsonb, $2::int, $3::int)', [
    JSON.stringify(requests),
    noShowWindowDays,
    noShowBlockDays,
  ]);
}

/** A slot of a service with the owning union's path (the admin's scope check); undefined when the slot is not the service's. */
export async function slotOfService(db: Database, serviceId: string, slotId: string) {
  const [row] = await db
    .select({ slot: serviceSlots, orgId: services.orgId, orgPath: owner.path })
    .from(serviceSlots)
    .innerJoin(services, eq(services.id, serviceSlots.serviceId))
    .innerJoin(owner, eq(owner.id, services.orgId))
    .where(and(eq(serviceSlots.id, slotId), eq(serviceSlots.serviceId, serviceId)));
  return row;
}

/** The member's name and encrypted phone on their latest membership (a former member keeps the name they booked under). */
const latestMembership = (column: 'name' | 'phone_enc') =>
  sql<string | null>`(select m.${sql.raw(column)} from memberships m where m.account_id = bookings.account_id order by m.joined_at desc limit 1)`;

/** Everyone on a slot now: places held (booked, offered, checked in, no-show) and the waitlist, in queue order. */
export async function bookersOf(db: Database, slotId: string) {
  return (
    db
      .select({
        id: bookings.id,
        status: bookings.status,
        position,
        createdAt: bookings.createdAt,
        name: latestMembership('name'),
        phoneEnc: latestMembership('phone_enc'),
      })
      .from(bookings)
      // Joined so that drizzle names every column with its table: the subqueries above refer to the outer booking.
      .innerJoin(serviceSlots, eq(serviceSlots.id, bookings.slotId))
      .where(and(eq(bookings.slotId, slotId), inArray(bookings.status, COUNTING)))
      .orderBy(sql`${bookings.queueNo} asc nulls first`, asc(bookings.createdAt))
      .limit(500)
  );
}

/**
 * Cancels every booking still on a slot (booked, offered, waitlisted; a check-in or no-show stands), inside the
 * caller's transaction under the slot's lock, returning each with the status it had.
 */
export async function cancelAllOnSlot(db: Database, slotId: string, at: Date) {
  const rows = await db.execute(sql`
    update bookings b set status = 'cancelled', cancelled_at = ${at.toISOString()}::timestamptz, offer_expires_at = null, updated_at = ${at.toISOString()}::timestamptz
    from (select id, status from bookings where slot_id = ${slotId} and status in ('booked', 'offered', 'waitlisted') for update) old
    where b.id = old.id
    returning b.id, b.account_id as "accountId", old.status as "was"`);
  return (rows as unknown as { rows: { id: string; accountId: string; was: BookingStatus }[] }).rows;
}

/** Marks the slot cancelled and clears what the cancelled bookings held. */
export async function markSlotCancelled(db: Database, slotId: string, values: { at: Date; reason: string; by: string; freed: number; unqueued: number }) {
  const [row] = await db
    .update(serviceSlots)
    .set({
      cancelledAt: values.at,
      cancelReason: values.reason,
      cancelledBy: values.by,
      taken: sql`${serviceSlots.taken} - ${values.freed}`,
      waitlisted: sql`${serviceSlots.waitlisted} - ${values.unqueued}`,
    })
    .where(eq(serviceSlots.id, slotId))
    .returning();
  return row!;
}
