import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  CODE_PURPOSES,
  maskName,
  maskPhone,
  type Booking,
  type CheckInResult,
  type LimitPeriod,
  type NotificationKind,
  type SlotBooker,
  type SlotBookers,
  type SlotCancelResult,
  type StaffRole,
} from '@union/shared';
import type { Database } from '../../db/client';
import { dayjs, inServiceTz, SERVICE_TZ } from '../../lib/dates';
import { covers, type ScopeFor } from '../../lib/scope';
import type { AuditPort } from '../audit';
import type { MemberStanding } from '../members';
import type { ShortCodeIssuer } from '../shortcodes';
import { SignedCodeError, type CodeSigner } from '../../lib/signed-codes';
import { SERVICE_ADMIN_ROLES, slotDto, type ServiceRow, type SlotRow } from '../services';
import { bookingErrors } from './bookings.errors';
import * as repo from './bookings.repository';
import type { BookingRow } from './bookings.table';
import type { PeriodicJob } from '../../lib/periodic';
import { createBookingWriter, type BookingWriterOptions } from './bookings.writer';

/** Staff who may check members in at the door. */
export const CHECK_IN_ROLES: readonly StaffRole[] = ['scanner', 'reviewer', 'admin', 'operator'];
/** Check-in opens this long before the slot starts. */
export const CHECK_IN_OPENS_MS = 60 * 60_000;
/**
 * A booking code is accepted this long after it was made. 我的预约 fetches a fresh one every 30 s while open, so a
 * screenshot or a code copied off someone's phone stops working soon after.
 */
export const BOOKING_CODE_MAX_AGE_SECONDS = 10 * 60;

type SlotAndRules = { slot: SlotRow; service: ServiceRow; eligiblePath: string; orgName: string };

export interface SlotPort {
  lockSlotWithRules(db: Database, slotId: string): Promise<SlotAndRules | undefined>;
  adjustSlot(db: Database, slotId: string, delta: { taken?: number; waitlisted?: number }): Promise<void>;
}

/**
 * Called inside the check-in's transaction when a booked place is checked in (once per booking, however many scans
 * race): the learning module pays a class's attendance points here. What it writes commits with the check-in.
 */
export type CheckInHook = (
  tx: Database,
  checkedIn: { accountId: string; serviceId: string; slotId: string; serviceKind: string; serviceTitle: string; at: Date },
) => Promise<unknown>;

export interface BookingsServiceDeps {
  db: Database;
  now?: () => Date;
  slots: SlotPort;
  memberStanding: MemberStanding;
  scopeFor: ScopeFor;
  enqueue: (db: Database, n: { accountId: string; kind: NotificationKind; data: Record<string, string>; dedupeKey: string }) => Promise<void>;
  audit: AuditPort;
  /** The shared signed-codes lib: booking codes are rotating codes of purpose `b` with the booking id as subject. */
  codes: Pick<CodeSigner, 'signRotating' | 'verify'>;
  rules: { noShowWindowDays: number; noShowBlockDays: number; reminderMinutes: number };
  /** Decrypts a phone stored encrypted (shown to admins masked only). */
  decrypt: (encrypted: string) => string;
  /** The short code printed under a booking's check-in QR (the member's list of bookings). */
  shortCodes?: ShortCodeIssuer;
  /** Runs in the check-in's transaction after a place is checked in (class attendance points). */
  onCheckIn?: CheckInHook;
  /** The booking writer's limits (tests make them small). */
  writer?: Partial<Pick<BookingWriterOptions, 'maxBatch' | 'maxQueue' | 'maxInFlight'>>;
}

/** Where a per-member limit counts: the Beijing calendar week (Monday first), month or year of the slot. */
export function limitWindow(period: LimitPeriod, at: Date): { from: Date | null; to: Date | null } {
  if (period === 'total') return { from: null, to: null };
  const d = inServiceTz(at);
  const day = (s: string) => dayjs.tz(s, SERVICE_TZ);
  if (period === 'year') return { from: day(`${d.year()}-01-01`).toDate(), to: day(`${d.year() + 1}-01-01`).toDate() };
  if (period === 'month') {
    const start = day(d.format('YYYY-MM-01'));
    return { from: start.toDate(), to: day(start.add(32, 'day').format('YYYY-MM-01')).toDate() };
  }
  const monday = day(d.subtract((d.day() + 6) % 7, 'day').format('YYYY-MM-DD'));
  return { from: monday.toDate(), to: monday.add(7, 'day').toDate() };
}

const cutoffOf = (slotStartsAt: Date, cutoffMinutes: number) => new Date(slotStartsAt.getTime() - cutoffMinutes * 60_000);
const fmtTime = (d: Date) => inServiceTz(d).format('YYYY-MM-DD HH:mm');
/** A slot as a person says it, on Beijing time: `12月8日 14:00-15:00`. */
const slotSpan = (startsAt: Date, endsAt: Date) => {
  const start = inServiceTz(startsAt);
  const end = inServiceTz(endsAt);
  return `${start.format('M月D日 HH:mm')}-${end.format(end.isSame(start, 'day') ? 'HH:mm' : 'M月D日 HH:mm')}`;
};

/** How long after a check-in the same staffer's phone may upload that scan again with its code expired meanwhile. */
export const LATE_UPLOAD_MS = 30 * 60_000;

// eslint-disable-next-line max-lines-per-function -- a service factory: its methods share the module's deps, caches and writer in one closure, and each method is short
export function createBookingsService(deps: BookingsServiceDeps) {
  const { db, slots } = deps;
  const now = deps.now ?? (() => new Date());
  // At most four batches in the database at once, whatever the load: a rush takes four pool connections, not the pool.
  const writer = createBookingWriter(db, {
    maxBatch: 500,
    maxQueue: 20_000,
    maxInFlight: 4,
    ...deps.writer,
    noShowWindowDays: deps.rules.noShowWindowDays,
    noShowBlockDays: deps.rules.noShowBlockDays,
  });

  function codeFor(id: string) {
    const { code, issuedAt } = deps.codes.signRotating(CODE_PURPOSES.booking, id, now().getTime() / 1000);
    return { qrToken: code, qrExpiresAt: new Date((issuedAt + BOOKING_CODE_MAX_AGE_SECONDS) * 1000).toISOString(), qrShortCode: null as string | null };
  }

  function dto(v: repo.BookingView): Booking {
    const b = v.booking;
    const code = b.status === 'booked' || b.status === 'checked_in' ? codeFor(b.id) : { qrToken: null, qrExpiresAt: null, qrShortCode: null };
    return {
      id: b.id,
      status: b.status,
      position: v.position,
      offerExpiresAt: b.status === 'offered' && b.offerExpiresAt ? b.offerExpiresAt.toISOString() : null,
      cancelBefore: cutoffOf(v.slotStartsAt, v.cancelCutoffMinutes).toISOString(),
      ...code,
      checkedInAt: b.checkedInAt?.toISOString() ?? null,
      createdAt: b.createdAt.toISOString(),
      slot: { id: b.slotId, startsAt: v.slotStartsAt.toISOString(), endsAt: v.slotEndsAt.toISOString() },
      service: { id: b.serviceId, kind: v.serviceKind, title: v.serviceTitle, address: v.serviceAddress, orgName: v.orgName },
    };
  }

  const messageData = (service: ServiceRow, slot: SlotRow, note: string) => ({
    title: service.title,
    time: fmtTime(slot.startsAt),
    place: service.address,
    note,
  });

  /**
   * A held place was given up: the first on the waitlist gets it (directly, or as an offer held
   * until the cut-off at the latest). From the cut-off on, nobody is offered it and it is freed.
   */
  async function passOn(tx: Database, slot: SlotRow, service: ServiceRow, at: Date) {
    const cutoff = cutoffOf(slot.startsAt, service.cancelCutoffMinutes);
    const next = at < cutoff ? await repo.firstWaiting(tx, slot.id) : undefined;
    if (!next) {
      await slots.adjustSlot(tx, slot.id, { taken: -1 });
      return;
    }
    await slots.adjustSlot(tx, slot.id, { waitlisted: -1 });
    if (service.promotion === 'direct') {
      await repo.setBooking(tx, next.id, { status: 'booked', promotedAt: at });
      await deps.enqueue(tx, {
        accountId: next.accountId,
        kind: 'booking_promoted',
        data: messageData(service, slot, '候补成功'),
        dedupeKey: `booking_promoted:${next.id}`,
      });
      return;
    }
    const expires = new Date(Math.min(at.getTime() + service.offerHoldMinutes * 60_000, cutoff.getTime()));
    await repo.setBooking(tx, next.id, { status: 'offered', offerExpiresAt: expires, promotedAt: at });
    await deps.enqueue(tx, {
      accountId: next.accountId,
      kind: 'booking_offered',
      data: { ...messageData(service, slot, '待确认'), expires: fmtTime(expires) },
      dedupeKey: `booking_offered:${next.id}`,
    });
  }

  async function mineOrThrow(accountId: string, id: string) {
    const view = await repo.findView(db, id);
    if (!view || view.booking.accountId !== accountId) throw bookingErrors.notFound();
    return view;
  }

  async function viewDto(id: string) {
    return dto((await repo.findView(db, id))!);
  }

  /** A slot of a service this admin or operator manages; another union's looks like none. */
  async function managedSlot(accountId: string, serviceId: string, slotId: string) {
    const scope = await deps.scopeFor(accountId, SERVICE_ADMIN_ROLES);
    const found = await repo.slotOfService(db, serviceId, slotId);
    if (!found || !covers(scope, found.orgPath)) throw bookingErrors.slotNotFound();
    return found;
  }

  /** A booker's phone, masked; none when it was not recorded or cannot be read (a row from before encryption keys rotated). */
  function phoneOf(encrypted: string | null): string | null {
    if (!encrypted) return null;
    try {
      return maskPhone(deps.decrypt(encrypted));
    } catch {
      return null;
    }
  }

  function bookerDto(r: Awaited<ReturnType<typeof repo.bookersOf>>[number]): SlotBooker {
    return {
      bookingId: r.id,
      memberName: r.name ? maskName(r.name) : '会员',
      phone: phoneOf(r.phoneEnc),
      status: r.status,
      position: r.position,
      createdAt: r.createdAt.toISOString(),
    };
  }

  return {
    /**
     * Books a place, or a place on the waitlist; an existing booking of the slot is answered again (created false).
     * One seat in the booking writer: with the requests that arrive meanwhile, one round trip to the database.
     */
    async book(accountId: string, slotId: string): Promise<{ booking: Booking; created: boolean }> {
      const at = now();
      const bookingId = randomUUID();
      const pending = writer.submit({ slot_id: slotId, booking_id: bookingId, account_id: accountId, at: at.toISOString() });
      if (!pending) throw bookingErrors.busy();
      const o = await pending;
      switch (o.outcome) {
        case 'not_member':
          throw bookingErrors.notMember();
        case 'slot_not_found':
          throw bookingErrors.slotNotFound();
        case 'not_eligible':
          throw bookingErrors.notEligible();
        case 'closed':
          throw bookingErrors.slotClosed();
        case 'cancelled':
          throw bookingErrors.slotCancelled();
        case 'blocked':
          throw bookingErrors.blocked(new Date(o.blocked_until!));
        case 'limit':
          throw bookingErrors.limitReached();
        case 'existing':
          return { booking: await viewDto(o.booking_id!), created: false };
      }
      // Built from what the batch wrote and read: no further round trip.
      const booked = o.outcome === 'booked';
      const view: repo.BookingView = {
        booking: {
          id: bookingId,
          slotId,
          serviceId: o.service_id!,
          accountId,
          status: booked ? 'booked' : 'waitlisted',
          queueNo: o.queue_no,
          offerExpiresAt: null,
          checkedInAt: null,
          checkedInBy: null,
          cancelledAt: null,
          promotedAt: null,
          remindedAt: null,
          slotStartsAt: new Date(o.slot_starts_at!),
          createdAt: at,
          updatedAt: at,
        },
        position: booked ? null : Number(o.position),
        slotStartsAt: new Date(o.slot_starts_at!),
        slotEndsAt: new Date(o.slot_ends_at!),
        serviceTitle: o.service_title!,
        serviceKind: o.service_kind as repo.BookingView['serviceKind'],
        serviceAddress: o.service_address!,
        cancelCutoffMinutes: Number(o.cancel_cutoff_minutes),
        orgId: '',
        orgName: o.org_name!,
        orgPath: '',
      };
      return { booking: dto(view), created: true };
    },

    async mine(accountId: string, q: { limit: number; offset: number }): Promise<Booking[]> {
      const list = (await repo.listViewsOf(db, accountId, now(), q)).map(dto);
      const withCode = list.filter((b) => b.qrToken !== null);
      if (deps.shortCodes && withCode.length > 0) {
        const shortCodes = await deps.shortCodes(withCode.map((b) => ({ purpose: 'booking', text: b.qrToken!, expiresAt: new Date(b.qrExpiresAt!) })));
        withCode.forEach((b, i) => (b.qrShortCode = shortCodes[i] ?? null));
      }
      return list;
    },

    /** Cancels before the cut-off; a held place passes to the first on the waitlist. Leaving the waitlist is always allowed. */
    async cancel(accountId: string, id: string): Promise<Booking> {
      const view = await mineOrThrow(accountId, id);
      const at = now();
      await db.transaction(async (tx) => {
        const locked = await slots.lockSlotWithRules(tx, view.booking.slotId);
        const b = await repo.lockBooking(tx, id);
        if (!locked || !b) throw bookingErrors.notFound();
        const { slot, service } = locked;
        if (b.status === 'waitlisted') {
          await repo.setBooking(tx, id, { status: 'cancelled', cancelledAt: at });
          await slots.adjustSlot(tx, slot.id, { waitlisted: -1 });
          return;
        }
        if (b.status !== 'booked' && b.status !== 'offered') throw bookingErrors.notCancellable();
        if (at >= cutoffOf(slot.startsAt, service.cancelCutoffMinutes)) throw bookingErrors.cutoffPassed();
        await repo.setBooking(tx, id, { status: 'cancelled', cancelledAt: at, offerExpiresAt: null });
        await passOn(tx, slot, service, at);
      });
      return viewDto(id);
    },

    /**
     * Inside the caller's transaction (a member leaving the union): every place and waitlist place the account holds on
     * a slot that has not started is cancelled, whatever the member cut-off; a held place passes to the first waiting
     * (or is freed from the cut-off on). Slots are locked in id order, as book_batch locks them. Returns how many.
     */
    async cancelAheadOf(tx: Database, accountId: string, at: Date): Promise<number> {
      let cancelled = 0;
      for (const { id, slotId } of await repo.heldAheadOf(tx, accountId, at)) {
        const locked = await slots.lockSlotWithRules(tx, slotId);
        const b = await repo.lockBooking(tx, id);
        if (!locked || !b) continue;
        if (b.status === 'waitlisted') {
          await repo.setBooking(tx, id, { status: 'cancelled', cancelledAt: at });
          await slots.adjustSlot(tx, slotId, { waitlisted: -1 });
        } else if (b.status === 'booked' || b.status === 'offered') {
          await repo.setBooking(tx, id, { status: 'cancelled', cancelledAt: at, offerExpiresAt: null });
          await passOn(tx, locked.slot, locked.service, at);
        } else {
          continue;
        }
        cancelled++;
      }
      return cancelled;
    },

    /** Takes an offered place before its hold runs out; a second accept answers the same. */
    async accept(accountId: string, id: string): Promise<Booking> {
      const view = await mineOrThrow(accountId, id);
      const at = now();
      const outcome = await db.transaction(async (tx) => {
        const locked = await slots.lockSlotWithRules(tx, view.booking.slotId);
        const b = await repo.lockBooking(tx, id);
        if (!locked || !b) throw bookingErrors.notFound();
        if (b.status === 'booked' && b.promotedAt) return 'ok';
        if (b.status !== 'offered') return 'no_offer';
        if (!b.offerExpiresAt || b.offerExpiresAt <= at) {
          // Lapsed: pass it on now rather than wait for the job.
          await repo.setBooking(tx, id, { status: 'expired' });
          await passOn(tx, locked.slot, locked.service, at);
          return 'expired';
        }
        await repo.setBooking(tx, id, { status: 'booked', offerExpiresAt: null });
        await deps.enqueue(tx, {
          accountId,
          kind: 'booking_confirmed',
          data: messageData(locked.service, locked.slot, '预约成功'),
          dedupeKey: `booking_confirmed:${id}`,
        });
        return 'ok';
      });
      if (outcome === 'no_offer') throw bookingErrors.noOffer();
      if (outcome === 'expired') throw bookingErrors.offerExpired();
      return viewDto(id);
    },

    /** Staff scan: the signed code checks the member in once; a repeated or replayed scan gets the same answer. */
    async checkIn(staffAccountId: string, token: string): Promise<CheckInResult> {
      const at = now();
      let id: string;
      // Set when the code is genuine but too old: only a booking already checked in may still answer to it.
      let expired = false;
      try {
        id = deps.codes.verify(token.trim(), { purpose: CODE_PURPOSES.booking, maxAgeSeconds: BOOKING_CODE_MAX_AGE_SECONDS, now: at.getTime() / 1000 }).subject;
      } catch (error) {
        if (!(error instanceof SignedCodeError)) throw error;
        if (error.reason !== 'expired' || !error.subject) throw bookingErrors.tokenInvalid();
        id = error.subject;
        expired = true;
      }
      const scope = await deps.scopeFor(staffAccountId, CHECK_IN_ROLES);
      const view = await repo.findView(db, id);
      // Another union's booking looks like none at all.
      if (!view || !covers(scope, view.orgPath)) throw expired ? bookingErrors.tokenExpired() : bookingErrors.notFound();
      // A scan that went through and is uploaded again late (weak signal) gets the same answer: the same staffer's
      // phone, soon after. Anything else with an old code is refused, so a screenshot of a used code shown again
      // later, or at another staffer's phone, is not taken for a check-in.
      if (
        expired &&
        (view.booking.status !== 'checked_in' ||
          view.booking.checkedInBy !== staffAccountId ||
          !view.booking.checkedInAt ||
          at.getTime() - view.booking.checkedInAt.getTime() > LATE_UPLOAD_MS)
      ) {
        throw bookingErrors.tokenExpired();
      }
      let row: BookingRow | undefined = view.booking;
      if (row.status === 'booked') {
        if (at.getTime() < view.slotStartsAt.getTime() - CHECK_IN_OPENS_MS || at > view.slotEndsAt) {
          // The staffer at the door needs whose booking it is and when it is for, to tell the member when to come.
          const member = await deps.memberStanding(db, row.accountId);
          throw bookingErrors.checkInClosed(member ? maskName(member.name) : '会员', slotSpan(view.slotStartsAt, view.slotEndsAt), at > view.slotEndsAt);
        }
        row = await db.transaction(async (tx) => {
          const done = await repo.markCheckedIn(tx, id, at, staffAccountId);
          if (done) {
            await deps.audit.record(tx, { actorAccountId: staffAccountId, action: 'booking.check_in', targetType: 'booking', targetId: id, orgId: view.orgId });
            await deps.onCheckIn?.(tx, {
              accountId: done.accountId,
              serviceId: done.serviceId,
              slotId: done.slotId,
              serviceKind: view.serviceKind,
              serviceTitle: view.serviceTitle,
              at,
            });
          }
          return done ?? (await repo.lockBooking(tx, id));
        });
      }
      if (!row || row.status !== 'checked_in' || !row.checkedInAt) throw bookingErrors.notCheckable();
      const member = await deps.memberStanding(db, row.accountId);
      return {
        bookingId: id,
        status: 'checked_in',
        checkedInAt: row.checkedInAt.toISOString(),
        // Masked as every name shown to staff is: enough to compare with the person at the desk.
        memberName: member ? maskName(member.name) : '会员',
        serviceTitle: view.serviceTitle,
        slotStartsAt: view.slotStartsAt.toISOString(),
        slotEndsAt: view.slotEndsAt.toISOString(),
      };
    },

    /** Who is on a slot (admins and operators of the service's union): masked names and phones, the waitlist in order. */
    async slotBookers(accountId: string, serviceId: string, slotId: string): Promise<SlotBookers> {
      const { slot } = await managedSlot(accountId, serviceId, slotId);
      const rows = (await repo.bookersOf(db, slotId)).map(bookerDto);
      return { slot: slotDto(slot), booked: rows.filter((r) => r.status !== 'waitlisted'), waitlisted: rows.filter((r) => r.status === 'waitlisted') };
    },

    /**
     * The union cancels a slot that has not ended: every booking still on it (booked, offered, waitlisted) is
     * cancelled and its member told the reason through the outbox, once each (the dedupe key is the booking); the slot
     * takes no bookings from then on (book_batch refuses it). Audited in the same transaction. Cancelling again changes
     * nothing and tells nobody again.
     */
    async cancelSlot(accountId: string, serviceId: string, slotId: string, reason: string): Promise<SlotCancelResult> {
      const found = await managedSlot(accountId, serviceId, slotId);
      const at = now();
      return db.transaction(async (tx) => {
        const locked = await slots.lockSlotWithRules(tx, slotId);
        if (!locked) throw bookingErrors.slotNotFound();
        const { slot, service } = locked;
        if (slot.cancelledAt) return { slot: slotDto(slot), notified: 0 };
        if (slot.endsAt <= at) throw bookingErrors.slotEnded();
        const cancelled = await repo.cancelAllOnSlot(tx, slotId, at);
        const unqueued = cancelled.filter((c) => c.was === 'waitlisted').length;
        const updated = await repo.markSlotCancelled(tx, slotId, { at, reason, by: accountId, freed: cancelled.length - unqueued, unqueued });
        for (const c of cancelled) {
          await deps.enqueue(tx, {
            accountId: c.accountId,
            kind: 'booking_cancelled',
            data: messageData(service, slot, `已取消：${reason}`),
            dedupeKey: `booking_cancelled:${c.id}`,
          });
        }
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: 'service.slot_cancel',
          targetType: 'service_slot',
          targetId: slotId,
          orgId: found.orgId,
          detail: { serviceId, reason, booked: cancelled.length - unqueued, waitlisted: unqueued },
        });
        return { slot: slotDto(updated), notified: cancelled.length };
      });
    },

    /** Offers whose hold ran out pass on to the next in line; a slot another worker holds is skipped this round. */
    async expireOffers(limit = 50): Promise<number> {
      const at = now();
      let done = 0;
      for (const due of await repo.dueOffers(db, at, limit)) {
        const changed = await db.transaction(async (tx) => {
          const locked = await tx.execute(sql`select id from service_slots where id = ${due.slotId} for update skip locked`);
          if ((locked as unknown as { rows: unknown[] }).rows.length === 0) return false;
          const slotAndRules = await slots.lockSlotWithRules(tx, due.slotId);
          const b = await repo.lockBooking(tx, due.id);
          if (!slotAndRules || !b || b.status !== 'offered' || !b.offerExpiresAt || b.offerExpiresAt > at) return false;
          await repo.setBooking(tx, b.id, { status: 'expired' });
          await passOn(tx, slotAndRules.slot, slotAndRules.service, at);
          return true;
        });
        if (changed) done++;
      }
      return done;
    },

    /** After slots end: no-shows (their own state) and lapsed waitlist places. */
    async closeEndedSlots() {
      return repo.closeEndedSlots(db, now());
    },

    /** Reminders for places starting within the reminder window, written to the outbox once each. */
    async sendReminders(limit = 200): Promise<number> {
      const at = now();
      return db.transaction(async (tx) => {
        const due = await repo.takeDueReminders(tx, at, new Date(at.getTime() + deps.rules.reminderMinutes * 60_000), limit);
        const views = await repo.viewsByIds(
          tx,
          due.map((d) => d.id),
        );
        for (const v of views) {
          await deps.enqueue(tx, {
            accountId: v.booking.accountId,
            kind: 'booking_reminder',
            data: { title: v.serviceTitle, time: fmtTime(v.slotStartsAt), place: v.serviceAddress, note: '即将开始' },
            dedupeKey: `booking_reminder:${v.booking.id}`,
          });
        }
        return views.length;
      });
    },
  };
}

export type BookingsService = ReturnType<typeof createBookingsService>;

/** The booking jobs (offers that lapsed, no-shows, reminders) as one periodic job (lib/periodic). */
export function bookingJobs(service: Pick<BookingsService, 'expireOffers' | 'closeEndedSlots' | 'sendReminders'>, intervalMs: number): PeriodicJob {
  return {
    name: 'booking jobs',
    intervalMs,
    pass: async () => {
      await service.expireOffers();
      await service.closeEndedSlots();
      await service.sendReminders();
    },
  };
}
