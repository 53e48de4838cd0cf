// Headless Debian chromium driven by playwright-core, set up like a mid-range phone.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT_DIR } from './server.mjs';

export const SCREENSHOT_DIR = join(ROOT_DIR, 'artifacts', 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', deviceScaleFactor: 2 };

/** Playwright gives every launch a fresh temporary profile, so nothing leaks between runs. */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    browser,
    newPhone: (overrides = {}) => browser.newContext({ ...PHONE, ...overrides }),
    close: () => browser.close(),
  };
}

/** Screenshots numbered in the order they are taken, across test files of one run. */
export async function prepareScreenshots() {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return {
    async take(page, name) {
      const taken = (await readdir(SCREENSHOT_DIR)).filter((f) => f.endsWith('.png')).length;
      const file = join(SCREENSHOT_DIR, `${String(taken + 1).padStart(2, '0')}-${name}.png`);
      // Shoot the settled screen: the page in front has slid fully in and nothing but spinners moves.
      await page.waitForFunction(
        () => {
          const front = document.elementFromPoint(innerWidth / 2, innerHeight / 2)?.closest('.taro_page');
          if (!front) return false;
          // Taro names each page element after its route: the one in front must be the one in the URL.
          const route = location.hash.slice(1).split('?')[0] || '/pages/index/index';
          const settled = document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity);
          return front.id.split('?')[0] === route && Math.abs(front.getBoundingClientRect().left) < 1 && settled;
        },
        null,
        { timeout: 5000, polling: 100 },
      );
      // Taro H5 scrolls inside the page element, not the document, so fullPage would stop at the
      // viewport: grow the viewport by the hidden height for the shot, then put it back.
      const hidden = await page.evaluate(() => {
        const front = document.elementFromPoint(innerWidth / 2, innerHeight / 2)?.closest('.taro_page');
        if (!front) return 0;
        front.scrollTop = 0;
        return Math.max(0, front.scrollHeight - front.clientHeight);
      });
      const viewport = page.viewportSize();
      if (hidden > 0 && viewport) {
        await page.setViewportSize({ width: viewport.width, height: viewport.height + hidden });
        await page.waitForTimeout(150);
      }
      await page.screenshot({ path: file });
      if (hidden > 0 && viewport) await page.setViewportSize(viewport);
      return file;
    },
  };
}

export async function clearScreenshots() {
  await rm(SCREENSHOT_DIR, { recursive: true, force: true });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
}

/** Collects uncaught page errors and Content-Security-Policy refusals, so a test can assert there were none. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) errors.push(message.text());
  });
  return errors;
}

/** 400 kbit/s down and up, 400 ms added to every request, a CPU four times slower: a cheap phone on a weak network. */
export const WEAK_NETWORK = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };

export async function throttle(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', WEAK_NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}
