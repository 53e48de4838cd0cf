// 附近驿站 in the H5 build: a member near the Xinjiekou sorting centre finds the nearest station with a
// microwave (geolocation granted in the browser), sees it on the plot, and is offered navigation; a phone
// that refuses its location gets Beijing's centre, says so, and can pick a district.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import { assertNoHorizontalScroll, see, text, useE2ESuite, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();

/** WGS-84, as a browser reports it: about 39.9441,116.3703 in GCJ-02, at the sorting centre's door. */
const XINJIEKOU_GPS = { latitude: 39.94285, longitude: 116.36415 };

describe('a member finds the nearest station with a microwave', () => {
  let context;
  let page;
  let errors;

  before(async () => {
    context = await suite.browser.newPhone({ geolocation: XINJIEKOU_GPS, permissions: ['geolocation'] });
    page = await context.newPage();
    errors = watchErrors(page);
  });
  after(() => context?.close());

  test('the home tile 暖心驿站 opens the nearest stations, with distances and facilities', async () => {
    await page.goto(suite.server.baseUrl);
    await waitForRoute(page, '/pages/index/index');
    await visible(page.locator('.tile', { hasText: '暖心驿站' })).tap();
    await waitForRoute(page, '/pages/stations/index');
    await see(text(page, '按离您的距离排序'));
    const first = visible(page.locator('.station')).first();
    await see(first);
    // The sorting centre's own station is a few dozen metres away: the browser's GPS fix was converted to GCJ-02.
    await see(first.locator('.station__name', { hasText: '新街口快递分拣中心暖心驿站' }));
    assert.match(await first.locator('.station__distance').innerText(), /^\d+ 米$/);
    assert.ok(Number((await first.locator('.station__distance').innerText()).replace(/\D/g, '')) < 150, 'within 150 m');
    await see(first.locator('.tag', { hasText: '营业中' }));
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'stations-nearest');
  });

  test('微波炉 keeps only stations with a microwave, nearest first, as the API says', async () => {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/stations?') && r.url().includes('facility=microwave')),
      visible(page.locator('.stations__filters .chip', { hasText: '微波炉' })).tap(),
    ]);
    const body = await res.json();
    assert.ok(body.items.length > 0);
    for (const s of body.items) assert.ok(s.facilities.includes('microwave'));
    const distances = body.items.map((s) => s.distance);
    assert.deepEqual(
      distances,
      [...distances].sort((a, b) => a - b),
      'nearest first',
    );
    const first = visible(page.locator('.station')).first();
    await see(first.locator('.station__name', { hasText: body.items[0].name }));
    await see(first.locator('.facility--on', { hasText: '微波炉' }));
    assert.notEqual(body.items[0].name, '新街口快递分拣中心暖心驿站', 'the sorting centre has no microwave');
    await suite.shots.take(page, 'stations-microwave');
  });

  test('the map view plots the stations around the member, numbered as in the list', async () => {
    await visible(page.locator('.stations__tab', { hasText: '地图' })).tap();
    await see(visible(page.locator('.plot__me-label', { hasText: '您的位置' })));
    const dots = visible(page.locator('.plot__dot'));
    assert.ok((await dots.count()) > 0);
    await suite.shots.take(page, 'stations-plot');
    await dots.first().tap();
    await see(visible(page.locator('.station--selected')));
  });

  test('导航 offers a map app or the address to copy', async () => {
    await visible(page.locator('.station--selected .station__nav')).tap();
    await see(text(page, '用高德地图导航'));
    await see(text(page, '复制地址'));
    assert.deepEqual(errors, []);
  });
});

describe('a phone that will not share its location', () => {
  let context;
  let page;

  before(async () => {
    context = await suite.browser.newPhone({ viewport: { width: 360, height: 740 } });
    page = await context.newPage();
  });
  after(() => context?.close());

  test('falls back to Beijing centre, says so, and lets the member choose a district', async () => {
    await page.goto(`${suite.server.baseUrl}/#/pages/stations/index`);
    await see(text(page, '没能获取您的位置'), 20_000);
    await see(visible(page.locator('.stations__fallback-text', { hasText: '天安门' })));
    await see(visible(page.locator('.station')).first());
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/stations?') && r.url().includes('near=39.9219')),
      visible(page.locator('.stations__fallback .chip', { hasText: '朝阳区' })).tap(),
    ]);
    assert.equal(res.status(), 200);
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'stations-no-location');
  });
});
