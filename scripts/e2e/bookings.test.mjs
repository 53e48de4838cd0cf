// Bookings: a member (王建国, 13900000002) finds 法律援助 under 服务预约, books the first slot (capacity 1), sees it
// under 我的预约 with its code; a second member (李秀兰, 13900000003) finds the slot full and joins the waitlist
// (候补第1位); the first cancels with a confirmation and the second is promoted: 已预约 on her phone.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import { assertNoHorizontalScroll, footerButton, logIn, see, text, TIMEOUT, useE2ESuite, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const LEGAL = '劳动争议免费法律咨询';

const chip = (page, label) => visible(page.locator('.chip', { hasText: new RegExp(`^(✓)?${label}$`) }));
const modalButton = (page, label) => visible(page.locator('.taro-modal__foot .taro-model__btn', { hasText: label }));
const bookingCard = (page, title) => visible(page.locator('.booking', { has: page.locator('.booking__title', { hasText: title }) }));

describe('服务预约', () => {
  const contexts = [];
  const errorLists = [];
  async function phone() {
    const context = await suite.browser.newPhone();
    contexts.push(context);
    const page = await context.newPage();
    errorLists.push(watchErrors(page));
    return page;
  }
  after(async () => {
    for (const context of contexts) await context.close();
  });

  let first;
  let second;
  let slotTime = '';

  test('a member books a legal-aid slot from 服务预约 and sees it under 我的预约 with its code', async () => {
    first = await phone();
    await first.goto(`${suite.server.baseUrl}/#/pages/services/index`);
    await see(text(first, '登录后，会员可在这里预约以下服务。'));
    await suite.shots.take(first, 'services-visitor');
    await visible(first.locator('.service', { hasText: '法律援助' }))
      .first()
      .tap();
    await logIn(first, '13900000002');
    await waitForRoute(first, '/pages/services/index');
    await see(text(first, '我的预约'));
    await chip(first, '法律援助').tap();
    const card = visible(first.locator('.service', { hasText: LEGAL }));
    await see(card);
    await assertNoHorizontalScroll(first);
    await suite.shots.take(first, 'services-member');
    await card.first().tap();

    await waitForRoute(first, '/pages/bookings/detail/index');
    await see(visible(first.locator('.slot-day__label')));
    const slot = visible(first.locator('.slot')).first();
    await see(slot.locator('.tag', { hasText: '剩余 1' }));
    slotTime = (await slot.locator('.slot__time').innerText()).trim();
    await slot.tap();
    await see(slot.locator('.slot__time', { hasText: '✓' }));
    await assertNoHorizontalScroll(first);
    await suite.shots.take(first, 'service-detail');
    const [res] = await Promise.all([
      first.waitForResponse((r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST', { timeout: TIMEOUT }),
      footerButton(first, '预约').tap(),
    ]);
    assert.equal(res.status(), 201, await res.text());
    assert.equal((await res.json()).status, 'booked');
    await see(visible(first.locator('.taro-modal__title', { hasText: '预约成功' })));
    await modalButton(first, '查看预约').tap();

    await waitForRoute(first, '/pages/bookings/mine/index');
    const mine = bookingCard(first, LEGAL);
    await see(mine.locator('.tag', { hasText: '已预约' }));
    await mine.locator('.action-button', { hasText: '出示预约码' }).tap();
    await see(mine.locator('.qr-code'));
    await see(mine.locator('.short-code__value', { hasText: /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/ }));
    await assertNoHorizontalScroll(first);
    await suite.shots.take(first, 'my-bookings-booked');
  });

  test('a second member finds the slot full and joins the waitlist as 候补第1位', async () => {
    second = await phone();
    await second.goto(`${suite.server.baseUrl}/#/pages/services/index`);
    await visible(second.locator('.service', { hasText: '法律援助' }))
      .first()
      .tap();
    await logIn(second, '13900000003');
    await waitForRoute(second, '/pages/services/index');
    await chip(second, '法律援助').tap();
    await visible(second.locator('.service', { hasText: LEGAL }))
      .first()
      .tap();
    await waitForRoute(second, '/pages/bookings/detail/index');
    const slot = visible(second.locator('.slot')).first();
    await see(slot.locator('.tag', { hasText: '已满' }));
    assert.equal((await slot.locator('.slot__time').innerText()).trim(), slotTime, 'the same slot');
    await slot.tap();
    await suite.shots.take(second, 'service-detail-full');
    const [res] = await Promise.all([
      second.waitForResponse((r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST', { timeout: TIMEOUT }),
      footerButton(second, '候补').tap(),
    ]);
    assert.equal(res.status(), 201, await res.text());
    assert.deepEqual([(await res.json()).status, (await res.json()).position], ['waitlisted', 1]);
    await see(visible(second.locator('.taro-modal__title', { hasText: '已加入候补' })));
    await modalButton(second, '查看预约').tap();
    await waitForRoute(second, '/pages/bookings/mine/index');
    await see(bookingCard(second, LEGAL).locator('.tag', { hasText: '候补第1位' }));
    await suite.shots.take(second, 'my-bookings-waitlisted');
  });

  test('the first member cancels after confirming, and the second is promoted', async () => {
    const mine = bookingCard(first, LEGAL);
    await mine.locator('.action-button', { hasText: '取消预约' }).tap();
    await see(visible(first.locator('.taro-modal__title', { hasText: '取消预约？' })));
    const [res] = await Promise.all([
      first.waitForResponse((r) => r.url().includes('/api/v1/bookings/') && r.request().method() === 'DELETE', { timeout: TIMEOUT }),
      modalButton(first, '取消预约').tap(),
    ]);
    assert.equal(res.status(), 200, await res.text());
    await see(bookingCard(first, LEGAL).locator('.tag', { hasText: '已取消' }));
    await suite.shots.take(first, 'my-bookings-cancelled');

    await second.reload();
    await waitForRoute(second, '/pages/bookings/mine/index');
    const promoted = bookingCard(second, LEGAL);
    await see(promoted.locator('.tag', { hasText: '已预约' }));
    await see(promoted.locator('.action-button', { hasText: '出示预约码' }));
    await suite.shots.take(second, 'my-bookings-promoted');
  });

  test('no console errors, failed requests or CSP refusals on either phone', () => {
    for (const errors of errorLists) assert.deepEqual(errors, []);
  });
});
