// 积分商城 (issue 21, part 4), at 360×780. The city operator (13800000000) creates a voucher priced in points on
// 新建活动: 积分兑换 30 takes the place of the code and distance rules, and the request carries pointsPrice 30 and no
// rotating code; the drain view lists 积分兑换 30 积分一张. Then 王建国 (13900000002, the demo's 25 points) opens
// 学习 → 积分商城: his balance, each voucher's price, and the 50-point one says 还差 25 积分 (and cannot be tapped). He exchanges the
// 20-point 大车洗车券 (asked first: 兑换后剩余 5 积分), sees 兑换成功 with 剩余 5 积分, finds the voucher in 我的券,
// and back in the mall the balance is 5, the car wash says 已兑换 and the 10-point meal voucher 还差 5 积分; 学习 shows
// 5 with the −20 entry. The mall is also shot in 大字模式.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  SESSION_KEY,
  TIMEOUT,
  apiClient,
  assertNoHorizontalScroll,
  footerButton,
  formField,
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
const { call } = apiClient(suite);
const phone = usePhones(suite, { viewport: { width: 360, height: 780 } });

const CAR_WASH = '大车洗车券 20元';
const MEAL = '骑手餐券 10元';
const PHONE_REPAIR = '手机维修券 50元';
const FUEL = '加油抵用券 30元';
const chip = (scope, label) => scope.locator('.chip', { hasText: new RegExp(`^(✓)?${label}$`) });
const modalButton = (page, label) => visible(page.locator('.taro-modal__foot .taro-model__btn', { hasText: label }));
const item = (page, title) => visible(page.locator('.mall-item', { hasText: title }));
const tokenOf = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key)).data.accessToken, SESSION_KEY);

describe('积分商城: a voucher priced in points, set by staff and exchanged by a member', () => {
  test('新建活动 sets a points price, which replaces the code and distance rules', async () => {
    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/campaign-new/index`);
    await logIn(page, '13800000000');
    await waitForRoute(page, '/pages/staff/campaign-new/index');
    await settled(page);
    await formField(page, '福利名称').locator('input').fill(FUEL);
    await chip(formField(page, '福利类型'), '代金券').tap();
    await formField(page, '面值（元）').locator('input').fill('30');
    await formField(page, '总数量').locator('input').fill('100');
    await chip(formField(page, '每人限领'), '仅一次').tap();
    await see(formField(page, '领取码'));
    const price = formField(page, '积分兑换（选填）').locator('input');
    assert.equal(await price.getAttribute('inputmode'), 'numeric', 'the price opens the number pad');
    await price.fill('30');
    await see(formField(page, '积分兑换（选填）').locator('.form-field__help', { hasText: '会员在积分商城用 30 积分兑换一张，不再扫码领取' }));
    await see(text(page, '积分兑换的券在积分商城兑换，无需扫码，不设领取码和距离限制。'));
    assert.equal(await visible(page.locator('.form-field__label', { hasText: /^领取码$/ })).count(), 0, 'no code rule to set');
    const places = formField(page, '领取地点');
    await see(places.locator('.form-field__help', { hasText: '兑换的券在这些地点使用' }));
    await chip(places, '商户').tap();
    await places.locator('.place-search__box input').fill('加油站');
    const station = visible(places.locator('.place-option', { hasText: '京港澳高速丰台加油站' }));
    await station.tap();
    await see(places.locator('.place-option--on', { hasText: '京港澳高速丰台加油站' }));
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'mall-campaign-form');
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/benefits') && r.request().method() === 'POST', { timeout: TIMEOUT }),
      footerButton(page, '创建福利活动').tap(),
    ]);
    assert.equal(created.status(), 201, await created.text());
    const sent = created.request().postDataJSON();
    assert.deepEqual(
      { pointsPrice: sent.pointsPrice, requiresRotatingCode: sent.requiresRotatingCode, maxDistanceMeters: sent.maxDistanceMeters },
      {
        pointsPrice: 30,
        requiresRotatingCode: false,
        maxDistanceMeters: undefined,
      },
    );
    await waitForRoute(page, '/pages/staff/campaign/index');
    await see(visible(page.locator('.info-list__row', { hasText: '积分兑换' })).filter({ hasText: '30 积分一张' }));
    await see(visible(page.locator('.info-list__row', { hasText: '领取码' })).filter({ hasText: '无需扫码（积分兑换）' }));
    assert.deepEqual(errors, []);
  });

  test('a member spends points for a voucher: the balance drops and the voucher is in the wallet', async () => {
    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/learning/index`);
    await logIn(page, '13900000002');
    await waitForRoute(page, '/pages/learning/index');
    await see(visible(page.locator('.points__balance', { hasText: /^25$/ })));
    await settled(page);
    await visible(page.locator('.points__links .action-button', { hasText: '积分商城' })).tap();
    await waitForRoute(page, '/pages/learning/mall');
    await see(visible(page.locator('.mall-balance__points', { hasText: /^25$/ })));
    for (const [title, points] of [
      [MEAL, 10],
      [CAR_WASH, 20],
      [FUEL, 30],
      [PHONE_REPAIR, 50],
    ])
      await see(item(page, title).locator('.mall-item__price', { hasText: `${points} 积分` }));
    // Too dear: the button says how many points are missing, and cannot be tapped.
    const dear = item(page, PHONE_REPAIR).locator('.action-button');
    await see(dear.filter({ hasText: '还差 25 积分' }));
    assert.match((await dear.getAttribute('class')) ?? '', /action-button--inactive/);
    await see(item(page, FUEL).locator('.action-button', { hasText: '还差 5 积分' }));
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'mall');

    // 兑换 asks first; 再想想 sends nothing.
    let sent = 0;
    page.on('request', (r) => r.url().includes('/exchange') && sent++);
    await item(page, CAR_WASH).locator('.action-button', { hasText: '20 积分兑换' }).tap();
    await see(visible(page.locator('.taro-modal__title', { hasText: '用 20 积分兑换？' })));
    await see(visible(page.locator('.taro-modal__content', { hasText: '兑换后剩余 5 积分' })));
    await modalButton(page, '再想想').tap();
    await page.waitForTimeout(300);
    assert.equal(sent, 0, 'nothing is sent before 兑换');
    await item(page, CAR_WASH).locator('.action-button', { hasText: '20 积分兑换' }).tap();
    const [exchanged] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/exchange') && r.request().method() === 'POST', { timeout: TIMEOUT }),
      modalButton(page, '兑换').tap(),
    ]);
    assert.equal(exchanged.status(), 201, await exchanged.text());
    assert.deepEqual(exchanged.request().postDataJSON(), {}, 'the price is the campaign’s, never sent');
    await see(text(page, '兑换成功'));
    await see(text(page, '用去 20 积分，剩余 5 积分'));
    await suite.shots.take(page, 'mall-exchanged');

    await footerButton(page, '查看我的券').tap();
    await waitForRoute(page, '/pages/benefits/mine');
    const voucher = visible(page.locator('.voucher', { hasText: CAR_WASH }));
    await see(voucher.locator('.voucher__amount', { hasText: '20元' }));
    await suite.shots.take(page, 'mall-wallet');
    const token = await tokenOf(page);
    const wallet = await call('/vouchers/mine', { token });
    assert.deepEqual(
      wallet.data.items.filter((v) => v.title === CAR_WASH).map((v) => [v.status, v.shops.length]),
      [['valid', 2]],
    );

    await page.goto(`${suite.server.baseUrl}/#/pages/learning/mall`);
    await waitForRoute(page, '/pages/learning/mall');
    await see(visible(page.locator('.mall-balance__points', { hasText: /^5$/ })));
    await see(item(page, CAR_WASH).locator('.action-button', { hasText: '已兑换' }));
    await see(item(page, MEAL).locator('.action-button', { hasText: '还差 5 积分' }));
    await page.goto(`${suite.server.baseUrl}/#/pages/learning/index`);
    await waitForRoute(page, '/pages/learning/index');
    await see(visible(page.locator('.points__balance', { hasText: /^5$/ })));
    await see(visible(page.locator('.points-entry', { hasText: CAR_WASH }).locator('.points-entry__delta', { hasText: '-20' })));
    assert.deepEqual(errors, []);

    // 大字模式: the same mall, nothing sideways.
    const { page: care, errors: careErrors } = await phone();
    await care.addInitScript(
      ([key, value]) => localStorage.setItem(key, value),
      [SESSION_KEY, await page.evaluate((k) => localStorage.getItem(k), SESSION_KEY)],
    );
    await care.addInitScript(() => localStorage.setItem('union.careMode', JSON.stringify({ data: true })));
    await care.goto(`${suite.server.baseUrl}/#/pages/learning/mall`);
    await waitForRoute(care, '/pages/learning/mall');
    await see(item(care, PHONE_REPAIR).locator('.action-button', { hasText: '还差 45 积分' }));
    await assertNoHorizontalScroll(care);
    await suite.shots.take(care, 'mall-care');
    assert.deepEqual(careErrors, []);
  });
});
