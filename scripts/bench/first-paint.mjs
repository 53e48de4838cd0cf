// What a courier on a weak network sees first, measured in chromium: the H5 build already in miniapp/dist/h5 (run
// `npm run build:h5` first), served by our server on a fresh PGlite, on a throttled connection (400 kbit/s, 400 ms per
// request, CPU 4× slower: scripts/e2e/browser.mjs WEAK_NETWORK).
//
// Prints, per run and as the median, the first paint (index.html's own loading screen: the union's mark and 正在加载…)
// and when the app first drew its home page. The naive baseline is in the same run: an app without index.html's
// loading screen shows nothing until its bundle has run, so its first paint is the second figure; the ratio says how
// much sooner a courier sees that something is coming. A figure, not a test: the browser suite asserts the order only.
//
//   node scripts/bench/first-paint.mjs [runs=5] [path=/]
/* global MutationObserver, document, window -- the functions handed to page.evaluate run in the browser */
import { startServer } from '../e2e/server.mjs';
import { launchBrowser, throttle } from '../e2e/browser.mjs';

const runs = Number(process.argv[2] ?? 5);
const path = process.argv[3] ?? '/';
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = await startServer();
const browser = await launchBrowser();
const results = [];
try {
  // The server's first answer after start-up is not what a courier waits for.
  await fetch(server.baseUrl);
  for (let i = 0; i < runs; i += 1) {
    const context = await browser.newPhone({ viewport: { width: 360, height: 780 } });
    try {
      const page = await context.newPage();
      await page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (!document.querySelector('.home__greeting, .taro_page *')) return;
          window.__appDrawnAt = performance.now();
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true });
      });
      await throttle(context, page);
      await page.goto(`${server.baseUrl}${path}`, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.__appDrawnAt !== undefined, null, { timeout: 120_000, polling: 100 });
      const run = await page.evaluate(() => ({
        paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        app: window.__appDrawnAt,
      }));
      results.push(run);
      console.log(`run ${i + 1}/${runs}: loading screen painted at ${Math.round(run.paint)} ms, app drawn at ${Math.round(run.app)} ms`);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}

const paint = median(results.map((r) => r.paint));
const app = median(results.map((r) => r.app));
console.log(`\n${path} on a weak network, median of ${runs}:`);
console.log(`  ours: something on screen (the loading screen) at ${Math.round(paint)} ms`);
console.log(`  naive (no loading screen: blank until the app draws): ${Math.round(app)} ms (${(app / paint).toFixed(1)}× later)`);
