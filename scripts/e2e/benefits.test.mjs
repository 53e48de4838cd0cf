// Benefits: a member scans a place's code (the rotating code on a staffer's phone, at the seeded 夏送清凉 stall
// event of 东华门) and claims a drink; a second claim the same day is refused with a clear message. Then the staffer's
// page shows the place's code and today's claim.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import { TIMEOUT, assertNoHorizontalScroll, footerButton, logIn, see, text, useE2ESuite, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const DRINK = '夏送清凉 冰饮一瓶';

async function api(path, { method = 'GET', body, token } = {}) {
  const res = await fetch(`${suite.server.baseUrl}/api/v1${path}`, {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => null);
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

/** The card of one benefit on the claim page. */
const benefitCard = (page, title) => visible(page.locator('.benefit', { has: page.locator('.benefit__title', { hasText: title }) }));

describe('claiming a benefit with a place code', () => {
  let context;
  let page;
  let errors;
  let staffToken;
  let eventId;

  before(async () => {
    context = await suite.browser.newPhone();
    page = await context.newPage();
    errors = watchErrors(page);
    // The seeded 夏送清凉 stall belongs to 东华门街道, run by the city operator.
    const { devCode } = await api('/auth/sms', { method: 'POST', body: { phone: '13800000000' } });
    staffToken = (await api('/auth/login', { method: 'POST', body: { phone: '13800000000', code: devCode } })).accessToken;
    eventId = (await api('/events/XJKQSQ26')).id;
  });
  after(() => context?.close());

  test('the member scans the staffer’s code and claims a drink', async () => {
    const { claimUrl } = await api(`/staff/places/event/${eventId}/code`, { token: staffToken });
    // The phone camera opens the code's link; signing in brings the member back to it.
    await page.goto(`${suite.server.baseUrl}${claimUrl}`);
    await logIn(page, '13900000002');
    await waitForRoute(page, '/pages/benefits/claim');
    const card = benefitCard(page, DRINK);
    await see(card);
    await see(card.locator('.benefit__remaining', { hasText: '剩余 5000' }));
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'benefit-claim');
    await card.locator('.action-button', { hasText: '立即领取' }).tap();
    await see(text(page, '领取成功'));
    await see(visible(page.locator('.claim-result__text', { hasText: DRINK })));
    await suite.shots.take(page, 'benefit-claimed');
  });

  test('a second claim the same day is refused with a clear message', async () => {
    await footerButton(page, '返回').tap();
    const card = benefitCard(page, DRINK);
    await see(card);
    await card.locator('.action-button', { hasText: '立即领取' }).tap();
    await see(text(page, '已经领过了'));
    await see(text(page, '您本期已领取过该福利'));
    await suite.shots.take(page, 'benefit-refused');
  });

  test(
    '我的领取 lists the drink, and the staffer sees it among today’s claims at the place',
    async () => {
      await footerButton(page, '查看我的领取').tap();
      await waitForRoute(page, '/pages/benefits/mine');
      await visible(page.locator('.tabs__tab', { hasText: '我的领取' })).tap();
      await see(visible(page.locator('.benefit__title', { hasText: DRINK })));
      await suite.shots.take(page, 'benefit-mine');
      const today = await api(`/staff/places/event/${eventId}/claims/today`, { token: staffToken });
      assert.equal(today.total, 1);
      assert.equal(today.items[0].memberName, '王*国');
      assert.deepEqual(errors, []);
    },
    { timeout: TIMEOUT * 4 },
  );
});
