// The path around the join form, at 360 px (the first pass with 大字模式 on): the stall link lands on
// the join page with the phone step under the stall's card; the right keyboards and autofill; the ID
// number grouped 6-8-4 with an X key; the terms linked where the account is made; back from login
// never dead-ends; the 活动码 typed by hand; a member told at once; the pending page's main button
// leaves, 撤回申请 is small and asks first.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import { footerButton, idCheckChar, joinLogIn, logIn, phoneField, see, text, useE2ESuite, validId, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const NARROW = { viewport: { width: 360, height: 780 } };
const XJK = '西城区新街口街道总工会';

async function api(path, { method = 'GET', body, token } = {}) {
  const res = await fetch(`${suite.server.baseUrl}/api/v1${path}`, {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => null);
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

let staffToken;
/** 13800000001's token, asked for once per run (one SMS a minute per phone). */
async function xjkToken() {
  if (!staffToken) {
    const { devCode } = await api('/auth/sms', { method: 'POST', body: { phone: '13800000001' } });
    staffToken = (await api('/auth/login', { method: 'POST', body: { phone: '13800000001', code: devCode } })).accessToken;
  }
  return staffToken;
}

const careOn = (page) => page.addInitScript(() => localStorage.setItem('union.careMode', JSON.stringify({ data: true })));
const joinField = (page, label) => visible(page.locator('.form-field', { has: page.locator('.form-field__label', { hasText: new RegExp(`^${label}$`) }) }));
const nativeInput = (field) => field.locator('input').first();
const chip = (scope, label) => scope.locator('.chip', { hasText: new RegExp(`^(✓)?${label}$`) });
const attrs = (locator) =>
  locator.evaluate((el) => ({ type: el.getAttribute('type'), inputmode: el.getAttribute('inputmode'), autocomplete: el.getAttribute('autocomplete') }));
async function box(locator) {
  const b = await locator.boundingBox();
  assert.ok(b, 'on screen');
  return b;
}

/** A valid ID number whose check character is X, for the X key. */
function idEndingInX() {
  for (let seq = 1; seq < 1000; seq += 1) {
    const first17 = `11010219900302${String(seq).padStart(3, '0')}`;
    if (idCheckChar(first17) === 'X') return first17;
  }
  throw new Error('no X check digit found');
}

describe('the stall path around the form', () => {
  let event;
  const contexts = [];
  const errorLists = [];
  async function phone(options = NARROW) {
    const context = await suite.browser.newPhone(options);
    contexts.push(context);
    const page = await context.newPage();
    errorLists.push(watchErrors(page));
    return page;
  }

  before(async () => {
    const accessToken = await xjkToken();
    const { items } = await api('/orgs?q=新街口');
    const now = Date.now();
    event = await api('/staff/events', {
      method: 'POST',
      token: accessToken,
      body: {
        orgId: items.find((o) => o.name === XJK).id,
        title: '新街口骑手入会',
        place: '新街口外大街8号',
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3 * 3600_000).toISOString(),
      },
    });
  });
  after(async () => {
    for (const c of contexts) await c.close();
  });

  test('大字模式: the link lands on the join page; keyboards, autofill, terms, the ID grouped with an X key', async () => {
    const page = await phone();
    await careOn(page);
    await page.goto(`${suite.server.baseUrl}${event.joinUrl}`);
    await waitForRoute(page, '/pages/join/index');
    await see(visible(page.locator('.screen--care')));
    // Which union and stall, on top; the phone step under it, on the same page.
    await see(visible(page.locator('.join__event-org', { hasText: XJK })));
    await see(visible(page.locator('.join__event', { hasText: '新街口骑手入会' })));
    await see(text(page, '第一步：验证手机号'));
    const card = await box(visible(page.locator('.join__event')).first());
    const phoneBox = await box(phoneField(page, 0));
    assert.ok(phoneBox.y > card.y, 'the phone step sits under the stall card');

    assert.deepEqual(await attrs(nativeInput(phoneField(page, 0))), { type: 'tel', inputmode: 'numeric', autocomplete: 'tel' });
    const codeAttrs = await attrs(nativeInput(phoneField(page, 1)));
    assert.equal(codeAttrs.autocomplete, 'one-time-code');
    assert.equal(codeAttrs.inputmode, 'numeric');
    assert.notEqual(codeAttrs.type, 'number', 'type=number would show - and . and ignore maxlength');

    // The user agreement and the privacy notice, where the account is made.
    await visible(page.locator('.phone-login__link', { hasText: '《用户协议》' })).tap();
    await see(visible(page.locator('.sheet__title', { hasText: '用户协议' })));
    await see(visible(page.locator('.phone-login__doc', { hasText: '不得冒用他人身份' })));
    await visible(page.locator('.sheet__close')).tap();
    await visible(page.locator('.phone-login__link', { hasText: '《隐私政策》' })).tap();
    await see(visible(page.locator('.phone-login__doc', { hasText: '只收集您的手机号' })));
    await visible(page.locator('.sheet__close')).tap();
    for (const link of await visible(page.locator('.phone-login__link')).all()) {
      assert.ok((await box(link)).height >= 44, 'the terms links are at least 44 px high');
    }
    await suite.shots.take(page, 'stall-join-phone-step-care');

    await joinLogIn(page, '13912350001');
    await see(visible(page.locator('.join__event-org', { hasText: XJK })));
    const name = nativeInput(joinField(page, '姓名'));
    await see(name);
    assert.equal((await attrs(name)).autocomplete, 'name');

    const id = nativeInput(joinField(page, '身份证号'));
    assert.equal((await attrs(id)).inputmode, 'numeric', 'a numeric keypad for the ID number');
    const first17 = idEndingInX();
    await id.tap();
    await id.pressSequentially(first17);
    assert.equal(await id.inputValue(), `${first17.slice(0, 6)} ${first17.slice(6, 14)} ${first17.slice(14)}`, 'grouped 6-8-4 as typed');
    const xKey = visible(page.locator('.join__x-key'));
    const xBox = await box(xKey);
    assert.ok(xBox.width >= 44 && xBox.height >= 44, `the X key is at least 44×44 (${xBox.width}×${xBox.height})`);
    await xKey.tap();
    assert.equal(await id.inputValue(), `${first17.slice(0, 6)} ${first17.slice(6, 14)} ${first17.slice(14)}X`);
    await see(visible(page.locator('.join__derived', { hasText: '1990年3月2日' })));
    assert.equal(await joinField(page, '身份证号').locator('.form-field__error').count(), 0);
    await suite.shots.take(page, 'stall-join-id-x-key-care');
  });

  test('back from a login page opened straight from a link goes to 首页, not a dead end', async () => {
    const page = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await see(text(page, '手机号登录'));
    await visible(page.locator('.login__later', { hasText: '暂不登录，返回' })).tap();
    await waitForRoute(page, '/pages/index/index');
    await see(visible(page.locator('.home__login')));
  });

  test('a worker who cannot scan types the 活动码; the pending page leaves with 完成 and 撤回申请 asks first', async () => {
    const page = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/join/index`);
    await see(text(page, '第一步：验证手机号'));
    await joinLogIn(page, '13912350002');
    await see(nativeInput(joinField(page, '姓名')));
    await visible(page.locator('.join__code-entry', { hasText: '输入活动码' })).tap();
    const sheet = visible(page.locator('.sheet'));
    await sheet.locator('input').fill('ZZZZ9999');
    await sheet.locator('.action-button', { hasText: '确定' }).tap();
    await see(sheet.locator('.form-field__error'));
    await sheet.locator('input').fill(event.code.toLowerCase());
    await sheet.locator('.action-button', { hasText: '确定' }).tap();
    await see(visible(page.locator('.join__event-org', { hasText: XJK })));
    await see(visible(page.locator('.join__event', { hasText: '新街口骑手入会' })));
    assert.equal(await visible(page.locator('.sheet')).count(), 0, 'the sheet closed');

    // An empty submit shows the first problem only, not six red fields at once.
    await footerButton(page, '提交申请').tap();
    await see(joinField(page, '姓名').locator('.form-field__error'));
    assert.equal(await visible(page.locator('.form-field__error')).count(), 1, 'one problem at a time');
    await nativeInput(joinField(page, '姓名')).fill('周小川');
    await footerButton(page, '提交申请').tap();
    await see(joinField(page, '身份证号').locator('.form-field__error'));
    assert.equal(await visible(page.locator('.form-field__error')).count(), 1, 'then the next one');
    await chip(joinField(page, '职业类别'), '外卖配送员').tap();
    await nativeInput(joinField(page, '工作单位或平台')).fill('');
    await nativeInput(joinField(page, '身份证号')).fill(validId('11010119880808001'));
    await footerButton(page, '提交申请').tap();
    assert.equal((await joinField(page, '工作单位或平台').locator('.form-field__error').textContent()).trim(), '请填写工作单位或平台');
    await nativeInput(joinField(page, '身份证号')).fill(validId('11010119880808001'));
    await chip(joinField(page, '职业类别'), '外卖配送员').tap();
    await chip(joinField(page, '工作单位或平台'), '美团').tap();
    await visible(page.locator('.join__consent .consent__row')).tap();
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/applications') && r.request().method() === 'POST', { timeout: 15_000 }),
      footerButton(page, '提交申请').tap(),
    ]);
    assert.equal(res.status(), 201, await res.text());
    assert.equal(JSON.parse(res.request().postData()).eventCode, event.code, 'sent for the stall whose code was typed');

    await waitForRoute(page, '/pages/application/index');
    await see(footerButton(page, '完成，返回首页'));
    assert.equal(await visible(page.locator('.footer-bar .action-button', { hasText: '撤回申请' })).count(), 0, '撤回申请 is not the main button');
    const withdraw = visible(page.locator('.application__withdraw', { hasText: '撤回申请' }));
    assert.ok((await box(withdraw)).height >= 44);
    let withdrawn = false;
    page.on('request', (r) => {
      if (r.url().endsWith('/withdraw')) withdrawn = true;
    });
    // Scrolled to the middle of the screen as a thumb would, clear of the fixed footer.
    await withdraw.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    // A touch where the link is on screen (the page's pull-to-refresh wrapper confuses Playwright's own checks).
    const wb = await box(withdraw);
    await page.touchscreen.tap(wb.x + wb.width / 2, wb.y + wb.height / 2);
    await see(visible(page.locator('.taro-modal__title', { hasText: '撤回入会申请？' })));
    await visible(page.locator('.taro-model__cancel', { hasText: '不撤回' })).tap();
    await page.waitForTimeout(300);
    assert.equal(withdrawn, false, '不撤回 sends nothing');
    await see(text(page, '待审核'));
    await suite.shots.take(page, 'stall-pending-360');

    await footerButton(page, '完成，返回首页').tap();
    await waitForRoute(page, '/pages/index/index');
  });

  test('an ID typed and submitted in the same instant is the one checked and sent', async () => {
    const page = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/join/index`);
    await see(text(page, '第一步：验证手机号'));
    await joinLogIn(page, '13912350004');
    await see(nativeInput(joinField(page, '姓名')));
    await visible(page.locator('.join__code-entry', { hasText: '输入活动码' })).tap();
    const sheet = visible(page.locator('.sheet'));
    await sheet.locator('input').fill(event.code);
    await sheet.locator('.action-button', { hasText: '确定' }).tap();
    await see(visible(page.locator('.join__event', { hasText: '新街口骑手入会' })));
    await nativeInput(joinField(page, '姓名')).fill('孙快手');
    await chip(joinField(page, '职业类别'), '外卖配送员').tap();
    await chip(joinField(page, '工作单位或平台'), '美团').tap();
    await visible(page.locator('.join__consent .consent__row')).tap();
    // A fast thumb: the last digits, leaving the field and 提交申请 all before the page draws again.
    const id = validId('11010119920202003');
    const input = await nativeInput(joinField(page, '身份证号')).elementHandle();
    const button = await footerButton(page, '提交申请').elementHandle();
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/applications') && r.request().method() === 'POST', { timeout: 15_000 }),
      page.evaluate(
        ([el, btn, value]) => {
          el.focus();
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, value);
          el.dispatchEvent(new Event('input', { bubbles: true }));
          el.blur();
          btn.click();
        },
        [input, button, id],
      ),
    ]);
    assert.equal(res.status(), 201, await res.text());
    assert.equal(JSON.parse(res.request().postData()).idNumber, id);
    await waitForRoute(page, '/pages/application/index');
  });

  test('a member’s 申请转会 opens the transfer of the membership (首页 offers no 我要入会), and 首页 lists no unions to join', async () => {
    const page = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(page, '13900000002');
    await waitForRoute(page, '/pages/index/index');
    await see(visible(page.locator('.home__lead', { hasText: `您是${XJK}会员` })));
    assert.equal(await text(page, '可加入的工会').count(), 0, 'no list of unions for a member');
    // Issue 19: a member is not offered 我要入会; the tile in its place is 申请转会.
    assert.equal(await text(page, '我要入会').count(), 0, 'no 我要入会 for a member');
    await visible(page.locator('.tile', { hasText: '申请转会' })).tap();
    // Straight to the transfer of the membership (issue 20): no join form, no ID number to type again.
    await waitForRoute(page, '/pages/membership/transfer');
    await see(text(page, `从${XJK}转出`));
    assert.equal(await visible(page.locator('.form-field__label', { hasText: '身份证号' })).count(), 0, 'nothing asked twice');
    await see(footerButton(page, '提交转会申请'));
    for (const errors of errorLists) assert.deepEqual(errors, [], 'no uncaught errors on any phone');
  });
});

describe('the staffer sees the person in front of them first', () => {
  const contexts = [];
  after(async () => {
    for (const c of contexts) await c.close();
  });

  test("newest on top, three compact cards on a 360×780 screen, search by the phone's last 4, filter by stall, 撤销 after 通过", async () => {
    const accessToken = await xjkToken();
    const { items } = await api('/orgs?q=新街口');
    const orgId = items.find((o) => o.name === XJK).id;
    const now = Date.now();
    const stall = await api('/staff/events', {
      method: 'POST',
      token: accessToken,
      body: {
        orgId,
        title: '分拣中心午间摆摊',
        place: '新街口分拣中心',
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3600_000).toISOString(),
      },
    });
    const consentVersion = (await import('node:fs'))
      .readFileSync(new URL('../../shared/src/applications.ts', import.meta.url), 'utf8')
      .match(/PRIVACY_NOTICE_VERSION = '([^']+)'/)[1];
    const people = [
      ['13912360011', '孙一', '11010219900101001', { orgId }],
      ['13912360022', '孙二', '11010219900101002', { orgId }],
      ['13912360033', '孙三', '11010219900101003', { eventCode: stall.code }],
      ['13912360044', '孙四', '11010219900101004', { orgId }],
    ];
    for (const [phone, name, id17, where] of people) {
      const code = (await api('/auth/sms', { method: 'POST', body: { phone } })).devCode;
      const { accessToken: token } = await api('/auth/login', { method: 'POST', body: { phone, code } });
      await api('/applications', {
        method: 'POST',
        token,
        body: { name, idNumber: validId(id17), employer: '顺丰速运', category: 'courier', workDistrict: '110102', consentVersion, ...where },
      });
    }

    const context = await suite.browser.newPhone(NARROW);
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    // 西城区总工会's reviewer: 新街口 is in their subtree.
    await logIn(page, '13800000006');
    await waitForRoute(page, '/pages/staff/index');
    const cards = visible(page.locator('.staff-item'));
    await see(cards);
    const names = await visible(page.locator('.staff-item__name')).allTextContents();
    assert.deepEqual(names.slice(0, 4), ['孙四', '孙三', '孙二', '孙一'], 'newest first');

    // Scrolled to the list, three whole cards sit between the title bar and the footer.
    await cards.first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(200);
    const footerTop = (await box(visible(page.locator('.footer-bar')).first())).y;
    const third = await box(cards.nth(2));
    const first = await box(cards.first());
    const parts = await cards
      .first()
      .evaluate((el) => [...el.children].map((c) => `${c.className.split(' ')[0]}:${Math.round(c.getBoundingClientRect().height)}`).join(', '));
    await suite.shots.take(page, 'staff-queue-compact-360');
    assert.ok(
      third.y + third.height <= footerTop,
      `three cards fit above the footer (third ends at ${third.y + third.height}, footer at ${footerTop}; card ${first.height} px: ${parts})`,
    );

    // The person in front of you: the last 4 digits of their phone.
    const search = visible(page.locator('input.staff-filter__input, .staff-filter__input input')).first();
    assert.equal(await search.getAttribute('inputmode'), 'numeric');
    await Promise.all([page.waitForResponse((r) => r.url().includes('phoneLast4=0022')), search.fill('0022')]);
    await see(visible(page.locator('.staff-item__name', { hasText: '孙二' })));
    assert.equal(await cards.count(), 1);
    await visible(page.locator('.staff-filter__clear')).tap();
    await see(visible(page.locator('.staff-item__name', { hasText: '孙四' })));

    await visible(page.locator('.staff-filter__event', { hasText: '分拣中心午间摆摊' })).tap();
    await see(visible(page.locator('.staff-item__name', { hasText: '孙三' })));
    await page.waitForFunction(() => [...document.querySelectorAll('.staff-item')].filter((e) => e.offsetParent).length === 1);
    await visible(page.locator('.staff-filter__event', { hasText: '全部活动' })).tap();
    await see(visible(page.locator('.staff-item__name', { hasText: '孙一' })));

    // 通过, then 撤销 inside 5 s: the card comes back and nothing was sent.
    let sent = false;
    page.on('request', (r) => {
      if (r.url().includes('/approve')) sent = true;
    });
    const item = visible(page.locator('.staff-item', { has: page.locator('.staff-item__name', { hasText: /^孙四$/ }) }));
    await item.locator('.action-button', { hasText: '通过' }).tap();
    await see(visible(page.locator('.undo-bar', { hasText: '已通过：孙四' })));
    assert.equal(await item.count(), 0, 'the card leaves at once');
    // The bar sits in the footer, not over the list: the next card and its 通过 stay uncovered.
    const bar = await box(visible(page.locator('.undo-bar')).first());
    const next = cards.first();
    const nextBox = await box(next);
    assert.ok(nextBox.y + nextBox.height <= bar.y, 'the next card is above the 撤销 bar');
    const approveBox = await box(next.locator('.action-button', { hasText: '通过' }));
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x, y)?.closest('.action-button')?.textContent ?? '',
      [approveBox.x + approveBox.width / 2, approveBox.y + approveBox.height / 2],
    );
    assert.equal(hit.trim(), '通过', "the next card's 通过 can be tapped at once");
    await suite.shots.take(page, 'staff-undo-bar-360');
    await visible(page.locator('.undo-bar__undo', { hasText: '撤销' })).tap();
    await see(item);
    await page.waitForTimeout(5500);
    assert.equal(sent, false, '撤销 sent nothing');
    const [approved] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/approve'), { timeout: 15_000 }),
      item.locator('.action-button', { hasText: '通过' }).tap(),
    ]);
    assert.equal(approved.status(), 200);
    await see(visible(page.locator('.undo-bar--done', { hasText: '已通过：孙四' })));
    assert.deepEqual(errors, []);
  });
});

describe('大字模式 is offered at first launch and reaches the tab bar and the title', () => {
  let context;
  after(() => context?.close());

  test('the first launch offers the switch; once on, tab labels and the title scale; every tap target is at least 44×44', async () => {
    context = await suite.browser.newPhone(NARROW);
    const page = await context.newPage();
    await page.goto(`${suite.server.baseUrl}/#/pages/index/index`);
    await see(text(page, '字太小看不清？'));
    const label = visible(page.locator('.weui-tabbar__label', { hasText: '首页' })).first();
    const before = await label.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await visible(page.locator('.care-offer__yes', { hasText: '打开大字模式' })).tap();
    await see(visible(page.locator('.screen--care')));
    assert.equal(await text(page, '字太小看不清？').count(), 0, 'the offer is answered');
    const after = await label.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(after >= 15 && after > before, `tab labels scale (${before} -> ${after} px)`);
    const title = visible(page.locator('.taro-navigation-bar-title')).first();
    if (await title.count()) assert.ok((await title.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))) >= 22, 'the title scales');

    // Tap targets on 首页 and the join page's phone step, measured as laid out.
    const small = async () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[role=button], .action-button, .chip, .tile, .phone-login__link, .consent__toggle')]
          .filter((el) => el.offsetParent && el.closest('.taro_page')?.style.display !== 'none')
          .map((el) => ({ text: el.textContent.trim().slice(0, 12), r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
          .map(({ text, r }) => `${text} ${Math.round(r.width)}×${Math.round(r.height)}`),
      );
    assert.deepEqual(await small(), [], 'every tap target on 首页 is at least 44×44');
    await page.reload();
    await see(visible(page.locator('.screen--care')));
    assert.equal(await text(page, '字太小看不清？').count(), 0, 'offered once');
  });
});
