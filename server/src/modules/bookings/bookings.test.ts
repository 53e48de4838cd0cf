import { eq, sql } from 'drizzle-orm';
import { createDevNotifier } from '../../adapters/notify/dev-notify';
import { buildSecondInstance, buildTestApp, createMembers, login, type TestApp } from '../../../test/helpers';
import { serviceWithSlot } from '../../../test/booking-fixtures';
import { memberships } from '../members';
import { notificationsOf } from '../notifications';
import { serviceSlots } from '../services';
import { limitWindow } from './bookings.service';

/** A clock the tests move: offers lapse, cut-offs pass and slots end without waiting. */
let clock = Date.now();
const notifier = createDevNotifier();
let t: TestApp;
let staffX: Record<string, string>;
let staffY: Record<string, string>;
let orgX = '';

beforeAll(async () => {
  t = await buildTestApp({ env: { NOTIFY_DISPATCH_MS: '0', BOOKING_JOBS_MS: '0' }, now: () => new Date(clock), notifier });
  staffX = (await login(t.app, '13800000001')).auth;
  staffY = (await login(t.app, '13800000002')).auth;
  orgX = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: staffX })).json().grants[0].orgId;
});
afterAll(() => t.close());
afterEach(() => {
  clock = Date.now();
});

const book = (auth: Record<string, string>, slotId: string) => t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: auth, payload: { slotId } });
const cancel = (auth: Record<string, string>, id: string) => t.app.inject({ method: 'DELETE', url: `/api/v1/bookings/${id}`, headers: auth });
const mine = async (auth: Record<string, string>) =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/bookings/mine', headers: auth })).json().items as {
    id: string;
    status: string;
    position: number | null;
    qrToken: string | null;
    offerExpiresAt: string | null;
  }[];
const slotRow = async (slotId: string) => (await t.database.db.select().from(serviceSlots).where(eq(serviceSlots.id, slotId)))[0]!;
const checkIn = (auth: Record<string, string>, token: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/staff/bookings/check-in', headers: auth, payload: { token } });

describe('booking and the waitlist', () => {
  it('books while places last, then waitlists with positions; a cancel promotes the first in line directly and tells them', async () => {
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1 });
    const [a, b, c] = await createMembers(t, 'xjk', 3);
    const first = await book(a!.auth, slotId);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'booked', position: null });
    // A signed code of the shared lib (purpose b), short for a low-density QR.
    expect(first.json().qrToken).toMatch(/^b\.[a-z0-9]+\.[A-Za-z0-9_-]{22}\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    expect(first.json().qrToken.length).toBeLessThanOrEqual(70);
    expect((await book(b!.auth, slotId)).json()).toMatchObject({ status: 'waitlisted', position: 1, qrToken: null });
    expect((await book(c!.auth, slotId)).json()).toMatchObject({ status: 'waitlisted', position: 2 });

    const cancelled = await cancel(a!.auth, first.json().id);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await mine(b!.auth))[0]).toMatchObject({ status: 'booked' });
    expect((await mine(c!.auth))[0]).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(await slotRow(slotId)).toMatchObject({ taken: 1, waitlisted: 1 });
    const told = await notificationsOf(t.database.db, b!.accountId);
    expect(told.map((n) => n.kind)).toEqual(['booking_promoted']);
    expect((await notificationsOf(t.database.db, a!.accountId)).map((n) => n.kind)).toEqual(['booking_confirmed']);
  });

  it('answers a repeated booking of the same slot with the one booking (200), and lets a member leave the waitlist', async () => {
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1 });
    const [a, b] = await createMembers(t, 'xjk', 2);
    const once = await book(a!.auth, slotId);
    const again = await book(a!.auth, slotId);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(once.json().id);
    const waiting = (await book(b!.auth, slotId)).json();
    expect((await cancel(b!.auth, waiting.id)).json().status).toBe('cancelled');
    expect(await slotRow(slotId)).toMatchObject({ taken: 1, waitlisted: 0 });
  });

  it('offers a freed place for the hold time; the holder accepts it; an unanswered offer passes on; no offer after the cut-off', async () => {
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, {
      capacity: 1,
      startsInHours: 24,
      rules: { promotion: 'offer', offerHoldMinutes: 30, cancelCutoffMinutes: 120 },
    });
    const [a, b, c, d] = await createMembers(t, 'xjk', 4);
    const held = (await book(a!.auth, slotId)).json();
    const wb = (await book(b!.auth, slotId)).json();
    const wc = (await book(c!.auth, slotId)).json();
    const wd = (await book(d!.auth, slotId)).json();
    await cancel(a!.auth, held.id);
    const offer = (await mine(b!.auth))[0]!;
    expect(offer.status).toBe('offered');
    expect(Date.parse(offer.offerExpiresAt!) - clock).toBe(30 * 60_000);
    expect((await notificationsOf(t.database.db, b!.accountId)).map((n) => n.kind)).toEqual(['booking_offered']);

    // b lets it lapse: the job passes it to c.
    clock += 31 * 60_000;
    expect(await t.app.bookings.expireOffers()).toBe(1);
    expect((await mine(b!.auth))[0]!.status).toBe('expired');
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/bookings/${wb.id}/accept`, headers: b!.auth })).json().error.code).toBe('bookings.no_offer');
    expect((await mine(c!.auth))[0]!.status).toBe('offered');

    // c accepts, twice: booked once, the same answer.
    const accepted = await t.app.inject({ method: 'POST', url: `/api/v1/bookings/${wc.id}/accept`, headers: c!.auth });
    expect(accepted.json()).toMatchObject({ status: 'booked' });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/bookings/${wc.id}/accept`, headers: c!.auth })).json()).toMatchObject({ status: 'booked' });

    // Past the cut-off c cannot cancel, and d is never offered anything.
    clock = Date.parse(offer.offerExpiresAt!) + 22 * 3_600_000;
    const late = await cancel(c!.auth, wc.id);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('bookings.cutoff_passed');
    expect((await mine(d!.auth))[0]).toMatchObject({ id: wd.id, status: 'waitlisted', position: 1 });
    expect(await slotRow(slotId)).toMatchObject({ taken: 1, waitlisted: 1 });
  });

  it('withdraws an offer when its holder cancels it, and offers it to the next', async () => {
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1, rules: { promotion: 'offer' } });
    const [a, b, c] = await createMembers(t, 'xjk', 3);
    const held = (await book(a!.auth, slotId)).json();
    const wb = (await book(b!.auth, slotId)).json();
    await book(c!.auth, slotId);
    await cancel(a!.auth, held.id);
    expect((await cancel(b!.auth, wb.id)).json().status).toBe('cancelled');
    expect((await mine(c!.auth))[0]!.status).toBe('offered');
    expect(await slotRow(slotId)).toMatchObject({ taken: 1, waitlisted: 0 });
  });

  it('frees the place when nobody waits', async () => {
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 2 });
    const [a] = await createMembers(t, 'xjk', 1);
    const held = (await book(a!.auth, slotId)).json();
    await cancel(a!.auth, held.id);
    expect(await slotRow(slotId)).toMatchObject({ taken: 0, waitlisted: 0 });
    expect((await cancel(a!.auth, held.id)).json().error.code).toBe('bookings.not_cancellable');
  });

  it("refuses other members' bookings, slots that started, and unknown slots", async () => {
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 2, startsInHours: 1 });
    const [a, b] = await createMembers(t, 'xjk', 2);
    const held = (await book(a!.auth, slotId)).json();
    expect((await cancel(b!.auth, held.id)).statusCode).toBe(404);
    clock += 2 * 3_600_000;
    expect((await book(b!.auth, slotId)).json().error.code).toBe('bookings.slot_closed');
    expect((await book(b!.auth, '00000000-0000-4000-8000-000000000000')).json().error.code).toBe('services.slot_not_found');
  });
});

describe('per-member limits and no-shows', () => {
  it('allows one sanatorium trip a year on the Beijing calendar', async () => {
    const { serviceId, slotId } = await serviceWithSlot(t.app, staffX, orgX, {
      capacity: 5,
      kind: 'sanatorium',
      rules: { perMemberLimit: { count: 1, period: 'year' } },
    });
    const second = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/services/${serviceId}/slots`,
      headers: staffX,
      payload: { startsAt: new Date(clock + 96 * 3_600_000).toISOString(), endsAt: new Date(clock + 97 * 3_600_000).toISOString(), capacity: 5 },
    });
    const [a] = await createMembers(t, 'xjk', 1);
    expect((await book(a!.auth, slotId)).statusCode).toBe(201);
    const refused = await book(a!.auth, second.json().items[0].id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('bookings.limit_reached');
  });

  it('counts the year in Beijing: 2026-12-31T16:30Z is already 2027', () => {
    expect(limitWindow('year', new Date('2026-12-31T16:30:00Z'))).toEqual({ from: new Date('2026-12-31T16:00:00Z'), to: new Date('2027-12-31T16:00:00Z') });
    expect(limitWindow('week', new Date('2026-11-29T17:00:00Z')).from).toEqual(new Date('2026-11-29T16:00:00Z'));
  });

  it('marks a place not checked in as a no-show when the slot ends (never a cancellation), and blocks after the limit', async () => {
    const [a] = await createMembers(t, 'xjk', 1);
    for (let i = 0; i < 2; i++) {
      const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1, startsInHours: 1, rules: { noShowLimit: 2 } });
      await book(a!.auth, slotId);
    }
    clock += 3 * 3_600_000;
    expect((await t.app.bookings.closeEndedSlots()).noShows).toBeGreaterThanOrEqual(2);
    expect((await mine(a!.auth)).map((b) => b.status)).toEqual(['no_show', 'no_show']);
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1, startsInHours: 30, rules: { noShowLimit: 2 } });
    const blocked = await book(a!.auth, slotId);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('bookings.blocked_no_show');
    expect(Date.parse(blocked.json().error.until)).toBeGreaterThan(clock + 29 * 86_400_000);
    // A service without a no-show limit still takes them.
    const open = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1, startsInHours: 30, rules: { noShowLimit: null } });
    expect((await book(a!.auth, open.slotId)).statusCode).toBe(201);
  });
});

describe('check-in by scan', () => {
  it('checks a member in once however often the code is scanned, with the same answer each time', async () => {
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1, startsInHours: 0.5 });
    const [a] = await createMembers(t, 'xjk', 1);
    const booked = (await book(a!.auth, slotId)).json();
    const scanner = (await login(t.app, '13800000005')).auth;
    const answers = await Promise.all([checkIn(scanner, booked.qrToken), checkIn(scanner, booked.qrToken), checkIn(staffX, booked.qrToken)]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((r) => r.body)).size).toBe(1);
    expect(answers[0]!.json()).toMatchObject({ status: 'checked_in', serviceTitle: '劳动争议法律咨询' });
    expect((await mine(a!.auth))[0]!.status).toBe('checked_in');
    clock += 3 * 3_600_000;
    await t.app.bookings.closeEndedSlots();
    expect((await mine(a!.auth))[0]!.status).toBe('checked_in');
  });

  it('answers the member name masked, as scan, redeem and claims-today do (王*国, never the full name)', async () => {
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1, startsInHours: 0.5 });
    const [a] = await createMembers(t, 'xjk', 1);
    await t.database.db.update(memberships).set({ name: '王建国' }).where(eq(memberships.accountId, a!.accountId));
    const booked = (await book(a!.auth, slotId)).json();
    const res = await checkIn(staffX, booked.qrToken);
    expect(res.statusCode).toBe(200);
    expect(res.json().memberName).toBe('王*国');
    expect(res.body).not.toContain('王建国');
  });

  it("refuses a forged code, another union's staff, and a scan long before the slot", async () => {
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1, startsInHours: 5 });
    const [a] = await createMembers(t, 'xjk', 1);
    const booked = (await book(a!.auth, slotId)).json();
    const forged = booked.qrToken.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A'));
    expect((await checkIn(staffX, forged)).json().error.code).toBe('bookings.token_invalid');
    expect((await checkIn(staffY, booked.qrToken)).statusCode).toBe(404);
    expect((await checkIn(staffX, booked.qrToken)).json().error.code).toBe('bookings.check_in_closed');
  });

  it('tells staff whose booking a scan too early is and when its slot is, on Beijing time', async () => {
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1, startsInHours: 5 });
    const [a] = await createMembers(t, 'xjk', 1);
    await t.database.db.update(memberships).set({ name: '王建国' }).where(eq(memberships.accountId, a!.accountId));
    const booked = (await book(a!.auth, slotId)).json();
    const res = await checkIn(staffX, booked.qrToken);
    const beijing = (iso: string, withDate: boolean) => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
          .formatToParts(new Date(iso))
          .map((p) => [p.type, p.value]),
      );
      return `${withDate ? `${Number(parts.month)}月${Number(parts.day)}日 ` : ''}${parts.hour}:${parts.minute}`;
    };
    const sameDay = beijing(booked.slot.startsAt, true).split(' ')[0] === beijing(booked.slot.endsAt, true).split(' ')[0];
    const span = `${beijing(booked.slot.startsAt, true)}-${beijing(booked.slot.endsAt, !sameDay)}`;
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'bookings.check_in_closed', message: `王*国 预约的是 ${span}，开始前 1 小时起可签到` });
    expect(res.body).not.toContain('王建国');
  });

  it('refuses a tampered code (another booking id under the old signature, or a member code) and an expired one, each with its code', async () => {
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 2, startsInHours: 0.5 });
    const [a, b] = await createMembers(t, 'xjk', 2);
    const mineA = (await book(a!.auth, slotId)).json();
    const mineB = (await book(b!.auth, slotId)).json();
    // A's signature on B's booking id.
    const [purpose, kid, , step, mac] = mineA.qrToken.split('.');
    const swapped = [purpose, kid, mineB.qrToken.split('.')[2], step, mac].join('.');
    const refused = await checkIn(staffX, swapped);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'bookings.token_invalid', field: 'token' });
    for (const bad of ['BK1.nonsense.code', `m.${mineA.qrToken.slice(2)}`])
      expect((await checkIn(staffX, bad)).json().error.code).toBe('bookings.token_invalid');
    expect((await mine(b!.auth))[0]!.status).toBe('booked');

    // A code shown at 12:00 is refused from 12:10 on; the fresh one on the page still works.
    const old = mineA.qrToken;
    expect(Date.parse(mineA.qrExpiresAt) - clock).toBeLessThanOrEqual(10 * 60_000);
    clock += 11 * 60_000;
    const late = await checkIn(staffX, old);
    expect(late.statusCode).toBe(400);
    expect(late.json().error).toMatchObject({ code: 'bookings.token_expired', field: 'token' });
    expect((await mine(a!.auth))[0]!.status).toBe('booked');
    const fresh = (await mine(a!.auth))[0]!.qrToken!;
    expect(fresh).not.toBe(old);
    expect((await checkIn(staffX, fresh)).statusCode).toBe(200);
  });

  it('answers a scan uploaded again after its code expired with the same check-in, once it went through', async () => {
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1, startsInHours: 0.5 });
    const [a] = await createMembers(t, 'xjk', 1);
    const code = (await book(a!.auth, slotId)).json().qrToken;
    const first = await checkIn(staffX, code);
    expect(first.statusCode).toBe(200);
    clock += 20 * 60_000;
    const again = await checkIn(staffX, code);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    // Still only the owning union's staff.
    expect((await checkIn(staffY, code)).json().error.code).toBe('bookings.token_expired');
    // A screenshot of the used code, shown at another staffer's phone, or at the same phone hours later, is refused.
    const colleague = (await login(t.app, '13800000005')).auth;
    expect((await checkIn(colleague, code)).json().error.code).toBe('bookings.token_expired');
    clock += 3 * 3_600_000;
    expect((await checkIn(staffX, code)).json().error.code).toBe('bookings.token_expired');
  });
});

describe('reminders', () => {
  it('writes one reminder per booked place starting within the window', async () => {
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1, startsInHours: 1.5 });
    const [a] = await createMembers(t, 'xjk', 1);
    await book(a!.auth, slotId);
    await t.app.bookings.sendReminders();
    await t.app.bookings.sendReminders();
    expect((await notificationsOf(t.database.db, a!.accountId)).map((n) => n.kind)).toEqual(['booking_confirmed', 'booking_reminder']);
    notifier.sent.length = 0;
    clock = Date.now() + 1000;
    while ((await t.app.notifications.dispatchDue(50)) > 0);
    expect(notifier.sent.filter((m) => m.kind === 'booking_reminder' && m.data.title === '劳动争议法律咨询').length).toBeGreaterThanOrEqual(1);
  });
});

// Hundreds of requests on one row: seconds on an idle machine, much longer on a loaded shared one.
const RACE_TIMEOUT = 180_000;

describe('under concurrency', () => {
  it.each([1, 5, 50])(
    'books exactly %i of 500 members racing for one slot and waitlists the rest at positions 1..n',
    async (capacity) => {
      const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity });
      const members = await createMembers(t, 'xjk', 500);
      const answers = await Promise.all(members.map((m) => book(m.auth, slotId)));
      expect(answers.filter((r) => r.statusCode !== 201).map((r) => r.body)).toEqual([]);
      const bodies = answers.map((r) => r.json() as { status: string; position: number | null });
      expect(bodies.filter((b) => b.status === 'booked')).toHaveLength(capacity);
      const waiting = bodies.filter((b) => b.status === 'waitlisted').map((b) => b.position!);
      expect(waiting.sort((x, y) => x - y)).toEqual(Array.from({ length: 500 - capacity }, (_, i) => i + 1));
      expect(await slotRow(slotId)).toMatchObject({ taken: capacity, waitlisted: 500 - capacity });
    },
    RACE_TIMEOUT,
  );

  it(
    'never holds more places than the capacity while members cancel and book at once',
    async () => {
      const capacity = 10;
      const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity });
      const members = await createMembers(t, 'xjk', 120);
      const first = await Promise.all(members.slice(0, 40).map((m) => book(m.auth, slotId)));
      const held = first.map((r, i) => ({ m: members[i]!, b: r.json() })).filter((x) => x.b.status === 'booked');
      await Promise.all([...held.map((x) => cancel(x.m.auth, x.b.id)), ...members.slice(40).map((m) => book(m.auth, slotId))]);
      const rows = await t.database.db.select().from(serviceSlots).where(eq(serviceSlots.id, slotId));
      expect(rows[0]!.taken).toBe(capacity);
      const statuses = (await Promise.all(members.map(async (m) => (await mine(m.auth))[0]!.status))).reduce<Record<string, number>>(
        (acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }),
        {},
      );
      expect(statuses.booked).toBe(capacity);
      expect(statuses.cancelled).toBe(capacity);
      expect(statuses.waitlisted).toBe(120 - 2 * capacity);
    },
    RACE_TIMEOUT,
  );

  it(
    "gives one member's 50 parallel bookings of one slot one booking",
    async () => {
      const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 5 });
      const [a] = await createMembers(t, 'xjk', 1);
      const answers = await Promise.all(Array.from({ length: 50 }, () => book(a!.auth, slotId)));
      expect(new Set(answers.map((r) => r.json().id)).size).toBe(1);
      expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(49);
      expect(await slotRow(slotId)).toMatchObject({ taken: 1 });
    },
    RACE_TIMEOUT,
  );
});

/** Row locks and a pool only exist on a real server: these run with TEST_DATABASE_URL and are skipped on PGlite. */
const onRealPg = process.env.TEST_DATABASE_URL ? it : it.skip;

describe('a rush on one slot', () => {
  onRealPg(
    'answers 500 members racing for one slot, half through a second instance with a 6-connection pool that sheds after 1 s: no 503, exact places and positions across both, and other requests still answered',
    async () => {
      // The shape of the 9:00 sign-up: far more requests than pool connections, all on one row. Requests that wait for
      // a connection longer than the pool allows are shed with 503; a booking must not need a connection per request.
      const small = await buildSecondInstance(t, { pool: { size: 6, waitMs: 1000 } });
      try {
        const capacity = 20;
        const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity });
        const members = await createMembers(t, 'xjk', 520);
        const racers = members.slice(0, 500);
        const readers = members.slice(500);
        const [answers, reads] = await Promise.all([
          // Every other member through the first instance: two writers, one slot; the database keeps the count and the queue.
          Promise.all(
            racers.map((m, i) => (i % 2 === 0 ? small.app : t.app).inject({ method: 'POST', url: '/api/v1/bookings', headers: m.auth, payload: { slotId } })),
          ),
          Promise.all(readers.map((m) => small.app.inject({ method: 'GET', url: '/api/v1/bookings/mine', headers: m.auth }))),
        ]);
        expect(answers.filter((r) => r.statusCode !== 201).map((r) => `${r.statusCode} ${r.body}`)).toEqual([]);
        expect(reads.map((r) => r.statusCode)).toEqual(readers.map(() => 200));
        const bodies = answers.map((r) => r.json() as { status: string; position: number | null });
        expect(bodies.filter((b) => b.status === 'booked')).toHaveLength(capacity);
        expect(
          bodies
            .filter((b) => b.status === 'waitlisted')
            .map((b) => b.position!)
            .sort((x, y) => x - y),
        ).toEqual(Array.from({ length: 500 - capacity }, (_, i) => i + 1));
        // In the database: exactly the capacity booked, the queue numbered 1..n without gaps, counters that agree.
        const rows = (await t.database.db.execute(sql`
          select count(*) filter (where status = 'booked')::int as booked, count(*) filter (where status = 'waitlisted')::int as waiting,
            min(queue_no)::int as first_no, max(queue_no)::int as last_no, count(distinct queue_no)::int as numbers
          from bookings where slot_id = ${slotId}`)) as unknown as { rows: Record<string, number>[] };
        expect(rows.rows[0]).toEqual({ booked: capacity, waiting: 500 - capacity, first_no: 1, last_no: 500 - capacity, numbers: 500 - capacity });
        expect(await slotRow(slotId)).toMatchObject({ taken: capacity, waitlisted: 500 - capacity, waitlistSeq: 500 - capacity });
        expect((await notificationsOf(t.database.db, racers.find((_, i) => bodies[i]!.status === 'booked')!.accountId)).map((n) => n.kind)).toEqual([
          'booking_confirmed',
        ]);
      } finally {
        await small.close();
      }
    },
    RACE_TIMEOUT,
  );

  it(
    "counts one member's parallel bookings of two slots of a once-a-year service once: one booked, the same slot answered again, the other slot refused",
    async () => {
      const { serviceId, slotId } = await serviceWithSlot(t.app, staffX, orgX, {
        capacity: 5,
        kind: 'sanatorium',
        rules: { perMemberLimit: { count: 1, period: 'year' } },
      });
      const other = await t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/services/${serviceId}/slots`,
        headers: staffX,
        payload: { startsAt: new Date(clock + 96 * 3_600_000).toISOString(), endsAt: new Date(clock + 97 * 3_600_000).toISOString(), capacity: 5 },
      });
      const otherId = other.json().items[0].id as string;
      const [a] = await createMembers(t, 'xjk', 1);
      const slots = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? slotId : otherId));
      const answers = await Promise.all(slots.map((s) => book(a!.auth, s)));
      const created = answers.filter((r) => r.statusCode === 201);
      expect(created).toHaveLength(1);
      const won = slots[answers.indexOf(created[0]!)]!;
      answers.forEach((r, i) => {
        if (r === created[0]) return;
        expect(slots[i] === won ? [r.statusCode, r.json().id] : [r.statusCode, r.json().error.code]).toEqual(
          slots[i] === won ? [200, created[0]!.json().id] : [409, 'bookings.limit_reached'],
        );
      });
      expect(await mine(a!.auth)).toHaveLength(1);
    },
    RACE_TIMEOUT,
  );
});

describe('a slot as its union’s admins see it', () => {
  const bookers = (auth: Record<string, string>, serviceId: string, slotId: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/admin/services/${serviceId}/slots/${slotId}/bookings`, headers: auth });
  const cancelSlot = (auth: Record<string, string>, serviceId: string, slotId: string, reason: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/admin/services/${serviceId}/slots/${slotId}/cancel`, headers: auth, payload: { reason } });

  it('lists who booked and who waits, names and phones masked, the waitlist in order; only for the service’s union', async () => {
    const { serviceId, slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1 });
    const wang = (await login(t.app, '13900000002')).auth;
    const li = (await login(t.app, '13900000003')).auth;
    const [third] = await createMembers(t, 'xjk', 1);
    expect((await book(wang, slotId)).json().status).toBe('booked');
    expect((await book(li, slotId)).json().status).toBe('waitlisted');
    expect((await book(third!.auth, slotId)).json().status).toBe('waitlisted');
    const res = await bookers(staffX, serviceId, slotId);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.slot).toMatchObject({ id: slotId, capacity: 1, taken: 1, waitlisted: 2, cancelledAt: null });
    expect(body.booked).toEqual([
      { bookingId: expect.any(String), memberName: '王*国', phone: '139****0002', status: 'booked', position: null, createdAt: expect.any(String) },
    ]);
    expect(body.waitlisted.map((b: { memberName: string; phone: string | null; position: number }) => [b.memberName, b.phone, b.position])).toEqual([
      ['李*兰', '139****0003', 1],
      ['李*试', null, 2],
    ]);
    // No full name or phone anywhere in the answer.
    expect(res.body).not.toMatch(/王建国|李秀兰|13900000002|13900000003/);
    // Another union's admin sees no such slot; a member cannot reach the route; a slot of another service is not this one's.
    expect((await bookers(staffY, serviceId, slotId)).json().error.code).toBe('services.slot_not_found');
    expect((await bookers(wang, serviceId, slotId)).statusCode).toBe(403);
    const other = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1 });
    expect((await bookers(staffX, other.serviceId, slotId)).statusCode).toBe(404);
  });

  it('cancelling a slot cancels everyone on it, tells each once with the reason, closes it to bookings, and is audited once', async () => {
    const { serviceId, slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1 });
    const [a, b, late] = await createMembers(t, 'xjk', 3);
    await book(a!.auth, slotId);
    await book(b!.auth, slotId);
    // Out of scope: refused, and nothing changes.
    expect((await cancelSlot(staffY, serviceId, slotId, '律师临时有事')).statusCode).toBe(404);
    expect((await cancelSlot(staffX, serviceId, slotId, '')).statusCode).toBe(400);
    const res = await cancelSlot(staffX, serviceId, slotId, '律师临时有事');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ notified: 2, slot: { cancelReason: '律师临时有事', taken: 0, waitlisted: 0, cancelledAt: expect.any(String) } });
    expect((await mine(a!.auth))[0]).toMatchObject({ status: 'cancelled' });
    expect((await mine(b!.auth))[0]).toMatchObject({ status: 'cancelled' });
    for (const m of [a!, b!]) {
      const told = (await notificationsOf(t.database.db, m.accountId)).filter((n) => n.kind === 'booking_cancelled');
      expect(told).toHaveLength(1);
      expect(told[0]!.data).toMatchObject({ title: '劳动争议法律咨询', note: '已取消：律师临时有事' });
    }
    // Closed to new bookings; the members' list leaves it out, the admins' list shows it cancelled.
    const refused = await book(late!.auth, slotId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'bookings.slot_cancelled', message: '该时段已取消，请选择其他时段' });
    const memberSlots = (await t.app.inject({ method: 'GET', url: `/api/v1/services/${serviceId}/slots`, headers: late!.auth })).json().items;
    expect(memberSlots.map((s: { id: string }) => s.id)).not.toContain(slotId);
    const adminSlots = (await t.app.inject({ method: 'GET', url: `/api/v1/admin/services/${serviceId}/slots`, headers: staffX })).json().items;
    expect(adminSlots.find((s: { id: string }) => s.id === slotId)).toMatchObject({ cancelReason: '律师临时有事' });
    // Again: the same slot, nobody told twice, one audit row.
    const again = await cancelSlot(staffX, serviceId, slotId, '再次取消');
    expect(again.json()).toMatchObject({ notified: 0, slot: { cancelReason: '律师临时有事' } });
    expect((await notificationsOf(t.database.db, a!.accountId)).filter((n) => n.kind === 'booking_cancelled')).toHaveLength(1);
    const audit = (await t.database.db.execute(sql`select action, detail from audit_log where target_id = ${slotId}`)) as unknown as {
      rows: { action: string; detail: Record<string, unknown> }[];
    };
    expect(audit.rows).toEqual([{ action: 'service.slot_cancel', detail: { serviceId, reason: '律师临时有事', booked: 1, waitlisted: 1 } }]);
    expect(await slotRow(slotId)).toMatchObject({ taken: 0, waitlisted: 0 });
  });
});
