// The stall QR page (issue 19, item 14), at 360×780 in 大字模式: under the QR the 活动码 is big and grouped in fours to
// read aloud, and the link is a clean short one (host and /j/CODE, no #/pages/... query) shown whole, with a copy
// button; the short link opens the stall's join page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import { logIn, see, settled, text, useE2ESuite, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const EVENT = 'XJKQSQ26'; // the seeded stall event of 新街口

describe('the stall QR page shows the short code and a clean link', () => {
  let context;
  let page;
  let errors;
  before(async () => {
    context = await suite.browser.newPhone({ viewport: { width: 360, height: 780 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.baseUrl });
    page = await context.newPage();
    errors = watchErrors(page);
    await page.addInitScript(() => localStorage.setItem('union.careMode', JSON.stringify({ data: true })));
  });
  after(async () => {
    await context?.close();
  });

  test('the code is grouped for reading aloud and the link is short, whole and copyable', async () => {
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/qr/index?code=${EVENT}`);
    await logIn(page, '13800000001');
    await waitForRoute(page, '/pages/staff/qr/index');
    await see(visible(page.locator('.stall-qr__image')));
    await settled(page);

    const code = visible(page.locator('.stall-qr__code'));
    assert.equal((await code.textContent()).trim(), 'XJKQ SQ26', 'the code in groups of four');
    const codeBox = await code.boundingBox();
    const lineHeight = await code.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    assert.ok(codeBox.height < lineHeight * 1.5, 'the code is on one line');
    assert.ok(lineHeight >= 30, `the code is big (${lineHeight} px lines)`);

    const link = visible(page.locator('.stall-qr__url'));
    const shown = (await link.textContent()).trim();
    const host = new URL(suite.server.baseUrl).host;
    assert.equal(shown, `${host}/j/${EVENT}`, 'host and a short path, no scheme and no #/pages/... query');
    const whole = await link.evaluate((el) => el.scrollWidth <= el.clientWidth && getComputedStyle(el).textOverflow !== 'ellipsis');
    assert.ok(whole, 'the link is not cut off');
    const linkBox = await link.boundingBox();
    assert.ok(linkBox.x >= 0 && linkBox.x + linkBox.width <= 360, 'the link is within the screen');
    await suite.shots.take(page, 'stall-qr-short-link');

    const copy = visible(page.locator('.stall-qr__link .action-button', { hasText: '复制链接' }));
    // Scrolled to the end, as far as the page goes, the copy button is clear of the footer.
    await copy.evaluate((el) => {
      for (let box = el.parentElement; box; box = box.parentElement) if (box.scrollHeight > box.clientHeight) box.scrollTop = box.scrollHeight;
      window.scrollTo(0, document.documentElement.scrollHeight);
    });
    const copyBox = await copy.boundingBox();
    const footerTop = (await visible(page.locator('.footer-bar')).first().boundingBox()).y;
    assert.ok(copyBox.y + copyBox.height <= footerTop, 'the copy button scrolls clear of the footer');
    await copy.tap();
    await page.waitForFunction((expected) => navigator.clipboard.readText().then((t) => t === expected), `${suite.server.baseUrl}/j/${EVENT}`, {
      timeout: 5000,
    });
    assert.deepEqual(errors, []);
  });

  test('the short link opens the stall join page', async () => {
    const worker = await context.newPage();
    await worker.goto(`${suite.server.baseUrl}/j/${EVENT.toLowerCase()}`);
    await waitForRoute(worker, '/pages/join/index');
    assert.ok(worker.url().endsWith(`/#/pages/join/index?event=${EVENT}`), worker.url());
    await see(text(worker, /夏送清凉/));
    await worker.close();
  });

  test("the join page's scripts and its stall event load alongside the first bundle, not after it ran (issue 19, item 19)", async () => {
    // A courier's phone: nobody signed in (this suite's context is the staffer's).
    const courier = await suite.browser.newPhone({ viewport: { width: 360, height: 780 } });
    const worker = await courier.newPage();
    // Hold the first bundle back (a weak network): the join page's chunks and the stall's event must be asked for
    // meanwhile, by the first script, not after the bundle has arrived and run (one more round trip on a phone).
    const html = await (await fetch(suite.server.baseUrl)).text();
    const firstBundle = new Set([...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => new URL(m[1], suite.server.baseUrl).pathname));
    const eventPath = `/api/v1/events/${EVENT}`;
    const asked = [];
    let sawBoth;
    const bothAsked = new Promise((resolve) => (sawBoth = resolve));
    worker.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (!firstBundle.has(path)) asked.push(path);
      if (asked.some((p) => p.endsWith('.js')) && asked.includes(eventPath)) sawBoth();
    });
    let released = 'timeout';
    await worker.route(/\/js\/app\.[0-9a-f]+\.js$/, async (route) => {
      released = await Promise.race([bothAsked.then(() => 'both'), new Promise((r) => setTimeout(() => r('timeout'), 5000))]);
      await route.continue();
    });
    await worker.goto(`${suite.server.baseUrl}/#/pages/join/index?event=${EVENT}`);
    await see(text(worker, /夏送清凉/));
    assert.equal(released, 'both', `a join-page chunk and the stall event were asked for while app.js was held back (${asked.join(', ')})`);
    const preloaded = await worker.evaluate(
      () => performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'link' && e.name.endsWith('.js')).length,
    );
    assert.ok(preloaded >= 1, 'by a preload link');
    // The app took the early answer: the event was asked for once.
    assert.equal(asked.filter((p) => p === eventPath).length, 1, 'the stall event was fetched once');
    // The signed-out first load is the phone step: the signed-in part of the page (the form and the application
    // contract) and the home page's code stay out of it.
    const scripts = asked.filter((p) => p.endsWith('.js'));
    assert.ok(!scripts.some((p) => /\/join-signed-in\.[0-9a-f]+\.js$/.test(p)), `the form's chunk is not fetched before sign-in (${scripts.join(', ')})`);
    for (const path of [...firstBundle, ...scripts]) {
      const body = await (await fetch(new URL(path, suite.server.baseUrl))).text();
      assert.ok(!body.includes('全部服务'), `${path} carries no home page code`);
      assert.ok(!body.includes('法定劳动年龄'), `${path} carries no application contract`);
    }
    await courier.close();
  });
});
