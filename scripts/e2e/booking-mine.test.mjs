// The service detail page knows what the member booked (issue 19, item 9), at 360×780. 新街口's admin (13800000001,
// through the API) publishes a service that may be cancelled until 2 hours before the start, with a slot starting in an
// hour and one tomorrow. 王建国 (13900000002) books tomorrow's slot; back on the detail page it shows 已预约 (not
// 已满 · 可候补) and offers 取消预约, which gives the place back. Booking the slot that starts within the cut-off first
// warns 开始前2小时内不能取消, and nothing is sent until he confirms.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import { apiClient, footerButton, logIn, see, settled, TIMEOUT, useE2ESuite, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const { api, login } = apiClient(suite);
const TITLE = '工伤认定咨询（驿站夜场）';
const XJK = '西城区新街口街道总工会';

const modalButton = (page, label) => visible(page.locator('.taro-modal__foot .taro-model__btn', { hasText: label }));
const modalTitle = (page, title) => visible(page.locator('.taro-modal__title', { hasText: title }));
const isBookingPost = (r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST';

describe('the service detail page knows my bookings', () => {
  let context;
  let page;
  let errors;
  let serviceId;
  const posts = [];

  before(async () => {
    const admin = await login('13800000001');
    const orgId = (await api('/orgs?q=新街口')).items.find((o) => o.name === XJK).id;
    const service = await api('/admin/services', {
      method: 'POST',
      token: admin,
      body: {
        kind: 'legal_aid',
        orgId,
        title: TITLE,
        description: '律师现场解答工伤认定和赔偿问题。',
        place: { address: '北京市西城区新街口外大街 1 号' },
        cancelCutoffMinutes: 120,
      },
    });
    serviceId = service.id;
    const minute = 60_000;
    const soon = Math.ceil((Date.now() + 60 * minute) / minute) * minute;
    const tomorrow = soon + 25 * 60 * minute;
    for (const start of [soon, tomorrow]) {
      await api(`/admin/services/${serviceId}/slots`, {
        method: 'POST',
        token: admin,
        body: { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 30 * minute).toISOString(), capacity: 1 },
      });
    }
    context = await suite.browser.newPhone({ viewport: { width: 360, height: 780 } });
    page = await context.newPage();
    errors = watchErrors(page);
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/bookings') && r.method() === 'POST') posts.push(r.url());
    });
  });
  after(() => context?.close());

  const slot = (n) => visible(page.locator('.slot')).nth(n);

  test('after booking, my slot shows 已预约 and offers 取消预约 instead of 候补', async () => {
    await page.goto(`${suite.server.baseUrl}/#/pages/bookings/detail/index?id=${serviceId}`);
    await logIn(page, '13900000002');
    await waitForRoute(page, '/pages/bookings/detail/index');
    await see(slot(1).locator('.tag', { hasText: '剩余 1' }));
    await slot(1).tap();
    const [res] = await Promise.all([page.waitForResponse(isBookingPost, { timeout: TIMEOUT }), footerButton(page, '预约').tap()]);
    assert.equal(res.status(), 201, await res.text());
    await see(modalTitle(page, '预约成功'));
    await modalButton(page, '查看预约').tap();
    await waitForRoute(page, '/pages/bookings/mine/index');

    // Reopened later: a fresh load of the detail page.
    await page.goto('about:blank');
    await page.goto(`${suite.server.baseUrl}/#/pages/bookings/detail/index?id=${serviceId}`);
    await waitForRoute(page, '/pages/bookings/detail/index');
    await settled(page);
    await see(slot(1).locator('.tag', { hasText: '已预约' }));
    assert.equal(await slot(1).locator('.tag', { hasText: '可候补' }).count(), 0, 'my own slot is not offered as a waitlist');
    await slot(1).tap();
    await see(footerButton(page, '取消预约'));
    assert.equal(await footerButton(page, '候补').count(), 0);
    await suite.shots.take(page, 'service-detail-mine');

    await footerButton(page, '取消预约').tap();
    await see(modalTitle(page, '取消预约？'));
    const [cancelled] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/bookings/') && r.request().method() === 'DELETE', { timeout: TIMEOUT }),
      modalButton(page, '取消预约').tap(),
    ]);
    assert.equal(cancelled.status(), 200, await cancelled.text());
    await see(slot(1).locator('.tag', { hasText: '剩余 1' }));
    await see(footerButton(page, '预约'));
  });

  test('booking a slot within the cut-off warns 开始前2小时内不能取消 before anything is sent', async () => {
    const before = posts.length;
    await slot(0).tap();
    await footerButton(page, '预约').tap();
    await see(modalTitle(page, '预约后不能取消'));
    await see(visible(page.locator('.taro-modal__content', { hasText: '开始前2小时内不能取消' })));
    assert.equal(posts.length, before, 'nothing booked while the warning shows');

    await modalButton(page, '再想想').tap();
    await see(slot(0).locator('.tag', { hasText: '剩余 1' }));
    assert.equal(posts.length, before, '再想想 books nothing');

    await footerButton(page, '预约').tap();
    await see(modalTitle(page, '预约后不能取消'));
    const [res] = await Promise.all([page.waitForResponse(isBookingPost, { timeout: TIMEOUT }), modalButton(page, '仍要预约').tap()]);
    assert.equal(res.status(), 201, await res.text());
    assert.equal((await res.json()).status, 'booked');
    await see(modalTitle(page, '预约成功'));
    assert.deepEqual(errors, []);
  });
});
