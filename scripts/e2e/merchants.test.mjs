// 普惠商户 on H5 (issue 19, item 8), at 360×780: a member at 新街口 whose browser shares its location sees the merchants
// sorted from there, not from 天安门. The browser answers in WGS-84; the page converts to GCJ-02, the system the merchants
// are stored in, through the one location helper every page uses.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import { assertNoHorizontalScroll, see, text, TIMEOUT, useE2ESuite, visible } from './helpers.mjs';

const suite = useE2ESuite();

/** WGS-84, as the browser reports it at 新街口; about 39.9420,116.3762 in GCJ-02. */
const XINJIEKOU_GPS = { latitude: 39.9406, longitude: 116.37 };

describe('普惠商户 sorted from where the phone is', () => {
  let context;
  let page;
  let errors;

  before(async () => {
    context = await suite.browser.newPhone({
      viewport: { width: 360, height: 780 },
      geolocation: XINJIEKOU_GPS,
      permissions: ['geolocation'],
    });
    page = await context.newPage();
    errors = watchErrors(page);
  });
  after(() => context?.close());

  test('the nearest merchant to 新街口 comes first, with its distance, measured from the converted position', async () => {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/merchants?'), { timeout: TIMEOUT }),
      page.goto(`${suite.server.baseUrl}/#/pages/merchants/index`),
    ]);
    assert.equal(res.status(), 200);
    // Measured from the phone (in GCJ-02), not from 天安门 (39.9087,116.3975).
    const [lat, lng] = new URL(res.url()).searchParams.get('near').split(',').map(Number);
    assert.ok(Math.abs(lat - 39.942) < 0.001 && Math.abs(lng - 116.3762) < 0.001, `near=${lat},${lng} is 新街口 in GCJ-02`);

    const first = visible(page.locator('.merchant')).first();
    await see(first);
    // In GCJ-02 the phone repair shop is nearer than the noodle shop (about 420 m against 530 m); taken as WGS-84 the
    // noodle shop would come first, and from 天安门 东华门家常菜馆.
    await see(first.locator('.merchant__name', { hasText: '新街口手机快修' }));
    assert.match(await first.locator('.merchant__distance').innerText(), /^4\d0 米$/);
    await see(visible(page.locator('.merchant')).nth(1).locator('.merchant__name', { hasText: '新街口老北京炸酱面' }));
    assert.equal(await text(page, /未获得您的位置/).count(), 0, 'no fallback note when the phone said where it is');
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'merchants-located');
    assert.deepEqual(errors, []);
  });
});
