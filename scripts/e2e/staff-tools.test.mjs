// Staff tools: 转交 an application to the union that should take it, and 工会设置 (自动审核).
// 新街口 staff (13800000001) moves a fresh application to the courier industry union; it leaves their
// queue and shows up in 13800000004's. The operator (13800000000) turns 自动审核 on for 中关村 (a first
// attempt fails on the network and is reverted); a worker who picks that union is approved at once.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import { assertNoHorizontalScroll, footerButton, joinLogIn, logIn, see, text, TIMEOUT, useE2ESuite, validId, visible, waitForRoute } from './helpers.mjs';
import { ROOT_DIR } from './server.mjs';

const LIVE_TIMEOUT = 5_000;
const XJK = '西城区新街口街道总工会';
const KDHY = '北京市快递行业工会联合会';
const ZGC = '海淀区中关村街道总工会';

/** The real server on a fresh database, one chromium, and the screenshot folder, for this file. */
const suite = useE2ESuite();

/** 大字模式 as 我的 stores it (Taro H5 keeps storage values as {"data": ...} in localStorage). */
async function careMode(page) {
  await page.addInitScript(() => localStorage.setItem('union.careMode', JSON.stringify({ data: true })));
}
const assertCare = async (page) => assert.ok(await visible(page.locator('.screen--care')).count(), '大字模式 is on');

const queueItem = (page, name) => visible(page.locator('.staff-item', { has: page.locator('.staff-item__name', { hasText: new RegExp(`^${name}$`) }) }));
const orgRow = (page, name) => visible(page.locator('.staff-org', { has: page.locator('.staff-org__name', { hasText: new RegExp(`^${name}$`) }) }));
const orgSwitch = (row) => row.locator('taro-switch-core, .weui-switch').first();
const chip = (scope, label) => scope.locator('.chip', { hasText: new RegExp(`^(✓)?${label}$`) });
const joinField = (page, label) => visible(page.locator('.form-field', { has: page.locator('.form-field__label', { hasText: new RegExp(`^${label}$`) }) }));

/** The API as a phone would use it, for the application that staff then move on. */
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

async function submitByApi(phone, form) {
  const { devCode } = await api('/auth/sms', { method: 'POST', body: { phone } });
  const { accessToken } = await api('/auth/login', { method: 'POST', body: { phone, code: devCode } });
  // The consent version the form sends is the one in the shared contract.
  const source = await readFile(join(ROOT_DIR, 'shared', 'src', 'applications.ts'), 'utf8');
  const consentVersion = source.match(/PRIVACY_NOTICE_VERSION = '([^']+)'/)[1];
  return api('/applications', { method: 'POST', token: accessToken, body: { ...form, consentVersion } });
}

describe('转交 and 工会设置', () => {
  const contexts = [];
  const errorLists = [];
  async function phone(options) {
    const context = await suite.browser.newPhone(options);
    contexts.push(context);
    const page = await context.newPage();
    errorLists.push(watchErrors(page));
    return page;
  }
  after(async () => {
    for (const context of contexts) await context.close();
  });

  let xjk;

  test('新街口 staff moves an application to the courier union with a reason; it leaves their queue', async () => {
    const [org] = (await api(`/orgs?q=${encodeURIComponent('新街口')}&limit=5`)).items.filter((o) => o.name === XJK);
    const application = await submitByApi('13912340011', {
      name: '赵小川',
      idNumber: validId('11010219920415003'),
      employer: '顺丰速运',
      category: 'courier',
      workDistrict: '110102',
      orgId: org.id,
    });
    assert.equal(application.status, 'pending');
    assert.equal(application.orgName, XJK);

    xjk = await phone();
    await xjk.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await logIn(xjk, '13800000001');
    await waitForRoute(xjk, '/pages/staff/index');
    const item = queueItem(xjk, '赵小川');
    await see(item);
    await see(item.locator('.staff-item__source', { hasText: XJK }));

    await item.locator('.action-button', { hasText: '转交' }).tap();
    const sheet = visible(xjk.locator('.sheet'));
    await see(sheet.locator('.sheet__title', { hasText: '转交给其他工会' }));
    await see(sheet.locator('.org-option'));
    assert.equal(await sheet.locator('.org-option', { hasText: XJK }).count(), 0, 'the current union is not offered');
    await see(sheet.locator('.org-option .tag', { hasText: '街道（乡镇）总工会' }));
    await suite.shots.take(xjk, 'staff-reassign-sheet');

    // Nothing picked: both problems are named in the sheet, nothing is sent.
    await sheet.locator('.action-button', { hasText: '确认转交' }).tap();
    await see(sheet.locator('.org-picker__error', { hasText: '请选择要转交的工会' }));

    await sheet.locator('input').fill('快递');
    const courier = sheet.locator('.org-option', { hasText: KDHY });
    await see(courier);
    await see(courier.locator('.tag', { hasText: '行业工会联合会' }));
    await courier.tap();
    await see(sheet.locator('.org-option--on', { hasText: KDHY }));
    await sheet.locator('.action-button', { hasText: '确认转交' }).tap();
    await see(sheet.locator('.reason-sheet__error', { hasText: '转交原因' }));
    await chip(sheet, '应由行业工会受理').tap();
    await sheet.locator('textarea').fill('应由行业工会受理：申请人是顺丰快递员');
    await assertNoHorizontalScroll(xjk);
    await suite.shots.take(xjk, 'staff-reassign-sheet-filled');

    const [res] = await Promise.all([
      xjk.waitForResponse((r) => r.url().includes('/reassign'), { timeout: TIMEOUT }),
      sheet.locator('.action-button', { hasText: '确认转交' }).tap(),
    ]);
    assert.equal(res.status(), 200, await res.text());
    assert.equal(JSON.parse(res.request().postData()).reason, '应由行业工会受理：申请人是顺丰快递员');
    assert.equal((await res.json()).orgName, KDHY);
    await see(text(xjk, `已转交至 ${KDHY}`));
    await see(text(xjk, '暂无待审核的申请'));
    assert.equal(await queueItem(xjk, '赵小川').count(), 0, 'the application left this queue');
    await suite.shots.take(xjk, 'staff-queue-after-reassign');
  });

  test('新街口 admin opens 工会设置 from the 工作台', async () => {
    await visible(xjk.locator('.staff__settings')).tap();
    await waitForRoute(xjk, '/pages/staff/orgs/index');
    await see(text(xjk, /开启后，实名核验通过且无异常提示的申请将自动通过。/));
    const row = orgRow(xjk, XJK);
    await see(row);
    await see(row.locator('.staff-org__state', { hasText: '自动审核未开启' }));
    await see(orgSwitch(row));
    await assertNoHorizontalScroll(xjk);
    await suite.shots.take(xjk, 'staff-orgs-admin');
  });

  test('the courier union sees the moved application in its queue (360 px, 大字模式)', async () => {
    const page = await phone({ viewport: { width: 360, height: 740 } });
    await careMode(page);
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await logIn(page, '13800000004');
    await waitForRoute(page, '/pages/staff/index');
    const item = queueItem(page, '赵小川');
    await see(item);
    await see(item.locator('.staff-item__source', { hasText: KDHY }));
    await assertCare(page);
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'staff-queue-reassigned-in-care-360');
    await item.locator('.action-button', { hasText: '转交' }).tap();
    const sheet = visible(page.locator('.sheet'));
    await see(sheet.locator('.org-option'));
    assert.equal(await sheet.locator('.org-option', { hasText: KDHY }).count(), 0, 'the current union is not offered');
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'staff-reassign-sheet-care-360');
    await sheet.locator('.sheet__close').tap();
  });

  test('a reviewer without 管理员 sees the settings read-only (360 px, 大字模式)', async () => {
    const page = await phone({ viewport: { width: 360, height: 740 } });
    await careMode(page);
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/orgs/index`);
    await logIn(page, '13800000003');
    await waitForRoute(page, '/pages/staff/orgs/index');
    const row = orgRow(page, ZGC);
    await see(row);
    await see(text(page, /只有工会管理员可以更改/));
    await see(row.locator('.staff-org__state', { hasText: '仅管理员可更改' }));
    assert.equal(await row.locator('taro-switch-core, .weui-switch').count(), 0, 'no switch to flip');
    await assertCare(page);
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'staff-orgs-reviewer-care-360');
  });

  test('the operator turns 自动审核 on for 中关村; a failed save is reverted and explained', async () => {
    const page = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await logIn(page, '13800000000');
    await waitForRoute(page, '/pages/staff/index');
    await visible(page.locator('.staff__settings')).tap();
    await waitForRoute(page, '/pages/staff/orgs/index');
    const row = orgRow(page, ZGC);
    await see(row);
    await row.scrollIntoViewIfNeeded();
    await see(row.locator('.staff-org__state', { hasText: '自动审核未开启' }));

    await page.route('**/api/v1/staff/orgs/*', (route) => route.abort('internetdisconnected'), { times: 1 });
    await orgSwitch(row).tap();
    await see(row.locator('.staff-org__error', { hasText: '网络连接失败' }));
    await see(row.locator('.staff-org__state', { hasText: '自动审核未开启' }));
    await suite.shots.take(page, 'staff-orgs-save-failed');

    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/staff/orgs/'), { timeout: TIMEOUT }),
      orgSwitch(row).tap(),
    ]);
    assert.equal(res.status(), 200, await res.text());
    assert.deepEqual(JSON.parse(res.request().postData()), { autoApprove: true });
    await see(row.locator('.staff-org__state', { hasText: '自动审核已开启' }));
    assert.equal(await row.locator('.staff-org__error').count(), 0, 'the earlier error is gone');
    await suite.shots.take(page, 'staff-orgs-auto-on');
  });

  test('a worker who picks 中关村 is approved at once and sees the member card', async () => {
    const page = await phone({ viewport: { width: 360, height: 740 } });
    await page.goto(`${suite.server.baseUrl}/#/pages/join/index`);
    await joinLogIn(page, '13912340012');
    await waitForRoute(page, '/pages/join/index');
    await visible(page.locator('.join__union')).tap();
    await visible(page.locator('.sheet input')).fill('中关村');
    await visible(page.locator('.org-option', { hasText: ZGC })).tap();
    await see(visible(page.locator('.join__union-name', { hasText: ZGC })));
    await visible(joinField(page, '姓名').locator('input')).fill('钱多多');
    await visible(joinField(page, '身份证号').locator('input')).fill(validId('11010819940620004'));
    await chip(joinField(page, '职业类别'), '外卖配送员').tap();
    await chip(joinField(page, '工作单位或平台'), '美团').tap();
    await see(visible(joinField(page, '工作区域').locator('.form-field__value', { hasText: '海淀区' })));
    await visible(page.locator('.join__consent .consent__row')).tap();

    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/applications') && r.request().method() === 'POST', { timeout: TIMEOUT }),
      footerButton(page, '提交申请').tap(),
    ]);
    assert.equal(res.status(), 201, await res.text());
    const body = await res.json();
    assert.equal(body.status, 'approved', 'approved on submit');
    assert.match(body.memberNo ?? '', /^\d{14}$/);
    await waitForRoute(page, '/pages/application/index');
    await see(visible(page.locator('.member-card__name', { hasText: '钱多多' })), LIVE_TIMEOUT);
    await see(text(page, '入会成功'));
    await see(visible(page.locator(`.member-card__no[data-member-no="${body.memberNo}"]`)));
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'auto-approved-card-360');
    for (const errors of errorLists) assert.deepEqual(errors, [], 'no uncaught errors on any phone');
  });
});
