import { eq, sql } from 'drizzle-orm';
import { MESSAGE_KINDS, type Message } from '@union/shared';
import { createNotifier, templateMap } from '../../adapters/notify/notify';
import { buildTestApp, createMembers, login, submitApplication, type TestApp } from '../../../test/helpers';
import { serviceWithSlot } from '../../../test/booking-fixtures';
import { startFakeServer } from '../../../test/fake-server';
import { accounts } from '../auth';
import { auditTrail } from '../audit';
import { enqueueNotification, notificationsOf } from './index';

/** WeChat and Tencent SMS on one local fake: the test reads who was sent what. */
let fake: Awaited<ReturnType<typeof startFakeServer>>;
let t: TestApp;
let staff: Record<string, string>;
let orgId = '';

beforeAll(async () => {
  fake = await startFakeServer((req) => {
    if (req.url.startsWith('/cgi-bin/stable_token')) return { body: { access_token: 'T', expires_in: 7200 } };
    if (req.url.startsWith('/cgi-bin/message')) return { body: { errcode: 0, errmsg: 'ok' } };
    return { body: { Response: { SendStatusSet: [{ Code: 'Ok', Message: 'send success' }] } } };
  });
  const templates = 'booking_confirmed:1,booking_promoted:2,booking_offered:3,booking_reminder:4,application_approved:5,application_rejected:6';
  const notifier = createNotifier({
    channels: ['wechat', 'sms'],
    wechat: { apiBase: fake.url, appId: 'wx1', secret: 's', templates: templateMap(templates), miniprogramState: 'formal', page: 'pages/index/index' },
    sms: {
      endpoint: fake.url,
      secretId: 'AKID',
      secretKey: 'k',
      sdkAppId: '1400000001',
      signName: '北京市总工会',
      region: 'ap-beijing',
      templates: templateMap(templates),
    },
  });
  t = await buildTestApp({ env: { NOTIFY_DISPATCH_MS: '0', BOOKING_JOBS_MS: '0' }, notifier });
  staff = (await login(t.app, '13800000001')).auth;
  orgId = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: staff })).json().grants[0].orgId;
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

type Auth = Record<string, string>;
const messages = async (auth: Auth) =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/messages', headers: auth })).json() as { items: Message[]; unread: number };
const unread = async (auth: Auth) => (await t.app.inject({ method: 'GET', url: '/api/v1/messages/unread-count', headers: auth })).json().unread as number;
const book = (auth: Auth, slotId: string) => t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: auth, payload: { slotId } });
const cancel = (auth: Auth, id: string) => t.app.inject({ method: 'DELETE', url: `/api/v1/bookings/${id}`, headers: auth });
const notice = (accountId: string, key: string, title = '劳动争议法律咨询') =>
  enqueueNotification(t.database.db, {
    accountId,
    kind: 'booking_confirmed',
    data: { title, time: '2026-12-09 10:00', place: '北京市西城区新街口外大街甲14号', note: '预约成功' },
    dedupeKey: `${key}:${accountId}`,
  });
/** A campaign of 新街口's admin claimed at a stall event (a gift unless `extra` says otherwise); its id. */
const campaignAt = async (eventId: string, title: string, extra: Record<string, unknown> = {}) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/benefits',
    headers: staff,
    payload: {
      orgId,
      title,
      kind: 'gift',
      quota: 10,
      period: 'once',
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2030-01-01T00:00:00Z',
      eligibleOrgId: orgId,
      places: [{ kind: 'event', id: eventId }],
      requiresRotatingCode: false,
      ...extra,
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
};
const smsTo = (phone: string) => fake.requests.filter((r) => r.body.includes(`+86${phone}`));
const wechatTo = (openId: string) => fake.requests.filter((r) => r.url.startsWith('/cgi-bin/message') && r.body.includes(openId));

describe('消息: every notice the outbox sends is in the member’s message centre', () => {
  it('lists each kind (approval, rejection, booked, promoted from the waitlist, offered a place, reminder, slot cancelled, transfer, retention, leaving, a claim, a voucher used or voided) with its heading', async () => {
    const apply = async (phone: string, person: number) => submitApplication(t.app, phone, person, orgId);
    const approved = await apply('13900000711', 711);
    const rejected = await apply('13900000712', 712);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${approved.id}/approve`, headers: staff })).statusCode).toBe(200);
    const reject = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/applications/${rejected.id}/reject`,
      headers: staff,
      payload: { reason: '身份信息需核对' },
    });
    expect(reject.statusCode).toBe(200);

    // Direct promotion, starting soon enough for a reminder: a books and cancels, b is promoted and reminded.
    const direct = await serviceWithSlot(t.app, staff, orgId, { capacity: 1, startsInHours: 1.5, rules: { cancelCutoffMinutes: 30 } });
    // Offers: c books and cancels, d is offered the place.
    const offer = await serviceWithSlot(t.app, staff, orgId, { capacity: 1, startsInHours: 24, rules: { promotion: 'offer', offerHoldMinutes: 30 } });
    const [a, b, c, d] = await createMembers(t, 'xjk', 4);
    const heldA = (await book(a!.auth, direct.slotId)).json();
    await book(b!.auth, direct.slotId);
    expect((await cancel(a!.auth, heldA.id)).statusCode).toBe(200);
    const heldC = (await book(c!.auth, offer.slotId)).json();
    await book(d!.auth, offer.slotId);
    expect((await cancel(c!.auth, heldC.id)).statusCode).toBe(200);
    await t.app.bookings.sendReminders();
    // A slot the union cancels: e had booked it and is told why.
    const dropped = await serviceWithSlot(t.app, staff, orgId, { capacity: 2, startsInHours: 48 });
    const [e] = await createMembers(t, 'xjk', 1);
    expect((await book(e!.auth, dropped.slotId)).statusCode).toBe(201);
    const cancelSlot = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/services/${dropped.serviceId}/slots/${dropped.slotId}/cancel`,
      headers: staff,
      payload: { reason: '律师临时出差' },
    });
    expect(cancelSlot.statusCode).toBe(200);

    const kinds = async (auth: Auth) => (await messages(auth)).items.map((m) => [m.kind, m.heading]);
    expect(await kinds(approved.auth)).toEqual([['application_approved', '入会申请已通过']]);
    expect(await kinds(rejected.auth)).toEqual([['application_rejected', '入会申请未通过']]);
    expect((await messages(rejected.auth)).items[0]).toMatchObject({ reason: '身份信息需核对', place: '西城区新街口街道总工会', readAt: null });
    expect(await kinds(a!.auth)).toEqual([['booking_confirmed', '预约成功']]);
    // Newest first: the reminder after the promotion.
    expect(await kinds(b!.auth)).toEqual([
      ['booking_reminder', '预约即将开始'],
      ['booking_promoted', '候补成功，已为您预约'],
    ]);
    const [offered] = (await messages(d!.auth)).items;
    expect(offered).toMatchObject({ kind: 'booking_offered', heading: '有人取消，候补名额待您确认', subject: '劳动争议法律咨询', note: '待确认' });
    expect(offered!.expires).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // Newest first: the cancellation after the booking.
    expect((await messages(e!.auth)).items.map((m) => [m.kind, m.heading, m.note])).toEqual([
      ['booking_cancelled', '预约已被取消', '已取消：律师临时出差'],
      ['booking_confirmed', '预约成功', '预约成功'],
    ]);

    // A member's whole membership: kept while out of work, a transfer asked (新街口's staff are told), made, refused, leaving.
    const [f, g, h] = await createMembers(t, 'xjk', 3);
    const post = (auth: Auth, url: string, payload?: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: auth, ...(payload ? { payload } : {}) });
    const kdhy = (await login(t.app, '13800000004')).auth;
    await post(f!.auth, '/members/me/retain', { reason: '失业或待业', months: 3 });
    const moving = (
      await post(f!.auth, '/members/me/transfer', {
        orgId: (await t.app.inject({ url: '/api/v1/me', headers: kdhy })).json().grants[0].orgId,
        employer: '顺丰速运',
        category: 'courier',
      })
    ).json();
    await post(staff, `/staff/transfers/${moving.id}/release`);
    expect((await post(kdhy, `/staff/transfers/${moving.id}/approve`)).statusCode).toBe(200);
    const refused = (await post(g!.auth, '/members/me/transfer', { orgId: moving.toOrgId, employer: '美团', category: 'rider' })).json();
    expect((await post(kdhy, `/staff/transfers/${refused.id}/reject`, { reason: '本会只接收快递从业人员' })).statusCode).toBe(200);
    expect((await post(h!.auth, '/members/me/leave', { reason: '离开本市' })).statusCode).toBe(200);
    expect(await kinds(f!.auth)).toEqual([
      ['transfer_approved', '转会已办理'],
      ['membership_retained', '已保留会籍'],
    ]);
    expect((await messages(g!.auth)).items[0]).toMatchObject({ kind: 'transfer_declined', heading: '转会未办成', reason: '本会只接收快递从业人员' });
    expect((await messages(h!.auth)).items[0]).toMatchObject({ kind: 'membership_left', heading: '已退会', reason: '离开本市' });
    expect((await messages(staff)).items.filter((m) => m.kind === 'transfer_requested').map((m) => m.heading)).toEqual(['会员申请转出', '会员申请转出']);

    // Vouchers: i claims two (each claim is its own notice), the union's staff use one, and void the other's campaign.
    const [i] = await createMembers(t, 'xjk', 1);
    const event = (
      await post(staff, '/staff/events', { orgId, title: '送温暖', place: '新街口暖心驿站', startsAt: '2026-01-01T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' })
    ).json();
    const voucher = (title: string) => campaignAt(event.id, title, { kind: 'voucher', voucherValue: 30 });
    const [used, voided] = [await voucher('餐饮消费券'), await voucher('超市消费券')];
    const placeToken = (await post(staff, `/admin/places/event/${event.id}/poster`)).json().code as string;
    for (const id of [used, voided]) {
      const claimed = await t.app.inject({
        method: 'POST',
        url: `/api/v1/benefits/${id}/claims`,
        headers: { ...i!.auth, 'idempotency-key': `msg-${id}` },
        payload: { placeToken },
      });
      expect(claimed.statusCode).toBe(201);
    }
    const wallet = (await t.app.inject({ url: '/api/v1/vouchers/mine', headers: i!.auth })).json().items as { campaignId: string; code: string }[];
    expect((await post(staff, '/staff/vouchers/redeem', { code: wallet.find((v) => v.campaignId === used)!.code })).statusCode).toBe(200);
    expect((await post(staff, `/admin/benefits/${voided}/close`, { vouchers: 'void' })).statusCode).toBe(200);
    const mine = (await messages(i!.auth)).items;
    expect(
      mine
        .filter((m) => m.kind === 'benefit_claimed')
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['超市消费券', '餐饮消费券']);
    expect(mine.find((m) => m.kind === 'voucher_used')).toMatchObject({ heading: '消费券已使用', subject: '餐饮消费券', note: '本次抵扣 30 元' });
    expect(mine.find((m) => m.kind === 'voucher_voided')).toMatchObject({ heading: '消费券已作废', subject: '超市消费券' });

    const seen = new Set<string>();
    for (const auth of [approved.auth, rejected.auth, a!.auth, b!.auth, d!.auth, e!.auth, f!.auth, g!.auth, h!.auth, i!.auth, staff])
      for (const m of (await messages(auth)).items) seen.add(m.kind);
    expect([...seen].sort()).toEqual([...MESSAGE_KINDS].sort());
  });

  it('pages through older notices (the outbox’s and claims together) with none lost or repeated, notices of one millisecond included', async () => {
    const [me] = await createMembers(t, 'xjk', 1);
    for (let k = 0; k < 9; k++) await notice(me!.accountId, `page-${k}`, `第${k + 1}条预约`);
    const event = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/events',
        headers: staff,
        payload: { orgId, title: '送清凉', place: '新街口暖心驿站', startsAt: '2026-01-01T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' },
      })
    ).json();
    const placeToken = (await t.app.inject({ method: 'POST', url: `/api/v1/admin/places/event/${event.id}/poster`, headers: staff })).json().code as string;
    for (const title of ['冰饮一瓶', '防暑药包', '毛巾一条']) {
      const campaign = await campaignAt(event.id, title);
      const claimed = await t.app.inject({
        method: 'POST',
        url: `/api/v1/benefits/${campaign}/claims`,
        headers: { ...me!.auth, 'idempotency-key': `page-${campaign}` },
        payload: { placeToken },
      });
      expect(claimed.statusCode).toBe(201);
    }
    // Five notices of one moment, claims and outbox alike (a void tells many at once): the page boundary falls among them.
    const moment = '2026-12-01T08:00:00.123456Z';
    await t.database.db.execute(sql`update notifications set created_at = ${moment}::timestamptz
      where id in (select id from notifications where account_id = ${me!.accountId} order by created_at limit 3)`);
    await t.database.db.execute(sql`update benefit_claims set claimed_at = ${moment}::timestamptz
      where id in (select id from benefit_claims where account_id = ${me!.accountId} limit 2)`);

    const page = async (before?: string) => {
      const res = await t.app.inject({ url: '/api/v1/messages', query: { limit: '4', ...(before ? { before } : {}) }, headers: me!.auth });
      expect(res.statusCode).toBe(200);
      return res.json() as { items: Message[]; unread: number; next: string | null };
    };
    const whole = (await t.app.inject({ url: '/api/v1/messages', query: { limit: '100' }, headers: me!.auth })).json() as {
      items: Message[];
      next: string | null;
    };
    expect(whole.items).toHaveLength(12);
    expect(whole.next).toBeNull();
    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const p = await page(next);
      expect(p.unread).toBe(12);
      seen.push(...p.items.map((m) => m.id));
      next = p.next ?? undefined;
      pages += 1;
    } while (next && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(whole.items.map((m) => m.id));

    // Times PostgreSQL would refuse (year 0, an offset of a day) are the app's 400, not the database's error.
    for (const before of [
      'yesterday|x',
      `2026-13-45T00:00:00Z|${me!.accountId}`,
      `0000-01-01T00:00:00Z|${me!.accountId}`,
      `2026-01-01T00:00:00+23:59|${me!.accountId}`,
      'x'.repeat(81),
    ]) {
      const bad = await t.app.inject({ url: '/api/v1/messages', query: { before }, headers: me!.auth });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('翻页位置不正确');
    }
  });

  it('counts unread notices, marks one read (once) and then all; another member’s notice answers as missing', async () => {
    const [me, other] = await createMembers(t, 'xjk', 2);
    await notice(me!.accountId, 'one');
    await notice(me!.accountId, 'two', '工伤认定咨询');
    await notice(me!.accountId, 'three', '心理疏导');
    await notice(other!.accountId, 'theirs', '别人的预约');
    expect(await unread(me!.auth)).toBe(3);
    const list = await messages(me!.auth);
    expect(list.unread).toBe(3);
    expect(list.items.map((m) => m.subject).sort()).toEqual(['工伤认定咨询', '劳动争议法律咨询', '心理疏导'].sort());
    const theirs = (await messages(other!.auth)).items[0]!;
    expect(theirs.subject).toBe('别人的预约');

    const read = await t.app.inject({ method: 'POST', url: `/api/v1/messages/${list.items[0]!.id}/read`, headers: me!.auth });
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/messages/${list.items[0]!.id}/read`, headers: me!.auth });
    expect(again.json().readAt).toBe(read.json().readAt);
    expect(await unread(me!.auth)).toBe(2);

    const stolen = await t.app.inject({ method: 'POST', url: `/api/v1/messages/${theirs.id}/read`, headers: me!.auth });
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json().error).toMatchObject({ code: 'messages.not_found', message: '未找到该消息，可能已被删除' });
    expect(await unread(other!.auth)).toBe(1);

    expect((await t.app.inject({ method: 'POST', url: '/api/v1/messages/read-all', headers: me!.auth })).json()).toEqual({ unread: 0 });
    expect(await unread(me!.auth)).toBe(0);
    expect((await messages(me!.auth)).items.every((m) => m.readAt !== null)).toBe(true);
    expect(await unread(other!.auth)).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/messages' })).statusCode).toBe(401);
  });
});

describe('短信通知: on H5 a notice goes by SMS only when the member agreed to it', () => {
  it('sends nothing by SMS without consent, then by SMS once agreed (recorded and audited); a WeChat user gets the subscription message', async () => {
    const h5 = await login(t.app, '13900000721');
    const weapp = await login(t.app, '13900000722');
    await t.database.db.update(accounts).set({ wechatOpenId: 'o_weapp_722' }).where(eq(accounts.id, weapp.account.id));
    const settings = async (auth: Auth) => (await t.app.inject({ method: 'GET', url: '/api/v1/messages/settings', headers: auth })).json();
    expect(await settings(h5.auth)).toEqual({ smsConsent: false, consentAt: null });

    await notice(h5.account.id, 'before-consent');
    while ((await t.app.notifications.dispatchDue(50)) > 0);
    expect(smsTo('13900000721')).toHaveLength(0);
    // Still in the message centre.
    expect((await messages(h5.auth)).items.map((m) => m.heading)).toEqual(['预约成功']);

    const agreed = await t.app.inject({ method: 'PUT', url: '/api/v1/messages/settings', headers: h5.auth, payload: { smsConsent: true } });
    expect(agreed.statusCode).toBe(200);
    expect(agreed.json().smsConsent).toBe(true);
    expect(Date.parse(agreed.json().consentAt)).not.toBeNaN();
    expect((await auditTrail(t.database.db, 'account', h5.account.id)).map((r) => r.action)).toContain('notifications.sms_consent_given');
    await t.app.inject({ method: 'PUT', url: '/api/v1/messages/settings', headers: weapp.auth, payload: { smsConsent: true } });

    await notice(h5.account.id, 'after-consent', '工伤认定咨询');
    await notice(weapp.account.id, 'weapp');
    while ((await t.app.notifications.dispatchDue(50)) > 0);
    expect(smsTo('13900000721')).toHaveLength(1);
    expect(JSON.parse(smsTo('13900000721')[0]!.body).TemplateParamSet[0]).toBe('工伤认定咨询');
    expect((await notificationsOf(t.database.db, h5.account.id)).find((n) => n.dedupeKey.startsWith('after-consent'))).toMatchObject({
      state: 'sent',
      channel: 'sms',
    });
    // The mini-program user is reached by WeChat, not by SMS as well.
    expect(wechatTo('o_weapp_722')).toHaveLength(1);
    expect(smsTo('13900000722')).toHaveLength(0);

    // Withdrawn: no SMS again.
    const off = await t.app.inject({ method: 'PUT', url: '/api/v1/messages/settings', headers: h5.auth, payload: { smsConsent: false } });
    expect(off.json()).toMatchObject({ smsConsent: false, consentAt: agreed.json().consentAt });
    await notice(h5.account.id, 'withdrawn');
    while ((await t.app.notifications.dispatchDue(50)) > 0);
    expect(smsTo('13900000721')).toHaveLength(1);
    expect(await unread(h5.auth)).toBe(3);
  });

  it('refuses a settings body without a yes or no', async () => {
    const who = await login(t.app, '13900000723');
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/messages/settings', headers: who.auth, payload: { smsConsent: 'yes' } });
    expect(res.statusCode).toBe(400);
  });
});
