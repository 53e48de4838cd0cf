// What a courier sees while the app arrives over a weak network: the union's mark and 正在加载… painted by
// index.html itself before the app (how soon is a figure of scripts/bench/first-paint.mjs, not a test), and 网络不佳，点此重试 (which works) when a page's code cannot be fetched.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { throttle, watchErrors } from './browser.mjs';
import { TIMEOUT, see, text, useE2ESuite, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();

const RETRY = '网络不佳，点此重试';

/** Page code (lazily loaded JS or CSS), not the first bundles, which are already in. */
const pageCode = (kind) => (kind === 'css' ? /\/css\/[^/]+\.css(\?|$)/ : /\/js\/[^/]+\.js(\?|$)/);

/** Waits until the page in front is the one the address names, with its content drawn. */
async function pageInFrontIsDrawn(page) {
  await page.waitForFunction(
    () => {
      const front = document.elementFromPoint(innerWidth / 2, innerHeight / 2)?.closest('.taro_page');
      const route = location.hash.slice(1).split('?')[0];
      return Boolean(front && front.id.split('?')[0] === route && front.childElementCount > 0);
    },
    null,
    { timeout: TIMEOUT, polling: 100 },
  );
}

describe('while the app loads', () => {
  test('on a weak network the loading screen is painted first, then the home page replaces it', async () => {
    const context = await suite.browser.newPhone({ viewport: { width: 360, height: 780 } });
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      // When the app first draws its home page, by the browser's clock (the same as the paint timings').
      await page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (!document.querySelector('.home__greeting')) return;
          window.__homeDrawnAt = performance.now();
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true });
      });
      // The server's first answer after start-up is not what a courier waits for.
      await fetch(suite.server.baseUrl);
      await throttle(context, page);
      await page.goto(suite.server.baseUrl, { waitUntil: 'commit' });
      const boot = page.locator('#boot');
      await see(visible(boot.getByText('正在加载…')));
      // No time limit here: on a loaded machine even a check of what is already painted can take longer than any.
      await see(visible(boot.getByText('工会会员服务')));
      assert.ok(await boot.locator('svg.boot__mark').isVisible(), "the union's mark is shown");
      assert.equal(await page.locator('.home__greeting').count(), 0, 'the app itself has not drawn yet');

      // The bundles take seconds at 400 kbit/s; then the home page replaces the loading screen.
      await see(visible(page.locator('.home__greeting')), 60_000);
      await boot.waitFor({ state: 'detached', timeout: TIMEOUT });
      // The order, by the browser's own clock: the first thing painted came before the app drew anything.
      const { paint, home } = await page.evaluate(() => ({
        paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        home: window.__homeDrawnAt ?? null,
      }));
      assert.ok(paint !== null && home !== null, `first paint ${paint}, home drawn ${home}`);
      assert.ok(paint < home, `the loading screen (painted at ${Math.round(paint)} ms) came before the app (${Math.round(home)} ms)`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the first load fetches few scripts, compressed, marked for V8 to compile while they stream in', async () => {
    const html = await (await fetch(suite.server.baseUrl)).text();
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(scripts.length <= 4, `at most 4 scripts before the first page (${scripts.join(', ')})`);
    let compressed = 0;
    for (const src of scripts) {
      const res = await fetch(new URL(src, suite.server.baseUrl), { headers: { 'accept-encoding': 'br' } });
      assert.equal(res.status, 200, src);
      const body = await res.text(); // fetch decodes brotli
      if (res.headers.get('content-encoding') === 'br') compressed += 1;
      // The first script (root font size, the preloads of a linked page) runs at once; every bundle carries the hint.
      if (!/\/js\/rem\.[0-9a-f]+\.js$/.test(src)) assert.ok(body.startsWith('//# allFunctionsCalledOnLoad\n'), `${src} starts with the compile hint`);
    }
    assert.ok(compressed >= scripts.length - 1, 'the bundles are sent brotli-compressed');
  });

  test("a bare address asks for the home page's chunks alongside the first bundle, not after it ran", async () => {
    // The home page is not in the first bundle (a stall link would fetch and run it for nothing): the first script
    // preloads its chunks, so they come while app.js does. Held back, app.js must not be what asks for them.
    const context = await suite.browser.newPhone();
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      const html = await (await fetch(suite.server.baseUrl)).text();
      const firstBundle = new Set([...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => new URL(m[1], suite.server.baseUrl).pathname));
      let sawChunk;
      const chunkAsked = new Promise((resolve) => (sawChunk = resolve));
      page.on('request', (r) => {
        const path = new URL(r.url()).pathname;
        if (path.endsWith('.js') && !firstBundle.has(path)) sawChunk(path);
      });
      let released = 'timeout';
      await page.route(/\/js\/app\.[0-9a-f]+\.js$/, async (route) => {
        released = await Promise.race([chunkAsked.then(() => 'chunk'), new Promise((r) => setTimeout(() => r('timeout'), 5000))]);
        await route.continue();
      });
      await page.goto(suite.server.baseUrl);
      await see(visible(page.locator('.home__greeting')));
      assert.equal(released, 'chunk', 'a home page chunk was asked for while app.js was held back');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the page has a message for a browser without JavaScript', async () => {
    const res = await fetch(suite.server.baseUrl);
    const html = await res.text();
    assert.match(html, /<noscript>[\s\S]*开启 JavaScript[\s\S]*<\/noscript>/);
    const context = await suite.browser.newPhone({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(suite.server.baseUrl);
      await see(text(page, /需要开启 JavaScript/), 5000);
      assert.equal(await page.getByText('正在加载…').isVisible(), false, 'no endless 正在加载… without JavaScript');
    } finally {
      await context.close();
    }
  });

  for (const kind of ['js', 'css']) {
    test(`a page whose ${kind.toUpperCase()} cannot be fetched says ${RETRY}, and the tap loads it`, async () => {
      const context = await suite.browser.newPhone();
      try {
        const page = await context.newPage();
        const errors = watchErrors(page);
        await page.goto(suite.server.baseUrl);
        await see(visible(page.locator('.home__greeting')));
        assert.equal(await page.locator('#boot').count(), 0, 'the loading screen is gone once the page shows');

        // From now on the network drops every request for page code of this kind.
        let blocked = 0;
        const drop = (route) => {
          blocked += 1;
          return route.abort('internetdisconnected');
        };
        await page.route(pageCode(kind), drop);
        await visible(page.locator('.tile', { hasText: '我要入会' })).tap();
        const retry = visible(page.getByRole('button', { name: RETRY }));
        await see(retry);
        assert.ok(blocked > 0, `a ${kind} request was dropped`);
        assert.deepEqual(errors, [], 'no uncaught error');

        // The network is back: one tap brings the page.
        await page.unroute(pageCode(kind), drop);
        await retry.tap();
        await waitForRoute(page, '/pages/join/index');
        await pageInFrontIsDrawn(page);
        // A visitor's join page starts with the phone step (issue 10: the account is made on the join page itself).
        await see(text(page, /第一步：验证手机号/));
        assert.equal(await page.getByText(RETRY).count(), 0);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});
