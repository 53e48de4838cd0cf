// Issue 10 item 8, the rest, at 360 px with 大字模式 off and on: every tap target on the join page,
// 会员卡, 我的 and the staff queue is at least 44×44 (header icons, 查看完整, 查看说明全文, switches
// included), and the member and card numbers stay on one line.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { joinLogIn, logIn, see, useE2ESuite, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const NARROW = { viewport: { width: 360, height: 780 } };
const TARGETS =
  '[role=button], [role=link], [role=switch], [role=checkbox], .action-button, .chip, .tile, .phone-login__link, .consent__toggle, .taro-navigation-bar-back, .taro-navigation-bar-home, .weui-switch, .taro-switch-core, .staff-item__link';

/** Tap targets smaller than 44×44 on the page in front, as laid out. */
const small = (page) =>
  page.evaluate((selector) => {
    const shown = (el) => el.getClientRects().length > 0 && !el.closest('.taro_page[style*="display: none"]');
    return (
      [...document.querySelectorAll(selector)]
        .filter(shown)
        // A control inside a row that takes the tap (a switch in its 64-px row) is hit through the row.
        .map((el) => {
          const row = el.parentElement?.closest('[role=switch], [role=button], [role=link]');
          return { text: (el.textContent || el.className).trim().slice(0, 14), r: (row ?? el).getBoundingClientRect() };
        })
        .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
        .map(({ text, r }) => `${text} ${Math.round(r.width)}×${Math.round(r.height)}`)
    );
  }, TARGETS);

const setCare = (page, on) => page.evaluate((v) => localStorage.setItem('union.careMode', JSON.stringify({ data: v })), on);
async function sweep(page, where, ready) {
  for (const care of [false, true]) {
    await setCare(page, care);
    await page.reload();
    await see(ready(), 30_000);
    if (care) await see(visible(page.locator('.screen--care')));
    await page.waitForTimeout(300);
    assert.deepEqual(await small(page), [], `every tap target on ${where} is at least 44×44 (大字模式 ${care ? 'on' : 'off'})`);
  }
}

/** One line: no wrapping and nothing cut off. */
async function oneLine(locator, what) {
  const m = await locator.evaluate((el) => {
    const style = getComputedStyle(el);
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4;
    return { height: el.getBoundingClientRect().height, lineHeight, fits: el.scrollWidth <= el.clientWidth + 1, right: el.getBoundingClientRect().right };
  });
  assert.ok(m.height < m.lineHeight * 1.6, `${what} on one line (${m.height} px high, line ${m.lineHeight} px)`);
  assert.ok(m.fits && m.right <= 360, `${what} not cut off`);
}

describe('tap targets and one-line numbers at 360 px, 大字模式 off and on', () => {
  const contexts = [];
  after(async () => {
    for (const c of contexts) await c.close();
  });
  const phone = async () => {
    const context = await suite.browser.newPhone(NARROW);
    contexts.push(context);
    return context.newPage();
  };

  test('the join page', async () => {
    const page = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/join/index`);
    await joinLogIn(page, '13912377101');
    await waitForRoute(page, '/pages/join/index');
    await sweep(page, 'the join page', () => visible(page.locator('.join__ocr-button')));
  });

  test('会员卡 and 我的 of a member; the numbers stay on one line', async () => {
    const page = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/card/index`);
    await logIn(page, '13900000002');
    await waitForRoute(page, '/pages/card/index');
    await sweep(page, '会员卡', () => visible(page.locator('.member-card__no')));
    // 大字模式 is on now (the sweep ends with it).
    await oneLine(visible(page.locator('.member-card__no')).first(), 'the member number');
    const cardNo = visible(page.locator('.service-card__no'));
    if (await cardNo.count()) await oneLine(cardNo.first(), 'the service card number');
    await suite.shots.take(page, 'card-care-360');
    await page.goto(`${suite.server.baseUrl}/#/pages/me/index`);
    await waitForRoute(page, '/pages/me/index');
    await sweep(page, '我的', () => visible(page.locator('.action-button, [role=button]')).first());
  });

  test('the staff queue', async () => {
    const page = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await logIn(page, '13800000006');
    await waitForRoute(page, '/pages/staff/index');
    await sweep(page, 'the staff queue', () => visible(page.locator('.staff-filter__input')).first());
  });
});
