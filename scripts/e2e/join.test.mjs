// Join at the stall, on two phones at once: a staff member opens a stall event and its QR code and
// watches the queue; a worker opens the join link, logs in, fills the form and submits; the queue
// shows it live, one tap approves it, and the worker's screen turns into the member card and then
// gets the bank's service card, all without a reload. Then: a wrong ID check digit, and a rejection
// with a reason that the worker corrects and resubmits.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import {
  assertNoHorizontalScroll,
  footerButton,
  idCheckChar,
  joinLogIn,
  logIn,
  phoneField,
  see,
  text,
  useE2ESuite,
  validId,
  visible,
  waitForRoute,
} from './helpers.mjs';

/** How long the live parts may take; the design target is a second or two. */
const LIVE_TIMEOUT = 5_000;

/** The real server on a fresh database, one chromium, and the screenshot folder, for this file. */
const suite = useE2ESuite();

const savedDrafts = (page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('union.joinDraft'))
      .map((k) => localStorage.getItem(k)),
  );
const grouped = (id) => `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
const wrongCheck = (first17) => first17 + ('10X98765432'.split('').find((c) => c !== idCheckChar(first17)) ?? '0');

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const timings = [];
function logStep(name, startedAt) {
  const line = `step ${name}: ${seconds(Date.now() - startedAt)}`;
  timings.push(line);
  console.log(line);
}

/** Every field the worker types into counts; taps on chips, pickers and boxes do not. */
function typist() {
  const typed = [];
  return {
    typed,
    async fill(locator, value, label) {
      await locator.fill(value);
      typed.push(label);
    },
  };
}

const joinField = (page, label) => visible(page.locator('.form-field', { has: page.locator('.form-field__label', { hasText: new RegExp(`^${label}$`) }) }));
const joinInput = (page, label) => joinField(page, label).locator('input');
const chip = (scope, label) => scope.locator('.chip', { hasText: new RegExp(`^(✓)?${label}$`) });
const queueItem = (page, name) => visible(page.locator('.staff-item', { has: page.locator('.staff-item__name', { hasText: new RegExp(`^${name}$`) }) }));

/** The page keeps a marker across the whole flow: had anything reloaded it, the marker would be gone. */
async function markNoReload(page) {
  await page.evaluate(() => {
    window.__noReload = true;
  });
}
async function assertNotReloaded(page, who) {
  assert.equal(await page.evaluate(() => window.__noReload === true), true, `${who}'s page must not have been reloaded`);
}

/** When zbarimg is installed, decode the QR code as it is on screen and compare it with the link shown. */
async function decodeQr(page) {
  if (spawnSync('zbarimg', ['--version']).status !== 0) return null;
  const file = join(tmpdir(), `union-e2e-qr-${process.pid}.png`);
  await writeFile(file, await visible(page.locator('.stall-qr__image')).first().screenshot());
  const res = spawnSync('zbarimg', ['-q', '--raw', file], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : '';
}

describe('join at the stall, staff and worker side by side', () => {
  let staffContext;
  let staff;
  let staffErrors;
  let workerContext;
  let worker;
  let workerErrors;
  let joinUrl;
  let submittedAt;
  const worker1 = typist();

  before(async () => {
    staffContext = await suite.browser.newPhone();
    staff = await staffContext.newPage();
    staffErrors = watchErrors(staff);
    workerContext = await suite.browser.newPhone();
    worker = await workerContext.newPage();
    workerErrors = watchErrors(worker);
  });
  after(async () => {
    await staffContext?.close();
    await workerContext?.close();
  });

  test('staff logs in, opens a stall event and shows its QR code', async () => {
    const startedAt = Date.now();
    await staff.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await logIn(staff, '13800000001');
    await waitForRoute(staff, '/pages/staff/index');
    await see(visible(staff.locator('.staff-tabs__tab', { hasText: '待审核' })));
    await see(text(staff, '暂无待审核的申请'));
    await suite.shots.take(staff, 'staff-queue-empty');

    await footerButton(staff, '入会活动与二维码').tap();
    await waitForRoute(staff, '/pages/staff/events/index');
    await see(text(staff, '还没有入会活动'));
    await suite.shots.take(staff, 'staff-events-empty');

    await footerButton(staff, '创建入会活动').tap();
    await waitForRoute(staff, '/pages/staff/event-new/index');
    await see(text(staff, '西城区新街口街道总工会'));
    const title = await joinInput(staff, '活动名称').inputValue();
    assert.match(title, /职工入会服务$/, 'the title is filled in');
    // The union's address arrives with the org list: the place is filled in too.
    await staff.waitForFunction(() => [...document.querySelectorAll('.form-field input')].some((i) => i.value.includes('新街口外大街')), null, {
      timeout: 5000,
    });
    await see(text(staff, /^现在（\d\d:\d\d）$/));
    await suite.shots.take(staff, 'staff-event-new');

    await footerButton(staff, '创建并显示二维码').tap();
    await waitForRoute(staff, '/pages/staff/qr/index');
    await see(visible(staff.locator('.stall-qr__image')));
    const shortLink = (await visible(staff.locator('.stall-qr__url')).textContent()).trim();
    // Shown in groups of four to read aloud.
    const code = (await visible(staff.locator('.stall-qr__code')).textContent()).replace(/\s/g, '');
    assert.match(code, /^[A-Za-z0-9]{6,16}$/);
    assert.equal(shortLink, `${new URL(suite.server.baseUrl).host}/j/${code}`, 'a short link on this origin under the QR');
    const url = `${suite.server.baseUrl}/#/pages/join/index?event=${code}`;
    await see(visible(staff.locator('.stall-qr__count', { hasText: '已有 0 人提交入会申请' })));
    const decoded = await decodeQr(staff);
    if (decoded !== null) assert.equal(decoded, url, 'the QR code encodes the join link');
    console.log(`qr code: ${decoded === null ? 'not decoded (zbarimg not installed)' : 'decoded and matches the join link'}`);
    joinUrl = url;
    await suite.shots.take(staff, 'staff-qr');
    logStep('staff login->qr', startedAt);

    await footerButton(staff, '打开审核队列').tap();
    await waitForRoute(staff, '/pages/staff/index');
    await see(visible(staff.locator('.staff__live--live')), LIVE_TIMEOUT);
    await markNoReload(staff);
  });

  test('the worker opens the join link, logs in and fills in the form', async () => {
    const startedAt = Date.now();
    await worker.goto(joinUrl);
    // The link lands on the join page: the stall's card on top, the phone step under it.
    await waitForRoute(worker, '/pages/join/index');
    await see(visible(worker.locator('.join__event-org', { hasText: '西城区新街口街道总工会' })));
    await see(text(worker, '第一步：验证手机号'));
    await see(visible(worker.locator('.phone-login__link', { hasText: '《用户协议》' })));
    await see(visible(worker.locator('.phone-login__link', { hasText: '《隐私政策》' })));
    await worker1.fill(phoneField(worker, 0).locator('input'), '13912345678', 'phone');
    const [smsRes] = await Promise.all([
      worker.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sms'), { timeout: 15_000 }),
      visible(worker.locator('.field__send', { hasText: '获取验证码' })).tap(),
    ]);
    const { devCode } = await smsRes.json();
    await worker1.fill(phoneField(worker, 1).locator('input'), devCode, 'SMS code');
    await footerButton(worker, '验证并继续').tap();

    await waitForRoute(worker, '/pages/join/index');
    await see(visible(worker.locator('.join__event-org', { hasText: '西城区新街口街道总工会' })));
    await see(joinInput(worker, '姓名'));
    await markNoReload(worker);
    await suite.shots.take(worker, 'join-form-empty');

    await worker1.fill(joinInput(worker, '姓名'), '刘晓燕', 'name');
    await worker1.fill(joinInput(worker, '身份证号'), validId('11010219900302002'), 'ID number');
    await see(visible(worker.locator('.join__derived', { hasText: '女' }).filter({ hasText: '1990年3月2日' })));
    await chip(joinField(worker, '职业类别'), '外卖配送员').tap();
    await chip(joinField(worker, '工作单位或平台'), '美团').tap();
    assert.equal(await joinInput(worker, '工作单位或平台').inputValue(), '美团');
    // Filled in from the stall's union; the worker only checks it.
    await see(visible(joinField(worker, '工作区域').locator('.form-field__value', { hasText: '西城区' })));
    await visible(worker.locator('.join__consent .consent__row')).tap();
    await assertNoHorizontalScroll(worker);
    await suite.shots.take(worker, 'join-form-filled');

    const [res] = await Promise.all([
      worker.waitForResponse((r) => r.url().endsWith('/api/v1/applications') && r.request().method() === 'POST', { timeout: 15_000 }),
      footerButton(worker, '提交申请').tap(),
    ]);
    submittedAt = Date.now();
    assert.equal(res.status(), 201, await res.text());
    await waitForRoute(worker, '/pages/application/index');
    await see(text(worker, /工作人员正在审核，工作时间内一般当天处理|下个工作日审核/));
    logStep('open link->submitted', startedAt);
    console.log(`fields typed by the worker: ${worker1.typed.length} (${worker1.typed.join(', ')})`);
    assert.ok(worker1.typed.length <= 6, 'the worker types no more than 6 fields, phone and SMS code included');
    await see(text(worker, '审核结果会自动显示在这里，无需刷新'), LIVE_TIMEOUT);
    await suite.shots.take(worker, 'application-pending');
  });

  test('the staff queue shows the application live, with what a reviewer needs', async () => {
    const item = queueItem(staff, '刘晓燕');
    await see(item, LIVE_TIMEOUT);
    logStep('submit->visible-to-staff', submittedAt);
    await see(item.locator('.staff-item__who', { hasText: '女' }));
    await see(item.locator('.staff-item__id', { hasText: /^110\*+\d{3}[\dX]$/ }));
    await see(item.locator('.tag', { hasText: '外卖配送员' }));
    await see(item.locator('.staff-item__value', { hasText: '美团' }));
    await see(item.locator('.staff-item__source', { hasText: '职工入会服务' }));
    await see(visible(staff.locator('.staff-tabs__count', { hasText: '1' })));
    await assertNotReloaded(staff, 'staff');
    await suite.shots.take(staff, 'staff-queue-new');
  });

  test('one tap approves it; the worker sees the member card without a reload', async () => {
    const tappedAt = Date.now();
    const [res] = await Promise.all([
      staff.waitForResponse((r) => r.url().includes('/approve'), { timeout: 15_000 }),
      (async () => {
        await queueItem(staff, '刘晓燕').locator('.action-button', { hasText: '通过' }).tap();
        // The card leaves at once; the decision waits 5 s in the 撤销 bar under the list, then is sent.
        await see(visible(staff.locator('.undo-bar', { hasText: '已通过：刘晓燕' })));
        await see(visible(staff.locator('.undo-bar__undo', { hasText: '撤销' })));
      })(),
    ]);
    assert.ok(Date.now() - tappedAt >= 4500, 'sent when the 撤销 bar runs out');
    const startedAt = Date.now();
    assert.equal(res.status(), 200, await res.text());
    const { memberNo } = await res.json();
    assert.match(memberNo, /^\d{14}$/);
    await see(text(staff, /^已通过：刘晓燕，会员编号/));
    await see(text(staff, '暂无待审核的申请'));
    logStep('approve tap->staff feedback', startedAt);

    await see(visible(worker.locator(`.member-card__no[data-member-no="${memberNo}"]`)), LIVE_TIMEOUT);
    logStep('approve->card-visible-to-worker', startedAt);
    await see(text(worker, '入会成功'));
    await see(visible(worker.locator('.member-card__name', { hasText: '刘晓燕' })));
    await see(visible(worker.locator('.member-card__status', { hasText: '正常' })));
    assert.equal((await visible(worker.locator('.member-card__no')).textContent()).replace(/\s/g, ''), memberNo);
    await assertNotReloaded(worker, 'worker');
    await suite.shots.take(worker, 'application-approved-card');
    await suite.shots.take(staff, 'staff-queue-after-approve');
  });

  test('the worker applies for the service card and sees 已开卡 within seconds', async () => {
    const card = visible(worker.locator('.service-card'));
    await footerButton(worker, '申请互助服务卡').tap();
    await see(card.locator('.consent__error', { hasText: '请先勾选同意' }));
    await card.locator('.consent__row').tap();
    const startedAt = Date.now();
    await footerButton(worker, '申请互助服务卡').tap();
    await see(card.locator('.service-card__status', { hasText: '申请中' }));
    await suite.shots.take(worker, 'service-card-applying');
    await see(card.locator('.service-card__status', { hasText: '已开卡' }), 10_000);
    logStep('service card apply->issued', startedAt);
    await see(card.locator('.service-card__no', { hasText: /\*{4}/ }));
    await see(footerButton(worker, '完成，查看会员卡'));
    await assertNotReloaded(worker, 'worker');
    await suite.shots.take(worker, 'service-card-issued');

    await footerButton(worker, '完成，查看会员卡').tap();
    await waitForRoute(worker, '/pages/card/index');
    await see(visible(worker.locator('.member-card__name', { hasText: '刘晓燕' })));
    await see(visible(worker.locator('.service-card__status', { hasText: '已开卡' })));
    await suite.shots.take(worker, 'card-tab-member');
    console.log(`join flow summary: ${timings.join('; ')}; fields typed: ${worker1.typed.length}`);
  });

  test('the stall page counts the application', async () => {
    await footerButton(staff, '入会活动与二维码').tap();
    await waitForRoute(staff, '/pages/staff/events/index');
    await see(visible(staff.locator('.staff-event__count', { hasText: '1 人申请' })));
    await suite.shots.take(staff, 'staff-events');
    await visible(staff.locator('.staff-event')).first().tap();
    await waitForRoute(staff, '/pages/staff/qr/index');
    await see(visible(staff.locator('.stall-qr__count', { hasText: '已有 1 人提交入会申请' })));
    await staff.goBack();
    await waitForRoute(staff, '/pages/staff/events/index');
    await staff.goBack();
    await waitForRoute(staff, '/pages/staff/index');
    assert.deepEqual(staffErrors, [], 'no uncaught errors on the staff phone');
    assert.deepEqual(workerErrors, [], "no uncaught errors on the worker's phone");
  });

  describe('a second worker: a wrong check digit, a rejection with a reason, a correction', () => {
    let context;
    let page;
    let errors;

    before(async () => {
      context = await suite.browser.newPhone({ viewport: { width: 360, height: 740 } });
      page = await context.newPage();
      errors = watchErrors(page);
    });
    after(() => context?.close());

    test('a wrong ID check digit shows the error under the field before submitting', async () => {
      const posted = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/api/v1/applications') && r.method() === 'POST') posted.push(r.url());
      });
      await page.goto(`${suite.server.baseUrl}/#/pages/join/index`);
      await joinLogIn(page, '13912345679');
      await waitForRoute(page, '/pages/join/index');
      await see(text(page, '不确定，按工作区域分配'));

      await joinInput(page, '姓名').fill('买买提·艾力');
      await joinInput(page, '身份证号').fill(wrongCheck('65010219851120003'));
      const error = joinField(page, '身份证号').locator('.form-field__error');
      await see(error);
      assert.equal((await error.textContent()).trim(), '身份证号有误，请逐位核对');
      assert.equal(await visible(page.locator('.join__derived')).count(), 0, 'nothing is derived from a wrong number');
      await suite.shots.take(page, 'join-wrong-check-digit-360');
      assert.deepEqual(posted, [], 'nothing was sent');

      await joinInput(page, '身份证号').fill(validId('65010219851120003'));
      await see(visible(page.locator('.join__derived', { hasText: '男' }).filter({ hasText: '1985年11月20日' })));
      assert.equal(await joinField(page, '身份证号').locator('.form-field__error').count(), 0);
    });

    test('closing the app keeps what was typed', async () => {
      await page.waitForTimeout(500);
      await page.reload();
      await waitForRoute(page, '/pages/join/index');
      await see(joinInput(page, '姓名'));
      assert.equal(await joinInput(page, '姓名').inputValue(), '买买提·艾力');
      // Shown grouped 6-8-4, as printed on the card.
      assert.equal(await joinInput(page, '身份证号').inputValue(), grouped(validId('65010219851120003')));
    });

    test('the worker picks a union and a district, and submits', async () => {
      await visible(page.locator('.join__union')).tap();
      await see(text(page, '选择入会工会'));
      await visible(page.locator('.sheet input')).fill('新街口');
      await visible(page.locator('.org-option', { hasText: '西城区新街口街道总工会' })).tap();
      await see(visible(page.locator('.join__union-name', { hasText: '西城区新街口街道总工会' })));

      await chip(joinField(page, '职业类别'), '快递员').tap();
      await joinInput(page, '工作单位或平台').fill('中通快递');
      // The union's district was filled in; the worker works elsewhere and changes it.
      await see(visible(joinField(page, '工作区域').locator('.form-field__value', { hasText: '西城区' })));
      await visible(joinField(page, '工作区域').locator('.form-field__row')).tap();
      await chip(visible(page.locator('.sheet')), '海淀区').tap();
      await see(visible(joinField(page, '工作区域').locator('.form-field__value', { hasText: '海淀区' })));

      await footerButton(page, '提交申请').tap();
      await see(visible(page.locator('.consent__error', { hasText: '请阅读并同意个人信息保护说明' })));
      await visible(page.locator('.join__consent .consent__row')).tap();
      await assertNoHorizontalScroll(page);
      await suite.shots.take(page, 'join-form-picked-union-360');

      // The network drops on the first try: a message above the button, every field as it was.
      await page.route('**/api/v1/applications', (route) => route.abort('internetdisconnected'), { times: 1 });
      await footerButton(page, '提交申请').tap();
      await see(visible(page.locator('.join__form-error', { hasText: '网络连接失败，请检查网络后重试' })));
      assert.equal(await joinInput(page, '工作单位或平台').inputValue(), '中通快递');
      assert.equal(await joinInput(page, '身份证号').inputValue(), grouped(validId('65010219851120003')));
      await suite.shots.take(page, 'join-network-error-360');

      await footerButton(page, '提交申请').tap();
      await waitForRoute(page, '/pages/application/index');
      await see(text(page, /工作人员正在审核，工作时间内一般当天处理|下个工作日审核/));
      await see(text(page, '审核结果会自动显示在这里，无需刷新'), LIVE_TIMEOUT);
      // The server has the application: the saved draft, full ID number and all, is gone from the phone.
      await page.waitForTimeout(500);
      assert.deepEqual(await savedDrafts(page), [], 'the draft is cleared on submit');
      await markNoReload(page);
    });

    test('staff reveals the full ID number only after giving a reason', async () => {
      const item = queueItem(staff, '买买提·艾力');
      await see(item, LIVE_TIMEOUT);
      await item.locator('.staff-item__link', { hasText: '查看完整' }).tap();
      const sheet = visible(staff.locator('.sheet'));
      await see(sheet.locator('.sheet__title', { hasText: '查看完整' }));
      await sheet.locator('.action-button', { hasText: '查看' }).tap();
      await see(sheet.locator('.reason-sheet__error', { hasText: '查看原因' }));
      await chip(sheet, '核对身份信息').tap();
      await sheet.locator('.action-button', { hasText: '查看' }).tap();
      await see(item.locator('.staff-item__id', { hasText: validId('65010219851120003') }));
      await suite.shots.take(staff, 'staff-revealed-id');
    });

    test('staff rejects with a reason; the worker sees it live', async () => {
      const item = queueItem(staff, '买买提·艾力');
      await item.locator('.action-button', { hasText: '驳回' }).tap();
      const sheet = visible(staff.locator('.sheet'));
      await see(sheet.locator('.sheet__title', { hasText: '驳回入会申请' }));
      await chip(sheet, '信息不完整，请补充后重新提交').tap();
      await sheet.locator('textarea').fill('工作单位请填写完整的公司名称');
      await suite.shots.take(staff, 'staff-reject-sheet');
      await sheet.locator('.action-button', { hasText: '确认驳回' }).tap();
      await see(text(staff, '已驳回：买买提·艾力'));
      // Sent when the 撤销 bar runs out; from then on the worker sees it live.
      await staff.waitForResponse((r) => r.url().includes('/reject'), { timeout: 15_000 });
      const startedAt = Date.now();

      await see(text(page, '工作单位请填写完整的公司名称'), LIVE_TIMEOUT);
      logStep('reject->reason-visible-to-worker', startedAt);
      await see(text(page, '未通过'));
      await assertNotReloaded(page, 'second worker');
      await suite.shots.take(page, 'application-rejected-360');
    });

    test('the worker corrects the form (the fix and the ID number typed, the rest kept) and it is approved', async () => {
      await footerButton(page, '修改后重新提交').tap();
      await waitForRoute(page, '/pages/join/index');
      await see(visible(page.locator('.join__reason', { hasText: '工作单位请填写完整的公司名称' })));
      assert.equal(await joinInput(page, '姓名').inputValue(), '买买提·艾力', 'the name is kept');
      // The draft was cleared on submit (the server has the application): the full ID number is not
      // kept on the phone, so it alone is typed again; everything else comes back from the server.
      assert.equal(await joinInput(page, '身份证号').inputValue(), '', 'the full ID number is not kept on the phone');
      await see(joinField(page, '身份证号').locator('.form-field__help', { hasText: '请重新输入' }));
      await joinInput(page, '身份证号').fill(validId('65010219851120003'));
      await page.waitForTimeout(500);
      const kept = JSON.stringify(await savedDrafts(page));
      assert.ok(kept.includes(validId('65010219851120003')), 'while correcting, the draft is kept again until resubmitted');
      await see(visible(joinField(page, '工作区域').locator('.form-field__value', { hasText: '海淀区' })));
      await joinInput(page, '工作单位或平台').fill('中通快递北京西城分公司');
      // Sending it again is agreed to again.
      await visible(page.locator('.join__consent .consent__row')).tap();
      await suite.shots.take(page, 'join-correcting-360');
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/v1/applications/'), { timeout: 15_000 }),
        footerButton(page, '重新提交').tap(),
      ]);
      assert.equal(res.status(), 200, await res.text());
      await waitForRoute(page, '/pages/application/index');
      await see(text(page, /工作人员正在审核，工作时间内一般当天处理|下个工作日审核/));

      const item = queueItem(staff, '买买提·艾力');
      await see(item.locator('.staff-item__value', { hasText: '中通快递北京西城分公司' }), LIVE_TIMEOUT);
      await suite.shots.take(staff, 'staff-queue-resubmitted');
      await Promise.all([
        staff.waitForResponse((r) => r.url().includes('/approve'), { timeout: 15_000 }),
        item.locator('.action-button', { hasText: '通过' }).tap(),
      ]);
      await see(visible(page.locator('.member-card__name', { hasText: '买买提·艾力' })), LIVE_TIMEOUT);
      await suite.shots.take(page, 'application-approved-360');

      await visible(staff.locator('.staff-tabs__tab', { hasText: '已通过' })).tap();
      await see(queueItem(staff, '买买提·艾力'));
      await see(queueItem(staff, '刘晓燕'));
      await suite.shots.take(staff, 'staff-queue-approved-tab');
      assert.deepEqual(errors, []);
      assert.deepEqual(staffErrors, []);
    });
  });

  describe('a member who changed jobs', () => {
    test('is offered 申请转会, which opens the transfer of the membership (no second application)', async () => {
      const context = await suite.browser.newPhone();
      const page = await context.newPage();
      const errors = watchErrors(page);
      try {
        // The seeded member 王建国 belongs to 新街口街道总工会 and now works in 朝阳.
        await page.goto(`${suite.server.baseUrl}/#/pages/join/index`);
        await joinLogIn(page, '13900000002');
        // Told at once, before typing anything: a member card to look at, or a transfer.
        await see(text(page, '您已是西城区新街口街道总工会会员'));
        await see(footerButton(page, '查看会员卡'));
        assert.equal(await visible(page.locator('.form-field')).count(), 0, 'no form to fill before choosing');
        await suite.shots.take(page, 'join-already-member');
        await footerButton(page, '申请转会').tap();
        // The membership moves as it is (scripts/e2e/membership.test.mjs goes through with it): no ID number to type again.
        await waitForRoute(page, '/pages/membership/transfer');
        await see(text(page, '从西城区新街口街道总工会转出'));
        await see(footerButton(page, '提交转会申请'));
        assert.equal(await visible(page.locator('.form-field__label', { hasText: '身份证号' })).count(), 0);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  });
});
