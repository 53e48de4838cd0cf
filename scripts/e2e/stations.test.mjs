// 附近驿站 in the H5 build: a member near the Xinjiekou sorting centre finds the nearest station with a
// microwave (geolocation granted in the browser), sees it on the plot, and is offered navigation; a phone
// that refuses its location gets Beijing's centre, says so, and can pick a district.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import { assertNoHorizontalScroll, see, text, useE2ESuite, visible, waitForRoute } from './helpers.mjs';

// The operator configured AMap tiles (GCJ-02, like the stored positions). No machine here reaches a tile server: the
// browser's requests for them are answered by the test.
const TILE_SERVER = 'https://tiles.example.test';
const suite = useE2ESuite({ serverEnv: { MAP_TILES_URL: `${TILE_SERVER}/{z}/{x}/{y}.png?key=k`, MAP_TILES_ATTRIBUTION: '高德地图' } });

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
    // As when no tiles are configured (the server's default, tested in stations.test.ts): the app draws its diagram.
    await page.route('**/api/v1/stations/map-config', (route) => route.fulfill({ json: { tiles: null } }));
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

describe("on the operator's map tiles", () => {
  let context;
  let page;
  let errors;
  const tileRequests = [];
  // A light grey tile: what the map draws under the pins (the machine reaches no tile server; the route answers).
  const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII=', 'base64');

  before(async () => {
    context = await suite.browser.newPhone({ geolocation: XINJIEKOU_GPS, permissions: ['geolocation'] });
    page = await context.newPage();
    errors = watchErrors(page);
    await page.route(`${TILE_SERVER}/**`, (route) => {
      tileRequests.push(route.request().url());
      return route.fulfill({ body: TILE, contentType: 'image/png' });
    });
  });
  after(() => context?.close());

  test('地图 draws the tiles, the member and the stations, and no pin lies under another', async () => {
    await page.goto(`${suite.server.baseUrl}/#/pages/stations/index`);
    await see(visible(page.locator('.station')).first());
    await visible(page.locator('.stations__tab', { hasText: '地图' })).tap();
    await see(visible(page.locator('.tmap__me-label', { hasText: '您的位置' })));
    await see(visible(page.locator('.tmap__pin, .tmap__cluster')).first());
    assert.ok(
      tileRequests.some((u) => /\/15\/\d+\/\d+\.png\?key=k$/.test(u)),
      `zoom-15 tiles asked for: ${tileRequests.slice(0, 3).join(' ')}`,
    );
    assert.equal(await page.locator('.plot').count(), 0, 'the diagram is only for when no tiles are configured');
    const boxes = await visible(page.locator('.tmap__pin, .tmap__cluster')).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    assert.ok(boxes.length > 1);
    const overlapping = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
    assert.deepEqual(overlapping, [], 'markers overlap');
    await suite.shots.take(page, 'stations-tile-map');
  });

  test('a cluster zooms in; a pin shows its station with 导航', async () => {
    const cluster = visible(page.locator('.tmap__cluster')).first();
    await see(cluster);
    const count = Number(await cluster.innerText());
    assert.ok(count > 1);
    await cluster.tap();
    await page.waitForFunction(() => document.querySelector('.leaflet-tile[src*="/17/"]'), null, { timeout: 15_000 });
    const pin = visible(page.locator('.tmap__pin')).first();
    await pin.tap();
    const card = visible(page.locator('.stations__picked .station')).first();
    await see(card);
    await see(card.locator('.station__nav'));
    await suite.shots.take(page, 'stations-tile-map-picked');
    assert.deepEqual(errors, []);
  });
});
