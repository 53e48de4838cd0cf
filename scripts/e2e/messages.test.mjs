// Issue 19, items 3, 7 and 11, at 360×780. 王建国 (13900000002) has a booking for tomorrow (made through the API on a
// service 新街口's admin publishes), an unused voucher (留京过年消费券, claimed through the API at the seeded stall)
// and unread messages (the seeded reminder, the voucher's 领取成功, the clerk's 消费券已使用 with what was taken off and
// what is left, and the 预约成功 notice the booking wrote to the outbox). 首页 shows one
// compact block each, and each opens its page: 我的预约, 我的券, 消息. In 消息 he reads one notice (its mark goes), then
// 全部标为已读: the badge on 首页, on 我的 and on the 我的 tab goes. 我的 shows his name and 我的预约 / 我的券 / 消息 /
// 帮助; 帮助 is a real page (how to join, what the card does, the union's phone); 退出登录 is a small link at the
// bottom that asks first; 短信通知 records his consent on the server. In 大字模式 the blocks and entries still fit.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import {
  apiClient,
  assertNoHorizontalScroll,
  see,
  SESSION_KEY,
  settled,
  tab,
  text,
  TIMEOUT,
  useE2ESuite,
  visible,
  waitForRoute,
  usePhones,
} from './helpers.mjs';

const suite = useE2ESuite();
const { api, login: loginNow } = apiClient(suite);
// One SMS code a minute per phone: both suites below share a staffer's token.
const tokens = new Map();
const login = (phone) => {
  if (!tokens.has(phone)) tokens.set(phone, loginNow(phone));
  return tokens.get(phone);
};
const NARROW = { viewport: { width: 360, height: 780 } };
const XJK = '西城区新街口街道总工会';
const SERVICE = '欠薪维权咨询（周末场）';
const VOUCHER = '留京过年消费券 4×40元';
const MEMBER = '13900000002';

const block = (page, kind) => visible(page.locator(`.now-block--${kind}`));
const entry = (page, label) => visible(page.locator('.me__entries .link-list__row', { hasText: label }));
const modalButton = (page, label) => visible(page.locator('.taro-modal__foot .taro-model__btn', { hasText: label }));
const careOn = (page) => page.addInitScript(() => localStorage.setItem('union.careMode', JSON.stringify({ data: true })));

/**
 * The phone starts signed in as the member with the session the API gave (one SMS code a minute per phone: the
 * three phones of this suite share one login).
 */
const signedIn = (page, session) => page.addInitScript(([key, data]) => localStorage.setItem(key, JSON.stringify({ data })), [SESSION_KEY, session]);

async function back(page) {
  // Back during the page's slide-in leaves Taro H5 with no page shown: wait for it to settle first.
  await settled(page);
  await page.goBack();
  await waitForRoute(page, '/pages/index/index');
  await settled(page);
  await see(visible(page.locator('.home__hero')));
}

describe('issue 19: 首页 shows what is current, 消息 and 我的', () => {
  const phone = usePhones(suite, NARROW);
  let member;
  let session;

  before(async () => {
    const admin = await login('13800000001');
    const orgId = (await api('/orgs?q=新街口')).items.find((o) => o.name === XJK).id;
    const service = await api('/admin/services', {
      method: 'POST',
      token: admin,
      body: { kind: 'legal_aid', orgId, title: SERVICE, description: '律师解答拖欠工资问题。', place: { address: '北京市西城区新街口外大街 1 号' } },
    });
    const hour = 3_600_000;
    const start = Math.ceil((Date.now() + 26 * hour) / hour) * hour;
    const slots = await api(`/admin/services/${service.id}/slots`, {
      method: 'POST',
      token: admin,
      body: { startsAt: new Date(start).toISOString(), endsAt: new Date(start + hour / 2).toISOString(), capacity: 3 },
    });
    const { devCode } = await api('/auth/sms', { method: 'POST', body: { phone: MEMBER } });
    const tokens = await api('/auth/login', { method: 'POST', body: { phone: MEMBER, code: devCode } });
    member = tokens.accessToken;
    session = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accessExpiresAt: Date.now() + tokens.expiresIn * 1000,
      account: tokens.account,
    };

    const operator = await login('13800000000');
    const eventId = (await api('/events/XJKQSQ26')).id;
    const campaign = (await api('/benefits', { token: member })).items.find((b) => b.title === VOUCHER);
    const { code } = await api(`/staff/places/event/${eventId}/code`, { token: operator });
    await api(`/benefits/${campaign.id}/claims`, { method: 'POST', token: member, body: { placeToken: code }, headers: { 'Idempotency-Key': randomUUID() } });
    // The 普惠商户 clerk takes one of its four uses at the counter.
    const clerk = await login('13800000010');
    const voucher = (await api('/vouchers/mine', { token: member })).items.find((v) => v.title === VOUCHER);
    await api('/merchant/vouchers/redeem', { method: 'POST', token: clerk, body: { code: voucher.code } });
    // The booking last: its 预约成功 is the newest notice.
    await api('/bookings', { method: 'POST', token: member, body: { slotId: slots.items[0].id } });
  });

  test('首页 shows the next booking, the voucher and the unread messages, each opening its page', async () => {
    const { page, errors } = await phone();
    await signedIn(page, session);
    await page.goto(`${suite.server.baseUrl}/#/pages/index/index`);
    await waitForRoute(page, '/pages/index/index');
    await settled(page);

    await see(block(page, 'booking').filter({ hasText: SERVICE }));
    await see(block(page, 'booking').filter({ hasText: '下一个预约' }));
    await see(block(page, 'voucher').filter({ hasText: VOUCHER }));
    await see(block(page, 'voucher').filter({ hasText: '1 张券未使用' }));
    // The seeded reminder, the claim, the clerk's use of it and this booking's 预约成功.
    await see(block(page, 'messages').filter({ hasText: '4 条未读消息' }));
    await see(block(page, 'messages').filter({ hasText: '预约成功' }));
    for (const kind of ['booking', 'voucher', 'messages']) {
      const box = await block(page, kind).boundingBox();
      assert.ok(box.y + box.height <= 780 - 60, `${kind} block is on the first screen (bottom at ${box.y + box.height})`);
      assert.ok(box.height <= 90, `${kind} block is compact (${box.height} px)`);
    }
    await see(visible(page.locator('.weui-tabbar__item', { hasText: '我的' }).locator('.taro-tabbar-badge', { hasText: '4' })));
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'home-now-360');

    await tab(page, '我的').tap();
    await waitForRoute(page, '/pages/me/index');
    await see(entry(page, '消息').locator('.link-list__badge', { hasText: '4' }));
    await tab(page, '首页').tap();
    await waitForRoute(page, '/pages/index/index');
    await settled(page);

    await block(page, 'booking').tap();
    await waitForRoute(page, '/pages/bookings/mine/index');
    await see(visible(page.locator('.booking__title', { hasText: SERVICE })));
    await back(page);

    await block(page, 'messages').tap();
    await waitForRoute(page, '/pages/messages/index');
    await settled(page);
    const unread = visible(page.locator('.message--unread'));
    await see(unread.first());
    assert.equal(await unread.count(), 4);
    await see(visible(page.locator('.message', { hasText: '入会申请已通过' })));
    await see(visible(page.locator('.message', { hasText: '预约即将开始' }).filter({ hasText: '劳动争议免费法律咨询' })));
    // The claim and the clerk's use: what the voucher is worth, what was taken off, what is left, and where.
    const claimed = visible(page.locator('.message--unread', { hasText: '领取成功' }).filter({ hasText: VOUCHER }));
    await see(claimed.filter({ hasText: '40元 × 4次' }));
    const used = visible(page.locator('.message--unread', { hasText: '消费券已使用' }).filter({ hasText: VOUCHER }));
    await see(used.filter({ hasText: '本次抵扣 40 元，还可用 3 次' }));
    await see(used.locator('.message__go', { hasText: '查看我的券' }));
    await see(text(page, '4 条未读'));
    await suite.shots.take(page, 'messages-360');

    // Reading one: its mark goes, on the server too.
    const booked = visible(page.locator('.message', { hasText: '预约成功' }).filter({ hasText: SERVICE }));
    await Promise.all([page.waitForResponse((r) => /\/messages\/[^/]+\/read$/.test(r.url()) && r.status() === 200, { timeout: TIMEOUT }), booked.tap()]);
    await see(visible(page.locator('.message:not(.message--unread)')).filter({ hasText: SERVICE }));
    await see(visible(page.locator('.message--unread')).filter({ hasText: '预约即将开始' }));
    assert.equal(await visible(page.locator('.message--unread')).count(), 3);
    assert.equal((await api('/messages/unread-count', { token: member })).unread, 3);

    await visible(page.locator('.messages__read-all')).tap();
    await see(text(page, '全部已读'));
    assert.equal(await visible(page.locator('.message--unread')).count(), 0);
    assert.equal((await api('/messages/unread-count', { token: member })).unread, 0);

    await back(page);
    await see(block(page, 'booking'));
    assert.equal(await block(page, 'messages').count(), 0, 'no messages block once all are read');
    assert.equal(await visible(page.locator('.taro-tabbar-badge')).count(), 0, 'no badge on the 我的 tab');
    // Last, as going back from the wallet page is not this test's business.
    await block(page, 'voucher').tap();
    await waitForRoute(page, '/pages/benefits/mine');
    await see(text(page, VOUCHER));
    assert.deepEqual(errors, []);
  });

  test('in 大字模式 the 首页 blocks and the 我的 entries fit the 360-px screen', async () => {
    const { page, errors } = await phone();
    await careOn(page);
    await signedIn(page, session);
    await page.goto(`${suite.server.baseUrl}/#/pages/index/index`);
    await waitForRoute(page, '/pages/index/index');
    await settled(page);
    await see(block(page, 'booking'));
    await see(block(page, 'voucher'));
    await assertNoHorizontalScroll(page);
    const box = await block(page, 'voucher').boundingBox();
    assert.ok(box.y + box.height <= 780 - 60, `the blocks are on the first screen in 大字模式 (bottom at ${box.y + box.height})`);
    await suite.shots.take(page, 'home-now-care-360');
    await tab(page, '我的').tap();
    await waitForRoute(page, '/pages/me/index');
    await see(entry(page, '帮助'));
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'me-care-360');
    assert.deepEqual(errors, []);
  });
  test('when the current things cannot be fetched, 首页 says so in one line and 重试 brings them', async () => {
    const { page } = await phone();
    await signedIn(page, session);
    const failing = (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'server.unavailable', message: '服务正在维护，请稍后重试' } }),
      });
    await page.route('**/api/v1/vouchers/mine', failing);
    await page.goto(`${suite.server.baseUrl}/#/pages/index/index`);
    await waitForRoute(page, '/pages/index/index');
    const error = visible(page.locator('.now-status--error'));
    await see(error.filter({ hasText: '预约、券和消息没有加载出来' }));
    assert.equal(await block(page, 'booking').count(), 0);
    await suite.shots.take(page, 'home-now-error-360');
    await page.unroute('**/api/v1/vouchers/mine', failing);
    await error.locator('.now-status__retry').tap();
    await see(block(page, 'voucher'));
    assert.equal(await error.count(), 0);
  });

  test('我的 shows the name, 我的预约 / 我的券 / 消息 / 帮助, and a small 退出登录 that asks first', async () => {
    await api('/messages/settings', { method: 'PUT', token: member, body: { smsConsent: false } });
    const { page, errors } = await phone();
    await signedIn(page, session);
    await page.goto(`${suite.server.baseUrl}/#/pages/me/index`);
    await waitForRoute(page, '/pages/me/index');
    await settled(page);
    await see(visible(page.locator('.me__name', { hasText: '王建国' })));
    await see(entry(page, '消息'));
    assert.equal(await entry(page, '消息').locator('.link-list__badge').count(), 0, 'no badge on 消息 once all are read');
    const labels = await visible(page.locator('.me__entries .link-list__text')).allTextContents();
    assert.deepEqual(labels, ['我的预约', '我的券', '消息', '帮助']);
    // The entries are on the first screen.
    const entriesBox = await visible(page.locator('.me__entries')).boundingBox();
    assert.ok(entriesBox.y + entriesBox.height <= 780 - 60, `entries above the tab bar (bottom at ${entriesBox.y + entriesBox.height})`);

    // 退出登录: not a footer button; a small plain link below everything else.
    assert.equal(await visible(page.locator('.footer-bar .action-button', { hasText: '退出登录' })).count(), 0, 'no big 退出登录 button');
    const logout = visible(page.locator('.me__logout'));
    await logout.scrollIntoViewIfNeeded();
    const box = await logout.boundingBox();
    assert.ok(box.height >= 44 && box.height <= 56, `a small tap target (${box.height} px high)`);
    assert.ok(box.width <= 200, `not a full-width button (${box.width} px wide)`);
    const settingsBox = await visible(page.locator('.setting', { hasText: '大字模式' })).boundingBox();
    assert.ok(box.y > settingsBox.y, 'below the settings');
    await suite.shots.take(page, 'me-360');

    // 短信通知: consent recorded on the server.
    const sms = visible(page.locator('.setting--sms'));
    await see(sms);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/messages/settings') && r.request().method() === 'PUT', { timeout: TIMEOUT }), sms.tap()]);
    const settings = await api('/messages/settings', { token: member });
    assert.equal(settings.smsConsent, true);
    assert.ok(settings.consentAt);

    await logout.tap();
    await see(visible(page.locator('.taro-modal__title', { hasText: '退出登录？' })));
    await modalButton(page, '不退出').tap();
    await see(visible(page.locator('.me__name', { hasText: '王建国' })));

    await entry(page, '帮助').tap();
    await waitForRoute(page, '/pages/help/index');
    await see(text(page, '怎样加入工会'));
    await see(text(page, '会员卡能做什么'));
    await see(text(page, '联系工会'));
    await see(visible(page.locator('.help__call', { hasText: '12351' })));
    await see(visible(page.locator('.help__own-name', { hasText: XJK })));
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'help-360');
    await page.goBack();
    await waitForRoute(page, '/pages/me/index');

    await logout.tap();
    await modalButton(page, /^退出$/).tap();
    await waitForRoute(page, '/pages/index/index');
    assert.deepEqual(errors, []);
  });
});

// 消息 pages: 李秀兰 (13900000003) has 33 notices (a claim each of 33 campaigns 新街口's admin publishes at the seeded
// stall); 消息 shows the newest 30 and 查看更早的消息 brings the other 3, then says there are no more.
describe('消息 pages on to older notices', () => {
  const phone = usePhones(suite, NARROW);
  const SECOND = '13900000003';
  let session;

  before(async () => {
    const admin = await login('13800000001');
    const orgId = (await api('/orgs?q=新街口')).items.find((o) => o.name === XJK).id;
    const event = await api('/staff/events', {
      method: 'POST',
      token: admin,
      body: {
        orgId,
        title: '冬日送温暖',
        place: '新街口暖心驿站',
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    });
    const { devCode } = await api('/auth/sms', { method: 'POST', body: { phone: SECOND } });
    const tokens = await api('/auth/login', { method: 'POST', body: { phone: SECOND, code: devCode } });
    session = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accessExpiresAt: Date.now() + tokens.expiresIn * 1000,
      account: tokens.account,
    };
    const { code } = await api(`/admin/places/event/${event.id}/poster`, { method: 'POST', token: admin });
    for (let i = 1; i <= 33; i++) {
      const campaign = await api('/admin/benefits', {
        method: 'POST',
        token: admin,
        body: {
          orgId,
          title: `冬日暖心礼 第${i}期`,
          kind: 'gift',
          quota: 100,
          period: 'once',
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          eligibleOrgId: orgId,
          places: [{ kind: 'event', id: event.id }],
          requiresRotatingCode: false,
        },
      });
      await api(`/benefits/${campaign.id}/claims`, {
        method: 'POST',
        token: tokens.accessToken,
        body: { placeToken: code },
        headers: { 'Idempotency-Key': randomUUID() },
      });
    }
  });

  test('the newest 30 first, 查看更早的消息 for the rest, then 没有更早的消息了', async () => {
    const { page, errors } = await phone();
    await signedIn(page, session);
    await page.goto(`${suite.server.baseUrl}/#/pages/messages/index`);
    await see(visible(page.locator('.message', { hasText: '冬日暖心礼 第33期' })));
    await see(text(page, '33 条未读'));
    assert.equal(await visible(page.locator('.message')).count(), 30);
    assert.equal(await visible(page.locator('.message', { hasText: '冬日暖心礼 第1期' })).count(), 0);
    const older = visible(page.locator('.action-button', { hasText: '查看更早的消息' }));
    await older.scrollIntoViewIfNeeded();
    await suite.shots.take(page, 'messages-more-360');
    await older.tap();
    await see(visible(page.locator('.message', { hasText: '冬日暖心礼 第1期' })));
    await see(text(page, '没有更早的消息了'));
    assert.equal(await visible(page.locator('.message')).count(), 33);
    assert.equal(new Set(await visible(page.locator('.message__subject')).allTextContents()).size, 33, 'no notice twice');
    // Reading one of the older ones counts down the unread of the whole list.
    const oldest = visible(page.locator('.message', { hasText: '冬日暖心礼 第1期' }));
    await Promise.all([page.waitForResponse((r) => /\/messages\/[^/]+\/read$/.test(r.url()) && r.status() === 200, { timeout: TIMEOUT }), oldest.tap()]);
    await see(text(page, '32 条未读'));
    assert.equal(await visible(page.locator('.message--unread')).count(), 32);
    assert.deepEqual(errors, []);
  });
});
