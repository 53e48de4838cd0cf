// Operators: create a benefit campaign and watch it drain. The city operator (13800000000) opens 福利活动 from the
// staff tools row, fills the form (quota 2 on the number pad, the seeded 夏送清凉 stall as the place); a distance limit
// at a stall, which has no position, is refused by the server and the message shows under 领取地点. Without it the
// campaign is created and its drain view opens; two members claim through the API and the view, refreshing by itself,
// shows 1, then 2 claimed and 已领完. Then the 普惠商户 clerk (13800000010) switches the counter page to 扫码核销代金券:
// a voucher of a campaign at the shop is redeemed once, the same code again is refused, and so is a member code.
// Last, the operator creates a 4×40元 voucher campaign through the form (面值 40, 使用次数 4 on the number pad, the form
// saying 会员的券显示 40元 × 4次; an empty 面值 refused at its field first), also seen in 大字模式; 李秀兰 (13900000003)
// claims it and her 我的券 shows 40元 × 4次, 剩余 4 次; after one use the drain view shows 核销次数 1 and 已用完的券 0.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import {
  SESSION_KEY,
  TIMEOUT,
  apiClient,
  assertNoHorizontalScroll,
  drainFigure,
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
const TITLE = '端午节粽子礼盒';
/** The drain view polls every 3 s; allow a few rounds. */
const DRAIN_TIMEOUT = 12_000;

const { api } = apiClient(suite);

const chip = (scope, label) => scope.locator('.chip', { hasText: new RegExp(`^(✓)?${label}$`) });

/** Members log in once (the SMS resend limit): their sessions are kept for the later tests. */
const memberSessions = new Map();
async function memberSession(phone) {
  if (!memberSessions.has(phone)) {
    const { devCode } = await api('/auth/sms', { method: 'POST', body: { phone } });
    memberSessions.set(phone, await api('/auth/login', { method: 'POST', body: { phone, code: devCode } }));
  }
  return memberSessions.get(phone);
}
const memberToken = async (phone) => (await memberSession(phone)).accessToken;
/** A phone signed in before it opens anything: the session the app would have saved after logging in. */
const signedIn = (page, stored) => page.addInitScript(([key, value]) => localStorage.setItem(key, value), [SESSION_KEY, stored]);
const storedSession = (s) =>
  JSON.stringify({ data: { accessToken: s.accessToken, refreshToken: s.refreshToken, accessExpiresAt: Date.now() + s.expiresIn * 1000, account: s.account } });
const careOn = (page) => page.addInitScript(() => localStorage.setItem('union.careMode', JSON.stringify({ data: true })));
let operatorToken;
/** The operator's stored session, as the app saved it after logging in: later phones start signed in with it. */
let operatorSession;

describe('an operator creates a campaign and watches it drain', () => {
  let context;
  let page;
  let errors;
  let campaignId;
  let eventId;

  before(async () => {
    context = await suite.browser.newPhone({ viewport: { width: 360, height: 780 } });
    page = await context.newPage();
    errors = watchErrors(page);
    eventId = (await api('/events/XJKQSQ26')).id;
  });
  after(() => context?.close());

  test(
    '福利活动 opens from the staff tools row and the form creates a campaign; a server error shows at its field',
    async () => {
      await page.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
      await logIn(page, '13800000000');
      await waitForRoute(page, '/pages/staff/index');
      await settled(page);
      await visible(page.locator('.staff__tool', { hasText: '福利活动' })).tap();
      await waitForRoute(page, '/pages/staff/campaigns/index');
      await see(visible(page.locator('.campaign-item__title', { hasText: '夏送清凉 冰饮一瓶' })));
      await settled(page);
      await footerButton(page, '创建福利活动').tap();
      await waitForRoute(page, '/pages/staff/campaign-new/index');
      await settled(page);

      // The shared schema's messages first, before anything is sent.
      await footerButton(page, '创建福利活动').tap();
      await see(formField(page, '福利名称').locator('.form-field__error', { hasText: '福利名称' }));
      await see(formField(page, '领取地点').locator('.form-field__error', { hasText: '至少选择一个领取地点' }));

      await formField(page, '福利名称').locator('input').fill(TITLE);
      const quota = formField(page, '总数量').locator('input');
      assert.equal(await quota.getAttribute('inputmode'), 'numeric', 'the quota opens the number pad');
      await quota.fill('2');
      await chip(formField(page, '福利类型'), '礼品').tap();
      await chip(formField(page, '每人限领'), '仅一次').tap();
      const places = formField(page, '领取地点');
      await chip(places, '活动').tap();
      const stall = visible(places.locator('.place-option', { hasText: '夏送清凉·暖心驿站' }));
      await see(stall);
      await stall.tap();
      await see(places.locator('.place-option--on', { hasText: '夏送清凉·暖心驿站' }));
      await formField(page, '距离限制（选填）').locator('input').fill('200');
      await assertNoHorizontalScroll(page);
      await suite.shots.take(page, 'campaign-form');

      // A stall has no position: only the server knows, and it names the field.
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/benefits') && r.request().method() === 'POST', { timeout: TIMEOUT }),
        footerButton(page, '创建福利活动').tap(),
      ]);
      assert.equal(refused.status(), 400);
      await see(places.locator('.form-field__error', { hasText: '该地点没有登记位置，不能设置距离限制' }));
      await suite.shots.take(page, 'campaign-form-refused');

      await formField(page, '距离限制（选填）').locator('input').fill('');
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/benefits') && r.request().method() === 'POST', { timeout: TIMEOUT }),
        footerButton(page, '创建福利活动').tap(),
      ]);
      assert.equal(created.status(), 201, await created.text());
      campaignId = (await created.json()).id;
      await waitForRoute(page, '/pages/staff/campaign/index');
      await see(visible(page.locator('.drain__title', { hasText: TITLE })));
      await see(drainFigure(page, 'claimed').filter({ hasText: /^0$/ }));
      await see(drainFigure(page, 'quota').filter({ hasText: /^2$/ }));
    },
    { timeout: TIMEOUT * 6 },
  );

  test(
    'the drain view shows 1, then 2 claimed and 已领完, refreshing by itself',
    async () => {
      assert.ok(campaignId, 'the campaign was created');
      operatorToken = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)).data.accessToken, SESSION_KEY);
      operatorSession = await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY);
      const claimAs = async (phone) => {
        const token = await memberToken(phone);
        const { code } = await api(`/staff/places/event/${eventId}/code`, { token: operatorToken });
        return api(`/benefits/${campaignId}/claims`, { method: 'POST', token, body: { placeToken: code }, headers: { 'Idempotency-Key': randomUUID() } });
      };

      await claimAs('13900000002');
      await see(drainFigure(page, 'claimed').filter({ hasText: /^1$/ }), DRAIN_TIMEOUT);
      await see(drainFigure(page, 'remaining').filter({ hasText: /^1$/ }));
      await see(drainFigure(page, 'minute').filter({ hasText: /^1$/ }));
      await suite.shots.take(page, 'campaign-drain-1');

      await claimAs('13900000003');
      await see(drainFigure(page, 'claimed').filter({ hasText: /^2$/ }), DRAIN_TIMEOUT);
      await see(visible(page.locator('.drain__gone', { hasText: '已领完' })));
      await see(drainFigure(page, 'remaining').filter({ hasText: /^0$/ }));
      await assertNoHorizontalScroll(page);
      await suite.shots.take(page, 'campaign-drain-gone');

      // The stall's staffer opens the place from here: its rotating code, and today's two claims under it.
      await visible(page.locator('.drain__place', { hasText: '夏送清凉·暖心驿站' })).tap();
      await waitForRoute(page, '/pages/staff/place-code/index');
      await see(visible(page.locator('.place-code__countdown', { hasText: '秒后自动刷新' })));
      await see(visible(page.locator('.place-code__today .section__title', { hasText: '今日领取 2 份' })));
      await page.goBack();
      await waitForRoute(page, '/pages/staff/campaign/index');
      await see(visible(page.locator('.drain__gone', { hasText: '已领完' })));

      // Polling stops while the tab is hidden and starts again, at once, when it is shown.
      const drainFetches = [];
      page.on('request', (r) => r.url().endsWith(`/api/v1/admin/benefits/${campaignId}`) && drainFetches.push(Date.now()));
      const setHidden = (hidden) =>
        page.evaluate((h) => {
          Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
          document.dispatchEvent(new Event('visibilitychange'));
        }, hidden);
      await setHidden(true);
      await page.waitForTimeout(7_000);
      assert.equal(drainFetches.length, 0, 'no polling while the tab is hidden');
      await setHidden(false);
      await page.waitForTimeout(500);
      assert.equal(drainFetches.length, 1, 'one fetch as soon as the tab is shown again');

      // Back on the list, the campaign shows 已领完 too, and the drain view no longer polls.
      await page.goBack();
      await waitForRoute(page, '/pages/staff/campaigns/index');
      const item = visible(page.locator('.campaign-item', { has: page.locator('.campaign-item__title', { hasText: TITLE }) }));
      await see(item.locator('.drain-bar__gone', { hasText: '已领完' }), DRAIN_TIMEOUT);
      const left = drainFetches.length;
      await page.waitForTimeout(7_000);
      assert.equal(drainFetches.length, left, 'no polling once the drain view is left');
      assert.deepEqual(errors, []);
    },
    { timeout: TIMEOUT * 6 },
  );
});

describe('a 普惠商户 clerk redeems a voucher at the counter', () => {
  let context;
  let page;
  let errors;
  let voucherCode;

  before(async () => {
    assert.ok(operatorToken, 'the operator signed in above');
    context = await suite.browser.newPhone({ viewport: { width: 360, height: 780 } });
    page = await context.newPage();
    errors = watchErrors(page);
    // A voucher campaign at the clerk's noodle shop, and the member's voucher from it (all through the API).
    const [shop] = (await api(`/admin/places?kind=merchant&q=${encodeURIComponent('炸酱面')}`, { token: operatorToken })).items;
    const city = (await api('/staff/orgs', { token: operatorToken })).items.find((o) => o.name === '北京市总工会');
    const now = Date.now();
    const campaign = await api('/admin/benefits', {
      method: 'POST',
      token: operatorToken,
      body: {
        orgId: city.id,
        eligibleOrgId: city.id,
        title: '炸酱面餐费券 10元',
        kind: 'voucher',
        quota: 10,
        period: 'once',
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 86_400_000).toISOString(),
        places: [{ kind: 'merchant', id: shop.id }],
        requiresRotatingCode: false,
      },
    });
    const { code } = await api(`/admin/places/merchant/${shop.id}/poster`, { method: 'POST', token: operatorToken });
    const member = await memberToken('13900000002');
    await api(`/benefits/${campaign.id}/claims`, { method: 'POST', token: member, body: { placeToken: code }, headers: { 'Idempotency-Key': randomUUID() } });
    voucherCode = (await api('/vouchers/mine', { token: member })).items.find((v) => v.campaignId === campaign.id).code;
    assert.match(voucherCode, /^v\./);
  });
  after(() => context?.close());

  const typeAndRedeem = async (code) => {
    await visible(page.locator('.scan-panel__input input, input.scan-panel__input')).first().fill(code);
    await visible(page.locator('.scan-panel .action-button', { hasText: '核销' }))
      .last()
      .tap();
  };

  test(
    '扫码核销代金券 redeems it once; the same code again, or a member code, is refused in words',
    async () => {
      await page.goto(`${suite.server.baseUrl}/#/pages/merchant/index`);
      await logIn(page, '13800000010');
      await waitForRoute(page, '/pages/merchant/index');
      await see(text(page, '新街口老北京炸酱面'));
      await chip(page, '扫码核销代金券').tap();
      await see(text(page, '或输入券码'));

      const [first] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/merchant/vouchers/redeem'), { timeout: TIMEOUT }),
        typeAndRedeem(voucherCode),
      ]);
      assert.equal(first.status(), 200, await first.text());
      await see(text(page, '核销成功'));
      await see(text(page, '炸酱面餐费券 10元'));
      await see(text(page, '王*国'));
      await assertNoHorizontalScroll(page);
      await suite.shots.take(page, 'merchant-voucher-redeemed');

      const [again] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/merchant/vouchers/redeem'), { timeout: TIMEOUT }),
        typeAndRedeem(voucherCode),
      ]);
      assert.equal(again.status(), 409);
      await see(text(page, '不能核销'));
      await see(text(page, '该券已用完，不能再核销'));
      await suite.shots.take(page, 'merchant-voucher-twice');

      const { code: memberCode } = await api('/members/me/code', { method: 'POST', token: await memberToken('13900000002') });
      await typeAndRedeem(memberCode);
      await see(text(page, /这是会员码/));
      assert.deepEqual(errors, []);
    },
    { timeout: TIMEOUT * 4 },
  );
});

describe('an operator creates a 4×40元 voucher campaign through the form', () => {
  const phone = usePhones(suite, { viewport: { width: 360, height: 780 } });
  const VOUCHER = '端午消费券 4×40元';
  const SHOP = '新街口老北京炸酱面';

  async function openForm(page) {
    await signedIn(page, operatorSession);
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/campaign-new/index`);
    await waitForRoute(page, '/pages/staff/campaign-new/index');
    await settled(page);
  }

  /** The create form, as far as the voucher's terms: 代金券 chosen, 面值 and 使用次数 typed. */
  async function fillVoucher(page) {
    await formField(page, '福利名称').locator('input').fill(VOUCHER);
    await chip(formField(page, '福利类型'), '代金券').tap();
    await formField(page, '面值（元）').locator('input').fill('40');
    await formField(page, '使用次数').locator('input').fill('4');
    await see(formField(page, '使用次数').locator('.form-field__help', { hasText: '会员的券显示 40元 × 4次：每次消费减免 40 元，共可用 4 次' }));
  }

  test(
    "the form sends 面值 40 and 使用次数 4; the member's voucher shows 40元 × 4次, and the figures count its uses",
    async () => {
      assert.ok(operatorSession, 'the operator signed in above');
      const { page, errors } = await phone();
      await openForm(page);
      await chip(formField(page, '福利类型'), '代金券').tap();
      const value = formField(page, '面值（元）').locator('input');
      assert.equal(await value.getAttribute('inputmode'), 'numeric', '面值 opens the number pad');
      assert.equal(await formField(page, '使用次数').locator('input').inputValue(), '1', 'used once unless the operator says more');
      // Empty 面值 and 25 uses: refused at their fields before anything is sent.
      await formField(page, '使用次数').locator('input').fill('25');
      await footerButton(page, '创建福利活动').tap();
      await see(formField(page, '面值（元）').locator('.form-field__error', { hasText: '请填写券的面值' }));
      await see(formField(page, '使用次数').locator('.form-field__error', { hasText: '券的使用次数不能超过 20 次' }));

      await fillVoucher(page);
      await formField(page, '总数量').locator('input').fill('10');
      await chip(formField(page, '每人限领'), '仅一次').tap();
      const places = formField(page, '领取地点');
      await chip(places, '商户').tap();
      await places.locator('.place-search__box input').fill('炸酱面');
      const shop = visible(places.locator('.place-option', { hasText: SHOP }));
      await shop.tap();
      await see(places.locator('.place-option--on', { hasText: SHOP }));
      await assertNoHorizontalScroll(page);
      await suite.shots.take(page, 'campaign-form-voucher');

      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/benefits') && r.request().method() === 'POST', { timeout: TIMEOUT }),
        footerButton(page, '创建福利活动').tap(),
      ]);
      assert.equal(created.status(), 201, await created.text());
      assert.deepEqual((({ voucherValue, voucherUses }) => ({ voucherValue, voucherUses }))(created.request().postDataJSON()), {
        voucherValue: 40,
        voucherUses: 4,
      });
      const campaign = await created.json();
      await waitForRoute(page, '/pages/staff/campaign/index');
      await see(visible(page.locator('.info-list__row', { hasText: '券面' })).filter({ hasText: '40元 × 4次' }));

      // 李秀兰 claims it at the shop (its rotating code) and opens 我的券.
      const member = await memberSession('13900000003');
      const { code: placeCode } = await api(`/staff/places/merchant/${campaign.places[0].id}/code`, { token: operatorToken });
      await api(`/benefits/${campaign.id}/claims`, {
        method: 'POST',
        token: member.accessToken,
        body: { placeToken: placeCode },
        headers: { 'Idempotency-Key': randomUUID() },
      });
      const { page: wallet, errors: walletErrors } = await phone();
      await signedIn(wallet, storedSession(member));
      await wallet.goto(`${suite.server.baseUrl}/#/pages/benefits/mine`);
      await waitForRoute(wallet, '/pages/benefits/mine');
      const card = visible(wallet.locator('.voucher', { hasText: VOUCHER }));
      await see(card.locator('.voucher__amount', { hasText: '40元 × 4次' }));
      await see(card.locator('.voucher__left', { hasText: '剩余 4 次' }));
      await suite.shots.take(wallet, 'campaign-form-voucher-wallet');

      // One use, made by the operator (staff of the campaign's union): 核销次数 1, no voucher used up yet.
      const { code } = (await api('/vouchers/mine', { token: member.accessToken })).items.find((v) => v.campaignId === campaign.id);
      await api('/staff/vouchers/redeem', { method: 'POST', token: operatorToken, body: { code } });
      await see(drainFigure(page, 'uses').filter({ hasText: /^1$/ }), DRAIN_TIMEOUT);
      await see(drainFigure(page, 'redeemed').filter({ hasText: /^0$/ }));
      await see(visible(page.locator('.drain__label', { hasText: '已用完的券' })));
      await assertNoHorizontalScroll(page);
      await suite.shots.take(page, 'campaign-drain-uses');
      assert.deepEqual(errors, []);
      assert.deepEqual(walletErrors, []);
    },
    { timeout: TIMEOUT * 6 },
  );

  test(
    '大字模式: the voucher terms fit a 360-px phone',
    async () => {
      assert.ok(operatorSession, 'the operator signed in above');
      const { page, errors } = await phone();
      await careOn(page);
      await openForm(page);
      await fillVoucher(page);
      await see(visible(page.locator('.screen--care')));
      await assertNoHorizontalScroll(page);
      await formField(page, '面值（元）').scrollIntoViewIfNeeded();
      await suite.shots.take(page, 'campaign-form-voucher-care');
      assert.deepEqual(errors, []);
    },
    { timeout: TIMEOUT * 4 },
  );
});
