// 大字模式 on a 360×780 phone (issue 19, item 12): on 会员卡 the member code, its countdown and the screenshot warning
// are all above the footer without scrolling, and no title on 会员卡, 服务 or 首页 breaks inside a word (法律援 / 助).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import { logIn, see, settled, tab, text, useE2ESuite, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const careOn = (page) => page.addInitScript(() => localStorage.setItem('union.careMode', JSON.stringify({ data: true })));

async function box(locator) {
  const b = await locator.boundingBox();
  assert.ok(b, 'on screen');
  return b;
}

/**
 * The titles (and tags) on the page in front whose text wraps inside a word. Words are what the browser's own
 * Chinese segmenter (Intl.Segmenter, ICU's dictionary) finds: a line may start only where a word starts; a title of at
 * most six characters is one line.
 */
function midWordBreaks(page) {
  return page.evaluate(() => {
    const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
    const bad = [];
    const titles = [...document.querySelectorAll('[class*="__title"], .tag')].filter((el) => el.getBoundingClientRect().width > 0);
    for (const el of titles) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const chars = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) chars.push({ node, i, ch: node.data[i] });
      }
      const plain = chars.map((c) => c.ch).join('');
      const starts = new Set([...segmenter.segment(plain)].map((s) => s.index));
      let prevTop = null;
      chars.forEach(({ node, i, ch }, at) => {
        if (!ch.trim() || ch === '\u200b') return;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getBoundingClientRect();
        // A short title (法律援助, 普惠商户) is one word to a reader, whatever the dictionary splits it into.
        const short = plain.replace(/\u200b/g, '').trim().length <= 6;
        if (prevTop !== null && r.top > prevTop + r.height / 2 && (short || !starts.has(at))) bad.push(`${plain.replace(/\u200b/g, '')} (before ${ch})`);
        prevTop = r.top;
      });
    }
    return bad;
  });
}

describe('大字模式 at 360×780: 会员卡 fits above the footer, titles keep their words', () => {
  let context;
  let page;
  let errors;
  before(async () => {
    context = await suite.browser.newPhone({ viewport: { width: 360, height: 780 } });
    page = await context.newPage();
    errors = watchErrors(page);
    await careOn(page);
  });
  after(async () => {
    await context?.close();
  });

  test('the member code, its countdown and the screenshot warning are above the footer', async () => {
    await page.goto(`${suite.server.baseUrl}/#/pages/card/index`);
    await logIn(page, '13900000002');
    await waitForRoute(page, '/pages/card/index');
    await see(visible(page.locator('.screen--care .member-code__image')));
    await see(text(page, /^\d+ 秒后自动刷新$/));
    await settled(page);
    const scrollY = await page.evaluate(() => scrollY);
    assert.equal(scrollY, 0, 'nothing scrolled');
    const footerTop = (await box(visible(page.locator('.footer-bar')).first())).y;
    for (const [name, selector] of [
      ['the member code', '.member-code__image'],
      ['its countdown', '.member-code__status'],
      ['the screenshot warning', '.member-code__hint'],
    ]) {
      const b = await box(visible(page.locator(selector)).first());
      assert.ok(
        b.y >= 0 && b.y + b.height <= footerTop + 0.5,
        `${name} is above the footer (bottom ${Math.round(b.y + b.height)}, footer at ${Math.round(footerTop)})`,
      );
    }
    await suite.shots.take(page, 'care-card');
  });

  test('no title on 会员卡, 服务 or 首页 breaks inside a word', async () => {
    assert.deepEqual(await midWordBreaks(page), [], '会员卡');
    await tab(page, '服务').tap();
    await waitForRoute(page, '/pages/services/index');
    await see(visible(page.locator('.service__badge', { hasText: '法律援助' })));
    await settled(page);
    await suite.shots.take(page, 'care-services');
    assert.deepEqual(await midWordBreaks(page), [], '服务');
    await tab(page, '首页').tap();
    await waitForRoute(page, '/pages/index/index');
    await see(text(page, '法律援助'));
    await settled(page);
    assert.deepEqual(await midWordBreaks(page), [], '首页');
    const legal = await box(text(page, '法律援助').first());
    const lineHeight = await text(page, '法律援助')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    assert.ok(legal.height < lineHeight * 1.5, `法律援助 is on one line (${Math.round(legal.height)} px)`);
    await suite.shots.take(page, 'care-home');
    assert.deepEqual(errors, []);
  });
});
