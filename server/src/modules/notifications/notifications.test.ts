import { count, eq } from 'drizzle-orm';
import { createDevNotifier } from '../../adapters/notify/dev-notify';
import { AdapterError } from '../../adapters/http';
import type { NotificationMessage, NotificationSender } from '../../adapters/notify/notify.adapter';
import { PermanentNotifyError } from '../../adapters/notify/notify.adapter';
import { buildSecondInstance, buildTestApp, createMember, createMembers, login, submitApplication, type TestApp } from '../../../test/helpers';
import { enqueueNotification, notificationsOf } from './index';
import { notifications } from './notifications.table';
import { createNotificationsService, retryDelayMs } from './notifications.service';

let t: TestApp;
const notifier = createDevNotifier();

beforeAll(async () => {
  t = await buildTestApp({ env: { NOTIFY_DISPATCH_MS: '0', BOOKING_JOBS_MS: '0' }, notifier });
});
afterAll(() => t.close());

const quietLog = { warn: () => undefined, info: () => undefined };
/** Tests that need several connections of a real server, and their stand-ins for PGlite's single one. */
const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;
const onPGlite = process.env.TEST_DATABASE_URL ? it.skip : it;

describe('the outbox', () => {
  it('tells an applicant of approval and of rejection, written with the decision', async () => {
    const staff = (await login(t.app, '13800000001')).auth;
    const orgId = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: staff })).json().grants[0].orgId;
    const submit = async (phone: string, person: number) => {
      const who = await submitApplication(t.app, phone, person, orgId);
      // Each agreed to notices by SMS (短信通知 in 我的): without that the dispatcher is given no phone.
      await t.app.inject({ method: 'PUT', url: '/api/v1/messages/settings', headers: who.auth, payload: { smsConsent: true } });
      return { accountId: who.account.id, id: who.id };
    };
    const a = await submit('13900000611', 611);
    const b = await submit('13900000612', 612);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${a.id}/approve`, headers: staff })).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${b.id}/reject`, headers: staff, payload: { reason: '身份信息需核对' } }))
        .statusCode,
    ).toBe(200);
    expect((await notificationsOf(t.database.db, a.accountId)).map((n) => [n.kind, n.data.place])).toEqual([
      ['application_approved', '西城区新街口街道总工会'],
    ]);
    const [rejected] = await notificationsOf(t.database.db, b.accountId);
    expect(rejected).toMatchObject({ kind: 'application_rejected', data: { reason: '身份信息需核对' } });

    notifier.sent.length = 0;
    while ((await t.app.notifications.dispatchDue()) > 0);
    const sentTo = notifier.sent.filter((m) => m.kind === 'application_approved' || m.kind === 'application_rejected');
    expect(sentTo.map((m) => m.to.phone).sort()).toEqual(['13900000611', '13900000612']);
    expect((await notificationsOf(t.database.db, a.accountId))[0]).toMatchObject({ state: 'sent', channel: 'dev', attempts: 0 });
  });

  it('retries a failed send with growing delays, and gives up on a permanent failure at once', async () => {
    const m = await createMember(t, 'xjk');
    await enqueueNotification(t.database.db, [
      {
        accountId: m.accountId,
        kind: 'booking_reminder',
        data: { title: '心理咨询', time: '2026-12-01 10:00', place: '驿站', note: '即将开始' },
        dedupeKey: `retry:${m.accountId}`,
      },
      { accountId: m.accountId, kind: 'booking_confirmed', data: { title: '法律援助' }, dedupeKey: `permanent:${m.accountId}` },
    ]);
    let clock = Date.now() + 1000;
    let fails = 2;
    const calls: NotificationMessage[] = [];
    const flaky: NotificationSender = {
      name: 'flaky',
      async send(message) {
        calls.push(message);
        if (message.kind === 'booking_confirmed') throw new PermanentNotifyError('test', 'no openid');
        if (fails-- > 0) throw new AdapterError('test', 'HTTP 502');
        return { channel: 'flaky' };
      },
    };
    const service = createNotificationsService({
      db: t.database.db,
      sender: flaky,
      recipientOf: async () => ({ openId: null, phone: null }),
      log: quietLog,
      now: () => new Date(clock),
    });
    const row = async (key: string) => (await t.database.db.select().from(notifications).where(eq(notifications.dedupeKey, key)))[0]!;
    await service.dispatchDue(1000);
    expect(await row(`permanent:${m.accountId}`)).toMatchObject({ state: 'failed', attempts: 1 });
    const first = await row(`retry:${m.accountId}`);
    expect(first).toMatchObject({ state: 'pending', attempts: 1, lastError: 'test: HTTP 502' });
    const firstDelay = first.nextAttemptAt.getTime() - clock;
    expect(firstDelay).toBeGreaterThanOrEqual(1_600);
    // Not yet due: nothing is sent.
    await service.dispatchDue(1000);
    expect(calls.filter((c) => c.kind === 'booking_reminder')).toHaveLength(1);
    clock = first.nextAttemptAt.getTime();
    await service.dispatchDue(1000);
    const second = await row(`retry:${m.accountId}`);
    expect(second.attempts).toBe(2);
    expect(second.nextAttemptAt.getTime() - clock).toBeGreaterThan(firstDelay);
    clock = second.nextAttemptAt.getTime();
    await service.dispatchDue(1000);
    expect(await row(`retry:${m.accountId}`)).toMatchObject({ state: 'sent', channel: 'flaky' });
    expect(retryDelayMs(1, () => 0.5)).toBe(2_000);
    expect(retryDelayMs(30, () => 0.5)).toBe(3_600_000);
  });

  it('writes one notification per event however often it is written', async () => {
    const m = await createMember(t, 'xjk');
    const n = { accountId: m.accountId, kind: 'booking_confirmed' as const, data: { title: 'x' }, dedupeKey: `once:${m.accountId}` };
    await enqueueNotification(t.database.db, n);
    await enqueueNotification(t.database.db, n);
    expect(await notificationsOf(t.database.db, m.accountId)).toHaveLength(1);
  });

  it('writes more notices at once than one statement can carry (a void telling 20,000 holders of a campaign)', async () => {
    const m = await createMember(t, 'xjk');
    const rows = Array.from({ length: 20_000 }, (_, i) => ({
      accountId: m.accountId,
      kind: 'voucher_voided' as const,
      data: { title: '超市消费券' },
      dedupeKey: `void:${m.accountId}:${i}`,
    }));
    await enqueueNotification(t.database.db, rows);
    const [row] = await t.database.db.select({ n: count() }).from(notifications).where(eq(notifications.accountId, m.accountId));
    expect(row!.n).toBe(20_000);
    // Out of the other tests' dispatchers' way.
    await t.database.db.update(notifications).set({ state: 'sent' }).where(eq(notifications.accountId, m.accountId));
  });

  /** Two API instances (and a third dispatcher) drain 300 notifications at once; returns who sent what. */
  async function dispatchFromTwoInstances(prefix: string) {
    const members = await createMembers(t, 'xjk', 300);
    await t.app.notifications.dispatchDue(10_000);
    await enqueueNotification(
      t.database.db,
      members.map((m) => ({ accountId: m.accountId, kind: 'booking_promoted' as const, data: { title: '候补成功' }, dedupeKey: `${prefix}:${m.accountId}` })),
    );
    const mine = createDevNotifier();
    const other = createDevNotifier();
    const second = await buildSecondInstance(t, { notifier: other });
    try {
      const later = () => new Date(Date.now() + 5_000);
      const a = createNotificationsService({
        db: t.database.db,
        sender: mine,
        recipientOf: async () => ({ openId: null, phone: null }),
        log: quietLog,
        now: later,
      });
      const drain = async (svc: { dispatchDue(limit?: number): Promise<number> }) => {
        while ((await svc.dispatchDue(20)) > 0);
      };
      await Promise.all([drain(a), drain(second.app.notifications), drain(a), drain(second.app.notifications)]);
      while ((await a.dispatchDue(20)) > 0);
      const ours = (sent: NotificationMessage[]) => sent.filter((m) => m.kind === 'booking_promoted');
      const rows = await t.database.db.select().from(notifications).where(eq(notifications.kind, 'booking_promoted'));
      return { sent: [...ours(mine.sent), ...ours(other.sent)], bySecond: ours(other.sent), rows: rows.filter((r) => r.dedupeKey.startsWith(`${prefix}:`)) };
    } finally {
      await second.close();
    }
  }

  // PGlite is one in-process connection: the second instance shares it, so which one sends is up to the scheduler.
  onPGlite('sends each notification once with two API instances dispatching at the same time', async () => {
    const { sent, rows } = await dispatchFromTwoInstances('twice');
    expect(sent).toHaveLength(300);
    expect(rows.map((r) => r.state)).toEqual(rows.map(() => 'sent'));
    expect(rows).toHaveLength(300);
  });

  onRealPostgres('sends each notification once with two API instances dispatching at the same time, both taking a share', async () => {
    const { sent, bySecond, rows } = await dispatchFromTwoInstances('shared');
    expect(sent).toHaveLength(300);
    expect(rows.map((r) => r.state)).toEqual(rows.map(() => 'sent'));
    expect(rows).toHaveLength(300);
    expect(bySecond.length).toBeGreaterThan(0);
  });
});
