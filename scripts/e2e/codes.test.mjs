// Member code and scanning, three phones side by side. The member (13900000002) opens the card page and shows
// the rotating 会员码; the code is read off the screen by decoding the QR image itself (jsQR, the decoder the H5
// camera uses). A scanner of the member's union (13800000005) types it on the staff scan page and sees the member
// valid with status and masked number; a 普惠商户 clerk (13800000010) does the same and sees only 有效会员 and
// the masked name.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import jsQRModule from 'jsqr';
import { watchErrors } from './browser.mjs';
import { logIn, see, text, TIMEOUT, useE2ESuite, visible, waitForRoute } from './helpers.mjs';

const jsQR = typeof jsQRModule === 'function' ? jsQRModule : jsQRModule.default;
const suite = useE2ESuite();

/** Decodes the member-code QR as it is on screen: the image drawn to a canvas, its pixels to jsQR. */
async function readMemberCode(page) {
  const image = visible(page.locator('.member-code__image img, img.member-code__image')).first();
  await image.waitFor({ state: 'visible', timeout: TIMEOUT });
  const pixels = await image.evaluate(async (img) => {
    if (!img.complete) await new Promise((r) => img.addEventListener('load', r, { once: true }));
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return { width: data.width, height: data.height, data: Array.from(data.data) };
  });
  const found = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
  assert.ok(found, 'the member code QR on screen decodes');
  return found.data;
}

async function typeCodeAndCheck(page, code) {
  const input = visible(page.locator('.scan-panel__input input, input.scan-panel__input')).first();
  await input.fill(code);
  const [res] = await Promise.all([
    page.waitForResponse((r) => /\/api\/v1\/(staff|merchant)\/scan$/.test(r.url()), { timeout: TIMEOUT }),
    visible(page.locator('.scan-panel .action-button', { hasText: '核验' }))
      .last()
      .tap(),
  ]);
  return res;
}

describe('会员码: shown by a member, checked by staff and by a merchant clerk', () => {
  const contexts = [];
  const errorLists = [];
  let member;
  async function phone() {
    const context = await suite.browser.newPhone();
    contexts.push(context);
    const page = await context.newPage();
    errorLists.push(watchErrors(page));
    return page;
  }
  before(async () => {
    member = await phone();
  });
  after(async () => {
    for (const context of contexts) await context.close();
  });

  test('the member opens the card page and sees the rotating code with its countdown', async () => {
    await member.goto(`${suite.server.baseUrl}/#/pages/card/index`);
    await logIn(member, '13900000002');
    await waitForRoute(member, '/pages/card/index');
    await see(visible(member.locator('.member-code__image')));
    await see(text(member, /^\d+ 秒后自动刷新$/));
    const code = await readMemberCode(member);
    assert.match(code, /^m\.[a-z0-9]+\.[A-Za-z0-9_-]{22}\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/, 'the QR holds a signed member code');
    // The countdown counts down.
    const seconds = async () => Number((await visible(member.locator('.member-code__status')).first().textContent()).match(/\d+/)?.[0]);
    const first = await seconds();
    await member.waitForTimeout(2_100);
    const later = await seconds();
    assert.ok(later < first || later > 25, `the countdown moves (${first} -> ${later})`);
    await suite.shots.take(member, 'member-code');
  });

  test('a scanner of the member’s union types the code and sees a valid member, masked', async () => {
    const staff = await phone();
    await staff.goto(`${suite.server.baseUrl}/#/pages/staff/scan/index`);
    await logIn(staff, '13800000005');
    await waitForRoute(staff, '/pages/staff/scan/index');
    await see(visible(staff.locator('.scan-panel')));
    const res = await typeCodeAndCheck(staff, await readMemberCode(member));
    assert.equal(res.status(), 200, await res.text());
    await see(text(staff, '有效会员'));
    await see(text(staff, '王*国'));
    await see(text(staff, '西城区新街口街道总工会'));
    await see(text(staff, '正常'));
    await see(text(staff, /^110102\*+\d{3}$/));
    assert.equal(await text(staff, '王建国').count(), 0, 'the full name is never shown');
    await suite.shots.take(staff, 'staff-scan-valid');

    // A changed code is refused in words.
    // (Change the last character to a different one: a code that already ends in A would otherwise pass unchanged.)
    const shown = await readMemberCode(member);
    const bad = await typeCodeAndCheck(staff, `${shown.slice(0, -1)}${shown.endsWith('A') ? 'B' : 'A'}`);
    assert.equal(bad.status(), 422);
    await see(text(staff, '核验未通过'));
    await see(text(staff, /二维码校验失败/));
  });

  test('a merchant clerk sees only 有效会员 and the masked name', async () => {
    const clerk = await phone();
    await clerk.goto(`${suite.server.baseUrl}/#/pages/merchant/index`);
    await logIn(clerk, '13800000010');
    await waitForRoute(clerk, '/pages/merchant/index');
    await see(text(clerk, '新街口老北京炸酱面'));
    const res = await typeCodeAndCheck(clerk, await readMemberCode(member));
    assert.equal(res.status(), 200, await res.text());
    assert.deepEqual(Object.keys(await res.json()).sort(), ['maskedName', 'valid']);
    await see(text(clerk, '有效会员'));
    await see(text(clerk, '王*国'));
    for (const hidden of ['西城区新街口街道总工会', '会籍状态', '会员号', '王建国']) {
      assert.equal(await text(clerk, hidden).count(), 0, `the clerk does not see ${hidden}`);
    }
    await suite.shots.take(clerk, 'merchant-scan-valid');
  });

  test('普惠商户: nearby merchants with distance and discount, and a clear fallback without location', async () => {
    await member.goto(`${suite.server.baseUrl}/#/pages/merchants/index`);
    await see(visible(member.locator('.merchant')));
    await see(text(member, /未获得您的位置/));
    await see(text(member, /^会员优惠：/));
    const categories = () => visible(member.locator('.merchant .merchant__tags .tag:first-child')).allTextContents();
    assert.ok((await categories()).includes('餐饮'), 'all categories at first');
    const distances = await visible(member.locator('.merchant__distance')).allTextContents();
    assert.match(distances[0], /^\d+ (米|公里)$|^\d+\.\d (公里)$/);
    await visible(member.locator('.chip', { hasText: /^(✓)?手机维修$/ }))
      .first()
      .tap();
    await member.waitForFunction(
      () => {
        const tags = [...document.querySelectorAll('.merchant .merchant__tags .tag:first-child')].filter((e) => e.offsetParent !== null);
        return tags.length > 0 && tags.every((e) => e.textContent === '手机维修');
      },
      null,
      { timeout: TIMEOUT },
    );
    assert.deepEqual([...new Set(await categories())], ['手机维修'], 'the filter keeps only phone repair');
    await suite.shots.take(member, 'merchants-nearby');
  });

  test('no page error or CSP refusal on any phone', () => {
    for (const errors of errorLists) assert.deepEqual(errors, []);
  });
});
