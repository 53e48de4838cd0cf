// Issue 20 part 5, a member's whole membership, at 360×780. 王建国 (13900000002, 新街口) asks from 我的 → 会籍记录 to move
// to the courier federation: the union picker, the new job, then 转会办理中 on his page. 新街口's admin (13800000001)
// finds it under 转会办理 → 从本会转出 and agrees (同意转出); the federation's admin (13800000004) approves it under 转入本会
// (the button was off until then) and finds him in 会员名册 with his history; his page shows the new union, the same
// member number, and 转出/转入 in 会籍记录. 李秀兰 (13900000003, 大字模式 on) leaves with a reason (the sheet says what she
// loses, a modal asks again): a scanner who checked her code a moment before now reads 非有效会员, and her card tab no
// longer shows a card. A member made through the API changes their phone with the code sent to the new number (a
// wrong code first), and signs in with it.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  SESSION_KEY,
  TIMEOUT,
  apiClient,
  assertNoHorizontalScroll,
  formField,
  logIn,
  see,
  settled,
  tab,
  text,
  useE2ESuite,
  usePhones,
  validId,
  visible,
  waitForRoute,
} from './helpers.mjs';
import { ROOT_DIR } from './server.mjs';

// Scans are cached for a few seconds per instance in production; here the very next scan must read the new status.
const suite = useE2ESuite({ serverEnv: { SCAN_CACHE_MS: '0' } });
const { api, call } = apiClient(suite);
const NARROW = { viewport: { width: 360, height: 780 } };
const XJK = '西城区新街口街道总工会';
const KDHY = '北京市快递行业工会联合会';

const chip = (scope, label) => visible(scope.locator('.chip', { hasText: new RegExp(`^(✓)?${label}$`) }));
const modalButton = (page, label) => visible(page.locator('.taro-modal__foot .taro-model__btn', { hasText: label }));
const button = (page, label) => visible(page.locator('.action-button', { hasText: label })).last();
const careOn = (page) => page.addInitScript(() => localStorage.setItem('union.careMode', JSON.stringify({ data: true })));
const tokenOf = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key)).data.accessToken, SESSION_KEY);
const storedSession = (s) =>
  JSON.stringify({ data: { accessToken: s.accessToken, refreshToken: s.refreshToken, accessExpiresAt: Date.now() + s.expiresIn * 1000, account: s.account } });
const historyKinds = (page) => visible(page.locator('.history__kind')).allTextContents();

/** Tap targets under 44×44 on the page in front (the same rule as tap-targets.test.mjs). */
async function assertTapTargets(page) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('[role=button], [role=link], .action-button, .chip')]
      .filter((el) => el.getClientRects().length > 0 && !el.closest('.taro_page[style*="display: none"]'))
      .map((el) => ({ text: (el.textContent || '').trim().slice(0, 12), r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
      .map(({ text, r }) => `${text} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
  assert.deepEqual(small, [], 'every tap target is at least 44×44');
}

/** 我的 → 会籍记录: the member's own membership page. */
async function openMembership(page) {
  await tab(page, '我的').tap();
  await waitForRoute(page, '/pages/me/index');
  await visible(page.locator('.link-list__row', { hasText: '会籍记录' }))
    .first()
    .tap();
  await waitForRoute(page, '/pages/membership/index');
  await settled(page);
}

describe('issue 20: a member transfers, leaves, changes their phone', () => {
  const phone = usePhones(suite, NARROW);

  test('a member asks to move from the app; the old union agrees, the new union approves; both see the history', async () => {
    const { page: member, errors } = await phone();
    await member.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(member, '13900000002');
    await waitForRoute(member, '/pages/index/index');
    await openMembership(member);
    await see(visible(member.locator('.membership__org', { hasText: XJK })));
    const memberNo = (await visible(member.locator('.info-list__row', { hasText: '会员编号' }).locator('.info-list__value')).textContent()).trim();
    assert.deepEqual(await historyKinds(member), ['入会']);

    // 申请转会: pick the union in the sheet, the new job, submit.
    await visible(member.locator('.membership__action', { hasText: '申请转会' })).tap();
    await waitForRoute(member, '/pages/membership/transfer');
    await settled(member);
    await button(member, '提交转会申请').tap();
    await see(visible(member.locator('.form-field__error', { hasText: '请选择要转入的工会' })));
    await visible(member.locator('.membership__picker')).tap();
    await visible(member.locator('.org-picker__input input, input.org-picker__input')).last().fill('快递');
    await visible(member.locator('.org-option', { hasText: KDHY }))
      .last()
      .tap();
    await see(visible(member.locator('.org-option--on', { hasText: KDHY })));
    await chip(formField(member, '职业类别'), '快递员').tap();
    await chip(formField(member, '新工作单位或平台'), '京东物流').tap();
    await assertNoHorizontalScroll(member);
    await assertTapTargets(member);
    await suite.shots.take(member, 'membership-transfer-form');
    const [asked] = await Promise.all([
      member.waitForResponse((r) => r.url().endsWith('/api/v1/members/me/transfer') && r.request().method() === 'POST', { timeout: TIMEOUT }),
      button(member, '提交转会申请').tap(),
    ]);
    assert.equal(asked.status(), 201, await asked.text());
    await waitForRoute(member, '/pages/membership/index');
    await see(visible(member.locator('.membership__transfer', { hasText: `申请转入${KDHY}` })));
    await see(visible(member.locator('.tag', { hasText: '转出中' })));
    await suite.shots.take(member, 'membership-transfer-pending');

    // The new union may not approve yet: the old union's window is open.
    const { page: kdhy } = await phone();
    await kdhy.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(kdhy, '13800000004');
    await waitForRoute(kdhy, '/pages/index/index');
    await settled(kdhy);
    await kdhy.goto(`${suite.server.baseUrl}/#/pages/staff/transfers/index`);
    const incoming = visible(kdhy.locator('.transfer-item', { hasText: '王建国' }));
    await see(incoming);
    await see(incoming.locator('.transfer-item__window', { hasText: '原工会异议期至' }));
    assert.match(await incoming.locator('.action-button', { hasText: '同意转入' }).getAttribute('class'), /action-button--inactive/);

    // The old union: 转会办理 from the queue's tools row, 从本会转出, 同意转出.
    const { page: xjk } = await phone();
    await xjk.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(xjk, '13800000001');
    await waitForRoute(xjk, '/pages/index/index');
    await settled(xjk);
    await xjk.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await visible(xjk.locator('.staff__tool', { hasText: '转会办理' })).tap();
    await waitForRoute(xjk, '/pages/staff/transfers/index');
    await settled(xjk);
    await chip(xjk, '从本会转出').tap();
    const outgoing = visible(xjk.locator('.transfer-item', { hasText: '王建国' }));
    await see(outgoing);
    await see(outgoing.getByText(`${XJK} → ${KDHY}`));
    await see(outgoing.getByText('新单位：京东物流 · 快递员'));
    await assertNoHorizontalScroll(xjk);
    await assertTapTargets(xjk);
    await suite.shots.take(xjk, 'staff-transfers-out');
    await outgoing.locator('.action-button', { hasText: '同意转出' }).tap();
    await see(visible(xjk.getByText('已同意转出')));

    // The new union approves.
    await kdhy.reload();
    await see(incoming.locator('.transfer-item__window', { hasText: '原工会已于' }));
    await settled(kdhy);
    await incoming.locator('.action-button', { hasText: '同意转入' }).tap();
    await see(visible(kdhy.getByText('已同意转入')));
    await see(visible(kdhy.getByText('没有待办理的转入申请')));

    // The member's page: the new union, the same number, 转出 and 转入 in the history.
    await member.reload();
    await see(visible(member.locator('.membership__org', { hasText: KDHY })));
    await see(visible(member.locator('.tag', { hasText: '正常' })));
    assert.equal((await visible(member.locator('.info-list__row', { hasText: '会员编号' }).locator('.info-list__value')).textContent()).trim(), memberNo);
    await see(visible(member.locator('.info-list__row', { hasText: '工作单位' }).getByText('京东物流')));
    assert.deepEqual(await historyKinds(member), ['转入', '转出', '入会']);
    await see(visible(member.locator('.history__note', { hasText: `自${XJK}转入，会员编号不变` })));
    await assertNoHorizontalScroll(member);
    await assertTapTargets(member);
    await suite.shots.take(member, 'membership-transferred');

    // The new union's 会员名册 finds him, with the same history.
    await kdhy.goto(`${suite.server.baseUrl}/#/pages/staff/members/index`);
    await settled(kdhy);
    await visible(kdhy.locator('input[aria-label="搜索会员"], .form-field__row input')).last().fill('王建国');
    await visible(kdhy.locator('.member-row', { hasText: '王建国' }))
      .first()
      .tap();
    await waitForRoute(kdhy, '/pages/staff/member/index');
    await see(visible(kdhy.locator('.info-list__row', { hasText: '所在工会' }).getByText(KDHY)));
    await see(visible(kdhy.locator('.history__kind', { hasText: '转入' })));
    await see(visible(kdhy.locator('.member-row', { hasText: '已转入' })));
    await suite.shots.take(kdhy, 'staff-member-history');
    assert.deepEqual(errors, []);
  });

  test('a member leaves with a reason (大字模式): the code stops working at once and the card is gone', async () => {
    const { page: member, errors } = await phone();
    await careOn(member);
    await member.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(member, '13900000003');
    await waitForRoute(member, '/pages/index/index');
    await see(visible(member.locator('.screen--care')));
    await openMembership(member);
    await see(visible(member.locator('.membership__org', { hasText: XJK })));
    await assertNoHorizontalScroll(member);
    await assertTapTargets(member);
    await visible(member.locator('.membership__action', { hasText: '退会' })).tap();
    await see(visible(member.locator('.membership__warn', { hasText: '会员码立即停用' })));
    await chip(member.locator('.sheet'), '离开本市').tap();
    await assertNoHorizontalScroll(member);
    await suite.shots.take(member, 'membership-leave-sheet-care');

    // A scanner of her union checks the code she shows right now: valid.
    const scanner = await api('/auth/login', {
      method: 'POST',
      body: { phone: '13800000005', code: (await api('/auth/sms', { method: 'POST', body: { phone: '13800000005' } })).devCode },
    });
    const { code } = await api('/members/me/code', { method: 'POST', token: await tokenOf(member) });
    assert.equal((await api('/staff/scan', { method: 'POST', token: scanner.accessToken, body: { token: code } })).valid, true);

    await visible(member.locator('.sheet .action-button', { hasText: '退会' })).tap();
    await see(visible(member.locator('.taro-modal__title', { hasText: '确认退会？' })));
    await modalButton(member, '确认退会').tap();
    await see(visible(member.locator('.tag', { hasText: '已退会' })));
    await see(visible(member.locator('.membership__left', { hasText: '可以随时重新申请入会' })));
    assert.equal((await historyKinds(member))[0], '退会');
    await see(visible(member.locator('.history__note', { hasText: '离开本市' })));
    await suite.shots.take(member, 'membership-left-care');

    // The same code, a moment later: 非有效会员, in words, on the scanner's page.
    const { page: scan } = await phone();
    await scan.addInitScript(([key, value]) => localStorage.setItem(key, value), [SESSION_KEY, storedSession(scanner)]);
    await scan.goto(`${suite.server.baseUrl}/#/pages/staff/scan/index`);
    await see(visible(scan.locator('.scan-panel')));
    await visible(scan.locator('.scan-panel__input input, input.scan-panel__input')).first().fill(code);
    const [res] = await Promise.all([
      scan.waitForResponse((r) => r.url().endsWith('/api/v1/staff/scan'), { timeout: TIMEOUT }),
      visible(scan.locator('.scan-panel .action-button', { hasText: '核验' }))
        .last()
        .tap(),
    ]);
    assert.equal(res.status(), 200);
    await see(text(scan, '非有效会员'));
    await see(text(scan, '该会籍已终止，不能享受会员服务'));
    await suite.shots.take(scan, 'membership-left-code-refused');

    // Her card tab shows no card; a new code is refused.
    await member.goto(`${suite.server.baseUrl}/#/pages/card/index`);
    await see(visible(member.locator('.state-empty__title', { hasText: '您还不是工会会员' })));
    assert.equal(await visible(member.locator('.member-code__image')).count(), 0);
    const again = await call('/members/me/code', { method: 'POST', token: await tokenOf(member) });
    assert.equal(again.data.error.code, 'members.not_member');
    assert.deepEqual(errors, []);
  });

  test('a member changes their phone with the code sent to the new number; the account carries it from then on', async () => {
    // A member made through the API (an application approved by 新街口), signed in on the phone with that session.
    const session = await api('/auth/login', {
      method: 'POST',
      body: { phone: '13912340601', code: (await api('/auth/sms', { method: 'POST', body: { phone: '13912340601' } })).devCode },
    });
    const source = await readFile(join(ROOT_DIR, 'shared', 'src', 'applications.ts'), 'utf8');
    const consentVersion = source.match(/PRIVACY_NOTICE_VERSION = '([^']+)'/)[1];
    const staff = await api('/auth/login', {
      method: 'POST',
      body: { phone: '13800000002', code: (await api('/auth/sms', { method: 'POST', body: { phone: '13800000002' } })).devCode },
    });
    const orgId = (await api('/me', { token: staff.accessToken })).grants[0].orgId;
    const application = await api('/applications', {
      method: 'POST',
      token: session.accessToken,
      body: { name: '周小川', idNumber: validId('11010519920314003'), employer: '美团', category: 'rider', workDistrict: '110105', orgId, consentVersion },
    });
    await api(`/staff/applications/${application.id}/approve`, { method: 'POST', token: staff.accessToken, body: {} });

    const { page, errors } = await phone();
    await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [SESSION_KEY, storedSession(session)]);
    await page.goto(`${suite.server.baseUrl}/#/pages/me/index`);
    await waitForRoute(page, '/pages/me/index');
    await visible(page.locator('.link-list__row', { hasText: '修改资料' })).tap();
    await waitForRoute(page, '/pages/membership/profile');
    await settled(page);
    await see(visible(page.getByText('当前手机号 139****0601', { exact: false })));

    const newPhone = formField(page, '新手机号');
    await newPhone.locator('input').fill('13712340602');
    const [sent] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/members/me/phone/code'), { timeout: TIMEOUT }),
      visible(page.locator('.membership__send', { hasText: '获取验证码' })).tap(),
    ]);
    assert.equal(sent.status(), 200, await sent.text());
    const { devCode } = await sent.json();
    await see(visible(page.getByText(`开发环境验证码：${devCode}`, { exact: false })));
    await formField(page, '验证码')
      .locator('input')
      .fill(devCode === '000000' ? '111111' : '000000');
    await button(page, '确认更换手机号').tap();
    await see(visible(formField(page, '验证码').locator('.form-field__error', { hasText: '验证码错误' })));
    await formField(page, '验证码').locator('input').fill(devCode);
    const [changed] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/members/me/phone'), { timeout: TIMEOUT }),
      button(page, '确认更换手机号').tap(),
    ]);
    assert.equal(changed.status(), 200, await changed.text());
    await see(visible(page.getByText('当前手机号 137****0602', { exact: false })));
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'membership-phone-changed');

    // The history says it, masked; the account signs in with the new number.
    await page.goto(`${suite.server.baseUrl}/#/pages/membership/index`);
    await see(visible(page.locator('.history__note', { hasText: '手机号：139****0601 → 137****0602（已短信验证）' })));
    assert.equal(await text(page, '13712340602').count(), 0, 'the full number is never shown');
    const me = await api('/me', { token: session.accessToken });
    assert.equal(me.account.phone, '137****0602');
    assert.equal(me.membership.name, '周小川');
    assert.deepEqual(errors, []);
  });
});
