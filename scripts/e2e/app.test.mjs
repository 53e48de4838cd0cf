// The H5 build of the mini-program against the real server: login by SMS code, the four tabs,
// coming back after login, token refresh, and the loading/empty/error states.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import {
  SESSION_KEY,
  TIMEOUT,
  assertNoHorizontalScroll,
  footerButton,
  logIn,
  loginField,
  requestCode,
  see,
  submitCode,
  tab,
  text,
  useE2ESuite,
  visible,
  waitForRoute,
} from './helpers.mjs';

/** The real server on a fresh database, one chromium, and the screenshot folder, for this file. */
const suite = useE2ESuite();

describe('operator signs in with an SMS code and visits every tab', () => {
  let context;
  let page;
  let errors;

  before(async () => {
    context = await suite.browser.newPhone();
    page = await context.newPage();
    errors = watchErrors(page);
  });
  after(() => context?.close());

  test('a visitor sees the home page with the unions to join', async () => {
    const assets = [];
    const collect = async (res) => {
      if (/\/(js|css)\/[^/]+\.(js|css)$/.test(res.url())) assets.push({ url: res.url(), headers: await res.allHeaders() });
    };
    page.on('response', collect);
    const [doc] = await Promise.all([page.waitForResponse((r) => r.url() === `${suite.server.baseUrl}/`), page.goto(suite.server.baseUrl)]);
    const html = await doc.text();
    assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, 'index.html has no inline script');
    assert.doesNotMatch((await doc.allHeaders())['content-security-policy'], /script-src[^;]*'unsafe-inline'/, 'the CSP refuses inline scripts');
    await waitForRoute(page, '/pages/index/index');
    await see(visible(page.locator('.home__greeting')));
    await see(visible(page.locator('.org')));
    await see(visible(page.locator('.org .tag', { hasText: '街道（乡镇）总工会' })));
    assert.ok((await visible(page.locator('.org')).count()) <= 10, 'at most the first 10 unions');
    page.off('response', collect);
    // Files under 1 KiB (the root-font-size script) are not worth compressing.
    const bundles = assets.filter((a) => a.url.endsWith('.js') && Number(a.headers['content-length'] ?? Infinity) > 1024);
    assert.ok(bundles.length > 0, 'the app loads its bundles');
    for (const { url, headers } of bundles) {
      assert.match(headers['content-encoding'] ?? '', /^(br|gzip)$/, `${url} is sent compressed`);
      assert.match(headers['cache-control'] ?? '', /immutable/, `${url} is cached for good (its name changes with its content)`);
    }
    await see(text(page, '我要入会'));
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'home-signed-out');
  });

  test('the login page asks for a phone number and an SMS code', async () => {
    await visible(page.locator('.home__login')).tap();
    await waitForRoute(page, '/pages/login/index');
    await see(text(page, '手机号登录'));
    await see(visible(page.locator('.field__send', { hasText: '获取验证码' })));
    await suite.shots.take(page, 'login');
  });

  test('a wrong code shows the server message next to the code field', async () => {
    const code = await requestCode(page, '13800000000');
    await see(visible(page.locator('.field__send', { hasText: /\d+秒后重发/ })));
    const wrong = code === '000000' ? '111111' : '000000';
    const res = await submitCode(page, wrong);
    assert.equal(res.status(), 400);
    const { error } = await res.json();
    assert.equal(error.field, 'code');
    const fieldError = loginField(page, 1).locator('.field__error');
    await see(fieldError);
    assert.equal((await fieldError.textContent())?.trim(), error.message, "the server's own message, under the code field");
    assert.equal(await loginField(page, 0).locator('input').inputValue(), '13800000000', 'the phone number is kept');
    await suite.shots.take(page, 'login-wrong-code');
  });

  test('the right code signs in and lands on 首页 with a greeting', async () => {
    const devCode = (await visible(page.locator('.phone-login__dev-code')).textContent()).replace(/\D/g, '');
    const res = await submitCode(page, devCode);
    assert.equal(res.status(), 200);
    await waitForRoute(page, '/pages/index/index');
    await see(visible(page.locator('.home__greeting', { hasText: '138****0000' })));
    await suite.shots.take(page, 'home-signed-in');
  });

  test('服务 shows someone who is not a member what the union offers; 暖心驿站 and 普惠商户 open to everyone', async () => {
    await tab(page, '服务').tap();
    await waitForRoute(page, '/pages/services/index');
    await see(text(page, '成为工会会员后，即可在这里预约以下服务。'));
    for (const name of ['法律援助', '心理咨询', '技能培训', '职工疗休养', '暑期托管', '暖心驿站', '普惠商户']) {
      await see(visible(page.locator('.service__title', { hasText: name })));
    }
    assert.equal(await visible(page.locator('.service__badge', { hasText: '即将上线' })).count(), 0);
    await suite.shots.take(page, 'services');
    await visible(page.locator('.service', { hasText: '暖心驿站' })).tap();
    await waitForRoute(page, '/pages/stations/index');
    await page.goBack();
    await waitForRoute(page, '/pages/services/index');
  });

  test('会员卡 tells an operator without membership how to join', async () => {
    await tab(page, '会员卡').tap();
    await waitForRoute(page, '/pages/card/index');
    await see(text(page, '您还不是工会会员'));
    await see(footerButton(page, '我要入会'));
    await suite.shots.take(page, 'card-not-member');
  });

  test('我的 shows the masked phone, the roles and the staff grants', async () => {
    await tab(page, '我的').tap();
    await waitForRoute(page, '/pages/me/index');
    await see(visible(page.locator('.me__phone', { hasText: '138****0000' })));
    await see(visible(page.locator('.me__roles .tag', { hasText: '运营' })));
    await see(visible(page.locator('.grant__org', { hasText: '总工会' })));
    await see(visible(page.locator('.me__logout', { hasText: '退出登录' })));
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'me-operator');
  });

  test('the tab bar marks the tab it is on, hides on a page that is not a tab, and follows the back button', async () => {
    const selected = () => visible(page.locator('.weui-tabbar__item.weui-bar__item_on .weui-tabbar__label')).textContent();
    await tab(page, '服务').tap();
    await waitForRoute(page, '/pages/services/index');
    assert.equal(await selected(), '服务');
    assert.equal(await visible(page.locator('.weui-bar__item_on')).count(), 1, 'one tab is marked');
    await visible(page.locator('.service', { hasText: '暖心驿站' })).tap();
    await waitForRoute(page, '/pages/stations/index');
    await page.locator('taro-tabbar.taro-tabbar__tabbar-hide').waitFor({ state: 'attached', timeout: TIMEOUT });
    assert.equal(await visible(page.locator('.weui-tabbar__item')).count(), 0, 'no tab bar on a page that is not a tab');
    await page.goBack();
    await waitForRoute(page, '/pages/services/index');
    await see(visible(page.locator('.weui-tabbar__item.weui-bar__item_on', { hasText: '服务' })));
    await tab(page, '首页').tap();
    await waitForRoute(page, '/pages/index/index');
    assert.equal(await selected(), '首页');
  });

  test('an expired or broken access token is refreshed once and the pair is rotated', async () => {
    const before = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)).data, SESSION_KEY);
    await page.evaluate((key) => {
      const stored = JSON.parse(localStorage.getItem(key));
      stored.data.accessToken = 'not-a-valid-token';
      localStorage.setItem(key, JSON.stringify(stored));
    }, SESSION_KEY);
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'), { timeout: TIMEOUT });
    await tab(page, '会员卡').tap();
    assert.equal((await refreshed).status(), 200);
    await see(text(page, '您还不是工会会员'));
    const afterRefresh = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)).data, SESSION_KEY);
    assert.notEqual(afterRefresh.refreshToken, before.refreshToken, 'the new refresh token is stored');
    assert.notEqual(afterRefresh.accessToken, 'not-a-valid-token');
  });

  test('退出登录 ends the session and returns to 首页', async () => {
    await tab(page, '我的').tap();
    await waitForRoute(page, '/pages/me/index');
    // A half-filled join form saved for this account: it holds a full ID number.
    await page.evaluate((key) => {
      const raw = JSON.parse(localStorage.getItem(key));
      const id = (raw.data ?? raw).account.id;
      localStorage.setItem(`union.joinDraft.v1.${id}`, JSON.stringify({ data: { name: '李长财', idNumber: '11010219900302001X' } }));
    }, SESSION_KEY);
    // It asks first: 不退出 keeps the session.
    let loggedOut = false;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/auth/logout')) loggedOut = true;
    });
    await visible(page.locator('.me__logout', { hasText: '退出登录' })).tap();
    await see(visible(page.locator('.taro-modal__title', { hasText: '退出登录？' })));
    await visible(page.locator('.taro-model__cancel', { hasText: '不退出' })).tap();
    await page.waitForTimeout(300);
    assert.equal(loggedOut, false, '不退出 sends nothing');
    assert.notEqual(await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY), null, 'still signed in');
    await visible(page.locator('.me__logout', { hasText: '退出登录' })).tap();
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout'), { timeout: TIMEOUT }),
      visible(page.locator('.taro-model__confirm', { hasText: '退出' })).tap(),
    ]);
    assert.equal(res.status(), 204);
    await waitForRoute(page, '/pages/index/index');
    await see(visible(page.locator('.home__login')));
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY), null);
    const drafts = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('union.joinDraft')));
    assert.deepEqual(drafts, [], 'the saved join draft goes with the session');
    assert.deepEqual(errors, [], 'no uncaught errors in the page');
  });
});

describe('pages that need a signed-in user send visitors to login and back', () => {
  let context;
  let page;
  let errors;

  before(async () => {
    context = await suite.browser.newPhone();
    page = await context.newPage();
    errors = watchErrors(page);
  });
  after(() => context?.close());

  test('an applicant opening 会员卡 logs in and comes back to 会员卡', async () => {
    await page.goto(suite.server.baseUrl);
    await waitForRoute(page, '/pages/index/index');
    await tab(page, '会员卡').tap();
    await waitForRoute(page, '/pages/login/index');
    assert.match(page.url(), /redirect=%2Fpages%2Fcard%2Findex/);
    await logIn(page, '13900000001');
    await waitForRoute(page, '/pages/card/index');
    await see(text(page, '您还不是工会会员'));
    await suite.shots.take(page, 'card-applicant');
  });

  test('我要入会 opens the join form, which asks where to join', async () => {
    await footerButton(page, '我要入会').tap();
    await waitForRoute(page, '/pages/join/index');
    await see(text(page, '不确定，按工作区域分配'));
    await see(footerButton(page, '提交申请'));
    await suite.shots.take(page, 'join-empty');
    await page.goBack();
    await waitForRoute(page, '/pages/card/index');
  });

  test('我的 of an applicant shows 申请人 and no staff grants', async () => {
    await tab(page, '我的').tap();
    await see(visible(page.locator('.me__phone', { hasText: '139****0001' })));
    await see(visible(page.locator('.me__roles .tag', { hasText: '申请人' })));
    await see(text(page, '暂无工会工作人员权限'));
    assert.deepEqual(errors, []);
  });

  test('tapping a union on 首页 opens the join form with that union chosen', async () => {
    await tab(page, '首页').tap();
    await waitForRoute(page, '/pages/index/index');
    await visible(page.locator('.org', { hasText: '海淀区中关村街道总工会' })).tap();
    await waitForRoute(page, '/pages/join/index');
    await see(visible(page.locator('.join__union-name', { hasText: '海淀区中关村街道总工会' })));
    assert.deepEqual(errors, []);
  });

  test('a staff member opening 我的 by link sees both grants of 新街口街道总工会', async () => {
    const staffContext = await suite.browser.newPhone();
    const staffPage = await staffContext.newPage();
    try {
      await staffPage.goto(`${suite.server.baseUrl}/#/pages/me/index`);
      await logIn(staffPage, '13800000001');
      await waitForRoute(staffPage, '/pages/me/index');
      await see(visible(staffPage.locator('.me__phone', { hasText: '138****0001' })));
      await see(visible(staffPage.locator('.me__roles .tag', { hasText: '工会工作人员' })));
      await see(visible(staffPage.locator('.grant', { hasText: '审核员' }).filter({ hasText: '新街口街道总工会' })));
      await see(visible(staffPage.locator('.grant', { hasText: '管理员' }).filter({ hasText: '新街口街道总工会' })));
      await suite.shots.take(staffPage, 'me-staff');
    } finally {
      await staffContext.close();
    }
  });
});

describe('large text on a 360-px phone', () => {
  test('大字模式 enlarges text and the layout still fits', async () => {
    const context = await suite.browser.newPhone({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.server.baseUrl}/#/pages/me/index`);
      await logIn(page, '13800000003');
      await waitForRoute(page, '/pages/me/index');
      await see(visible(page.locator('.me__phone')));
      const sizeBefore = await visible(page.locator('.me__phone')).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      await visible(page.locator('.setting taro-switch-core, .setting .weui-switch')).first().tap();
      await page.waitForFunction(
        (before) => {
          const el = [...document.querySelectorAll('.me__phone')].find((e) => e.getBoundingClientRect().height > 0);
          return el && parseFloat(getComputedStyle(el).fontSize) > before * 1.3;
        },
        sizeBefore,
        { timeout: TIMEOUT },
      );
      await assertNoHorizontalScroll(page);
      await suite.shots.take(page, 'me-care-360');
      await tab(page, '首页').tap();
      await waitForRoute(page, '/pages/index/index');
      // A reviewer's 首页 leads with their task (issue 19), not the list of unions to join.
      await see(visible(page.locator('.workbench-entry', { hasText: '审核入会申请' })));
      await assertNoHorizontalScroll(page);
      await suite.shots.take(page, 'home-care-360');
    } finally {
      await context.close();
    }
  });
});

describe('loading, empty and error states', () => {
  test('the union list shows progress, then an error with 重试, then an empty state', async () => {
    const context = await suite.browser.newPhone();
    const page = await context.newPage();
    try {
      let release;
      const held = new Promise((r) => (release = r));
      let calls = 0;
      await page.route('**/api/v1/orgs?**', async (route) => {
        calls += 1;
        if (calls === 1) {
          await held;
          await route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'server.unavailable', message: '服务正在维护，请稍后重试' } }),
          });
        } else {
          await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items: [] }) });
        }
      });
      await page.goto(suite.server.baseUrl);
      await see(text(page, '正在加载工会列表…'));
      await suite.shots.take(page, 'home-loading');
      release();
      await see(text(page, '工会列表加载失败'));
      await see(text(page, '服务正在维护，请稍后重试'));
      await suite.shots.take(page, 'home-error');
      await visible(page.locator('.state--error .action-button', { hasText: '重试' })).tap();
      await see(text(page, '暂时没有可加入的工会'));
      await suite.shots.take(page, 'home-empty');
    } finally {
      await context.close();
    }
  });

  test('a network failure reads 网络连接失败，请检查网络后重试', async () => {
    const context = await suite.browser.newPhone();
    const page = await context.newPage();
    try {
      await page.route('**/api/v1/orgs?**', (route) => route.abort('internetdisconnected'));
      await page.goto(suite.server.baseUrl);
      await see(text(page, '网络连接失败，请检查网络后重试'));
    } finally {
      await context.close();
    }
  });

  test('a member sees the electronic member card', async () => {
    const context = await suite.browser.newPhone();
    const page = await context.newPage();
    try {
      // This account is not a member: answer the card request as the server does for one.
      await page.route('**/api/v1/members/me/card', (route) =>
        route.fulfill({
          status: 200,
          json: {
            memberNo: '11010525000123',
            name: '王建国',
            gender: 'male',
            orgId: '00000000-0000-0000-0000-000000000001',
            orgName: '朝阳区八里庄街道总工会',
            status: 'active',
            joinedAt: '2025-06-18T02:30:00.000Z',
            serviceCard: { status: 'none', bankName: '北京银行', cardNo: null, failureReason: null, requestedAt: null, issuedAt: null },
          },
        }),
      );
      await page.goto(`${suite.server.baseUrl}/#/pages/card/index`);
      await logIn(page, '13800000002');
      await waitForRoute(page, '/pages/card/index');
      await see(visible(page.locator('.member-card__no', { hasText: '110105 25 000123' })));
      await see(visible(page.locator('.member-card__status', { hasText: '正常' })));
      await see(visible(page.locator('.service-card', { hasText: '同意向合作银行提供办卡信息' })));
      await see(footerButton(page, '申请互助服务卡'));
      await suite.shots.take(page, 'card-member');
    } finally {
      await context.close();
    }
  });
});
