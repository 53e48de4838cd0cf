// Locators and steps shared by the browser tests. Taro H5 keeps earlier pages in the DOM, hidden:
// only ever look at what is on screen.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { launchBrowser, prepareScreenshots, watchErrors } from './browser.mjs';
import { startServer } from './server.mjs';

export const TIMEOUT = 15_000;
export const SESSION_KEY = 'union.session.v1';

export const visible = (locator) => locator.filter({ visible: true });
export const text = (page, value) => visible(page.getByText(value, { exact: typeof value === 'string' }));
export const tab = (page, label) =>
  page.locator('.weui-tabbar__item').filter({ has: page.locator('.weui-tabbar__label', { hasText: new RegExp(`^${label}$`) }) });
// Taro H5 keeps the page being left in the DOM while the next one opens: the newest page's button is the last one.
export const footerButton = (page, label) => visible(page.locator('.footer-bar .action-button', { hasText: label })).last();
export const loginField = (page, index) => visible(page.locator('.login .field')).nth(index);

export async function see(locator, timeout = TIMEOUT) {
  await locator.first().waitFor({ state: 'visible', timeout });
}

export async function waitForRoute(page, route) {
  await page.waitForURL((url) => url.hash.includes(route), { timeout: TIMEOUT });
}

/** On the login page: type the phone, ask for a code and return the code the dev SMS provider sent. */
export async function requestCode(page, phone) {
  await loginField(page, 0).locator('input').fill(phone);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sms') && r.request().method() === 'POST', { timeout: TIMEOUT }),
    visible(page.locator('.field__send', { hasText: '获取验证码' })).tap(),
  ]);
  assert.equal(res.status(), 200, `SMS request failed: ${await res.text()}`);
  const body = await res.json();
  assert.match(body.devCode ?? '', /^\d{6}$/, 'the development SMS provider returns devCode');
  await see(text(page, `开发环境验证码：${body.devCode}`));
  return body.devCode;
}

export async function submitCode(page, code) {
  await loginField(page, 1).locator('input').fill(code);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'), { timeout: TIMEOUT }),
    footerButton(page, '登录').tap(),
  ]);
  return res;
}

export async function logIn(page, phone) {
  await waitForRoute(page, '/pages/login/index');
  const code = await requestCode(page, phone);
  const res = await submitCode(page, code);
  assert.equal(res.status(), 200, `login failed: ${await res.text()}`);
}

export async function assertNoHorizontalScroll(page) {
  const ok = await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  assert.ok(ok, 'the page must not scroll sideways');
}

/**
 * Per test file: the real server on a fresh database, one chromium, and the screenshot folder.
 * Read them as suite.server, suite.browser, suite.shots inside tests. serverEnv: the server's extra settings.
 */
export function useE2ESuite({ serverEnv = {} } = {}) {
  const suite = { server: undefined, browser: undefined, shots: undefined };
  before(async () => {
    suite.server = await startServer({ env: serverEnv });
    suite.browser = await launchBrowser();
    suite.shots = await prepareScreenshots();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/**
 * The API of the suite's server, to set up and check what the pages did: call() answers { status, data }, api() insists
 * on a 2xx and answers the data, login() signs a phone in with the development SMS code and answers its access token.
 */
export function apiClient(suite) {
  async function call(path, { method = 'GET', body, token, headers = {} } = {}) {
    const res = await fetch(`${suite.server.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, data: await res.json().catch(() => null) };
  }
  async function api(path, options) {
    const { status, data } = await call(path, options);
    assert.ok(status < 300, `${options?.method ?? 'GET'} ${path}: ${status} ${JSON.stringify(data)}`);
    return data;
  }
  async function login(phone) {
    const { devCode } = await api('/auth/sms', { method: 'POST', body: { phone } });
    return (await api('/auth/login', { method: 'POST', body: { phone, code: devCode } })).accessToken;
  }
  return { call, api, login };
}

/** The page in front has slid fully in (Taro H5 animates a new page in; a tap during the slide can miss). */
export async function settled(page) {
  await page.waitForFunction(
    () => {
      const route = location.hash.slice(1).split('?')[0];
      const front = [...document.querySelectorAll('.taro_page')].find((p) => p.id.split('?')[0] === route);
      return Boolean(front) && Math.abs(front.getBoundingClientRect().left) < 1 && document.getAnimations().every((a) => a.playState !== 'running');
    },
    null,
    { timeout: TIMEOUT, polling: 100 },
  );
}

/** A FormField by its exact label, on the newest page (an earlier page's form may still be in the DOM). */
export const formField = (page, label) =>
  visible(page.locator('.form-field', { has: page.locator('.form-field__label', { hasText: new RegExp(`^${label}$`) }) })).last();
/** One of the drain view's figures: claimed, remaining, minute, redeemed… */
export const drainFigure = (page, name) => visible(page.locator(`.drain__value--${name}`));

// GB 11643 check character, as shared/src/validators/id-number.ts computes it.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export const idCheckChar = (first17) => '10X98765432'[[...first17].reduce((sum, d, i) => sum + Number(d) * WEIGHTS[i], 0) % 11];
export const validId = (first17) => first17 + idCheckChar(first17);

/** The phone step on the join page itself (a stall link opens the join page, not a bare login page). */
export const phoneField = (page, index) => visible(page.locator('.phone-login .field')).nth(index);
export async function joinLogIn(page, phone) {
  await waitForRoute(page, '/pages/join/index');
  await phoneField(page, 0).locator('input').fill(phone);
  const [sms] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sms') && r.request().method() === 'POST', { timeout: TIMEOUT }),
    visible(page.locator('.phone-login .field__send', { hasText: '获取验证码' })).tap(),
  ]);
  assert.equal(sms.status(), 200, `SMS request failed: ${await sms.text()}`);
  const { devCode } = await sms.json();
  await phoneField(page, 1).locator('input').fill(devCode);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'), { timeout: TIMEOUT }),
    footerButton(page, '验证并继续').tap(),
  ]);
  assert.equal(res.status(), 200, `login failed: ${await res.text()}`);
}

/**
 * Phones for one describe(): each call opens a new browser context (with `options`, e.g. a 360×780 viewport) and
 * its page, with the page's errors watched; every context is closed after the describe.
 */
export function usePhones(suite, options) {
  const contexts = [];
  after(async () => {
    for (const context of contexts) await context.close();
  });
  return async () => {
    const context = await suite.browser.newPhone(options);
    contexts.push(context);
    const page = await context.newPage();
    return { page, errors: watchErrors(page) };
  };
}
