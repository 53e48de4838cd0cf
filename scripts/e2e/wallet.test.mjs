// The voucher wallet and slot rosters (issue 19, items 10 and 17), at 360×780.
// 王建国 (13900000002), at 新街口 with location shared, claims the demo 留京过年消费券 (one voucher, 4 uses of 40 元, see
// docs/capabilities/benefits.md) and 我的券 shows 40元 × 4次, 剩余 4 次, its end and the 17 shops, the nearest first.
// The 普惠商户 clerk (13800000010) redeems it: 请减免 40 元，本券剩余 3 次, and the wallet then says 剩余 3 次; a union
// operator (13800000000), staff of the campaign's union, redeems a second use on 核销消费券: 本券剩余 2 次.
// Then the admin of 新街口 (13800000001) opens a slot's 名单 (王*国 已预约, 候补第1位 李*兰, phones masked) and cancels
// the slot with a reason: both bookings are cancelled and the slot refuses new bookings.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import {
  SESSION_KEY,
  TIMEOUT,
  apiClient,
  assertNoHorizontalScroll,
  logIn,
  see,
  settled,
  text,
  useE2ESuite,
  usePhones,
  visible,
  waitForRoute,
} from './helpers.mjs';

const suite = useE2ESuite();
const { api, call, login: apiLogin } = apiClient(suite);
/** WGS-84, as the browser reports it at 新街口. */
const XINJIEKOU_GPS = { latitude: 39.9406, longitude: 116.37 };
const VOUCHER = '留京过年消费券 4×40元';
const SHOP = '新街口老北京炸酱面';

const tokenOf = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key)).data.accessToken, SESSION_KEY);
let memberToken = '';

describe('我的券 and the counter agree on a 4×40元 voucher', () => {
  const phone = usePhones(suite, { viewport: { width: 360, height: 780 }, geolocation: XINJIEKOU_GPS, permissions: ['geolocation'] });
  let campaignId = '';
  /** The city operator's phone: it shows the shop's rotating code, and later redeems a use on 核销消费券. */
  let operatorPage;
  const voucher = async () => (await api('/vouchers/mine', { token: memberToken })).items.find((v) => v.campaignId === campaignId);

  test(
    'the wallet shows value, uses left, expiry and shops nearest first; the clerk is told what to discount',
    async () => {
      const { page: member, errors } = await phone();
      await member.goto(`${suite.server.baseUrl}/#/pages/benefits/mine`);
      await logIn(member, '13900000002');
      await waitForRoute(member, '/pages/benefits/mine');
      memberToken = await tokenOf(member);
      // The member claims the demo voucher at the noodle shop (its rotating code, as the operator's phone shows it).
      ({ page: operatorPage } = await phone());
      await operatorPage.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
      await logIn(operatorPage, '13800000000');
      await waitForRoute(operatorPage, '/pages/staff/index');
      const operator = await tokenOf(operatorPage);
      const campaign = (await api('/admin/benefits', { token: operator })).items.find((c) => c.title === VOUCHER);
      assert.ok(campaign, 'the demo voucher campaign');
      campaignId = campaign.id;
      const [shop] = (await api(`/admin/places?kind=merchant&q=${encodeURIComponent(SHOP)}`, { token: operator })).items;
      const { code: placeCode } = await api(`/staff/places/merchant/${shop.id}/code`, { token: operator });
      await api(`/benefits/${campaignId}/claims`, {
        method: 'POST',
        token: memberToken,
        body: { placeToken: placeCode },
        headers: { 'Idempotency-Key': randomUUID() },
      });

      await member.reload();
      await waitForRoute(member, '/pages/benefits/mine');
      const card = visible(member.locator('.voucher', { hasText: VOUCHER }));
      await see(card.locator('.voucher__amount', { hasText: '40元 × 4次' }));
      await see(card.locator('.voucher__left', { hasText: '剩余 4 次' }));
      await see(card.locator('.voucher__valid-until', { hasText: '有效期至' }));
      await see(card.locator('.voucher__shops-title', { hasText: '可用商户 · 17 家' }));
      await see(card.locator('.voucher__shops-hint', { hasText: '离您最近的在前' }));
      // Nearest first: the noodle shop at 新街口, with its distance; three shown, the rest behind 查看全部.
      await see(card.locator('.voucher__shop').first().filter({ hasText: SHOP }));
      assert.match(await card.locator('.voucher__shop-distance').first().innerText(), /^\d+ 米$/);
      assert.equal(await card.locator('.voucher__shop').count(), 3);
      await see(card.locator('.voucher__shops-more', { hasText: '查看全部 17 家' }));
      await assertNoHorizontalScroll(member);
      await suite.shots.take(member, 'wallet-voucher');

      // The clerk at the noodle shop types the code under the member's QR.
      const { page: clerk } = await phone();
      await clerk.goto(`${suite.server.baseUrl}/#/pages/merchant/index`);
      await logIn(clerk, '13800000010');
      await waitForRoute(clerk, '/pages/merchant/index');
      await settled(clerk);
      await visible(clerk.locator('.chip', { hasText: '扫码核销代金券' })).tap();
      await visible(clerk.locator('.scan-panel__input input, input.scan-panel__input'))
        .first()
        .fill((await voucher()).code);
      const [redeemed] = await Promise.all([
        clerk.waitForResponse((r) => r.url().endsWith('/api/v1/merchant/vouchers/redeem'), { timeout: TIMEOUT }),
        visible(clerk.locator('.scan-panel .action-button', { hasText: '核销' }))
          .last()
          .tap(),
      ]);
      assert.equal(redeemed.status(), 200, await redeemed.text());
      await see(text(clerk, '核销成功'));
      await see(text(clerk, '请减免 40 元，本券剩余 3 次'));
      await see(text(clerk, '王*国'));
      await assertNoHorizontalScroll(clerk);
      await suite.shots.take(clerk, 'merchant-voucher-discount');

      // The wallet agrees: one use taken, the QR still shown for the next; in 大字模式 too, without sideways scrolling.
      await member.addInitScript(() => localStorage.setItem('union.careMode', JSON.stringify({ data: true })));
      await member.reload();
      await waitForRoute(member, '/pages/benefits/mine');
      const cared = visible(member.locator('.screen--care .voucher', { hasText: VOUCHER }));
      await see(cared.locator('.voucher__left', { hasText: '剩余 3 次' }));
      await see(cared.locator('.voucher__shop').first().filter({ hasText: SHOP }));
      await assertNoHorizontalScroll(member);
      await suite.shots.take(member, 'wallet-voucher-care');
      assert.deepEqual(errors, []);
    },
    { timeout: TIMEOUT * 6 },
  );

  test('the city’s staff redeem the next use on 核销消费券 and are told what to discount', async () => {
    assert.ok(operatorPage, 'the operator signed in above');
    const scanner = operatorPage;
    const errors = watchErrors(scanner);
    await scanner.goto(`${suite.server.baseUrl}/#/pages/staff/redeem/index`);
    await waitForRoute(scanner, '/pages/staff/redeem/index');
    await settled(scanner);
    // The short code under the member's QR, typed as a staffer reads it off the phone.
    await visible(scanner.locator('.scan-panel__input input, input.scan-panel__input'))
      .first()
      .fill((await voucher()).shortCode);
    const [redeemed] = await Promise.all([
      scanner.waitForResponse((r) => r.url().endsWith('/api/v1/staff/vouchers/redeem'), { timeout: TIMEOUT }),
      visible(scanner.locator('.scan-panel .action-button', { hasText: /^核销$/ }))
        .last()
        .tap(),
    ]);
    assert.equal(redeemed.status(), 200, await redeemed.text());
    await see(text(scanner, '请减免 40 元，本券剩余 2 次'));
    await suite.shots.take(scanner, 'staff-voucher-discount');
    assert.equal((await voucher()).usesLeft, 2);
    assert.deepEqual(errors, []);
  });
});

describe('an admin sees who booked a slot and cancels it', () => {
  const phone = usePhones(suite, { viewport: { width: 360, height: 780 } });

  test(
    '名单 lists the booked and the waitlisted, masked; 取消此时段 with a reason cancels both and closes the slot',
    async () => {
      assert.ok(memberToken, '王建国 signed in above');
      const { page: admin, errors } = await phone();
      await admin.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
      await logIn(admin, '13800000001');
      await waitForRoute(admin, '/pages/staff/index');
      // The login page goes back to the workbench (history.back): a page opened before that lands would be popped.
      await settled(admin);
      const adminToken = await tokenOf(admin);
      // A service with one place tomorrow: 王建国 books it, 李秀兰 waits.
      const orgId = (await api('/me', { token: adminToken })).grants[0].orgId;
      const service = await api('/admin/services', {
        method: 'POST',
        token: adminToken,
        body: {
          kind: 'legal_aid',
          orgId,
          title: '欠薪维权法律咨询',
          description: '律师一对一解答欠薪问题',
          place: { address: '北京市西城区新街口外大街甲14号' },
        },
      });
      const start = Date.now() + 48 * 3_600_000;
      const slot = (
        await api(`/admin/services/${service.id}/slots`, {
          method: 'POST',
          token: adminToken,
          body: { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3_600_000).toISOString(), capacity: 1 },
        })
      ).items[0];
      const li = await apiLogin('13900000003');
      const wang = await api('/bookings', { method: 'POST', token: memberToken, body: { slotId: slot.id } });
      assert.equal(wang.status, 'booked');
      assert.equal((await api('/bookings', { method: 'POST', token: li, body: { slotId: slot.id } })).status, 'waitlisted');

      await admin.goto(`${suite.server.baseUrl}/#/pages/staff/service-edit/index?id=${service.id}`);
      await waitForRoute(admin, '/pages/staff/service-edit/index');
      // A tap while the page still slides in can miss.
      await settled(admin);
      const row = visible(admin.locator('.slots-panel__item', { hasText: '名额 1 · 已约 1 · 候补 1' }));
      await see(row);
      await row.locator('.slots-panel__slot').tap();
      const roster = row.locator('.slot-roster');
      await see(roster.locator('.slot-roster__person', { hasText: '王*国' }).filter({ hasText: '139****0002' }).filter({ hasText: '已预约' }));
      await see(roster.locator('.slot-roster__person', { hasText: '李*兰' }).filter({ hasText: '候补第1位' }).filter({ hasText: '139****0003' }));
      assert.doesNotMatch(await roster.innerText(), /王建国|李秀兰|13900000002/);
      await row.scrollIntoViewIfNeeded();
      await assertNoHorizontalScroll(admin);
      await suite.shots.take(admin, 'slot-roster');

      await visible(roster.locator('.action-button', { hasText: '取消此时段' })).tap();
      await see(roster.locator('.slot-roster__title', { hasText: '取消原因（会通知这 2 人）' }));
      await visible(roster.locator('input')).fill('律师临时有事，改期另约');
      await suite.shots.take(admin, 'slot-cancel-reason');
      const [cancelled] = await Promise.all([
        admin.waitForResponse((r) => r.url().endsWith(`/slots/${slot.id}/cancel`), { timeout: TIMEOUT }),
        visible(roster.locator('.action-button', { hasText: '确认取消并通知' })).tap(),
      ]);
      assert.equal(cancelled.status(), 200, await cancelled.text());
      assert.equal((await cancelled.json()).notified, 2);
      await see(visible(admin.locator('.slots-panel__item--cancelled', { hasText: '已取消：律师临时有事，改期另约' })));
      await suite.shots.take(admin, 'slot-cancelled');

      // Both were cancelled, and the slot takes no one else.
      const mine = (await api('/bookings/mine', { token: memberToken })).items.find((b) => b.slot.id === slot.id);
      assert.equal(mine.status, 'cancelled');
      const again = await call('/bookings', { method: 'POST', token: li, body: { slotId: slot.id } });
      assert.equal(again.status, 409);
      assert.equal(again.data.error.code, 'bookings.slot_cancelled');
      assert.deepEqual(errors, []);
    },
    { timeout: TIMEOUT * 6 },
  );
});
