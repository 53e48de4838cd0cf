// Issue 20, staff and roles and the audit log, at 360×780. The admin of 新街口 (13800000001) opens 工作人员 from the
// queue's tools row, invites 13700000501 as 审核员 (an empty form first shows its errors in words): the card says 待接受.
// The person, on a second phone, signs in: no queue yet; 我的 shows 工作人员邀请 and 接受邀请 makes them the reviewer,
// who sees the union's queue and approves an application through the API. The admin
// removes the role (the modal asks first): the reviewer's very next request is refused and their queue asks them to
// sign in again. 操作记录 finds the invitation, the acceptance and the removal by the reviewer's phone, and 导出 CSV
// saves a file with the three.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  apiClient,
  formField,
  logIn,
  see,
  settled,
  text,
  useE2ESuite,
  usePhones,
  validId,
  visible,
  waitForRoute,
  assertNoHorizontalScroll,
} from './helpers.mjs';
import { ROOT_DIR } from './server.mjs';

const suite = useE2ESuite();
const { api, call, login } = apiClient(suite);
const NARROW = { viewport: { width: 360, height: 780 } };
const XJK = '西城区新街口街道总工会';
const NEW_STAFF = '13700000501';

const chip = (scope, label) => visible(scope.locator('.chip', { hasText: new RegExp(`^(✓)?${label}$`) }));
const modalButton = (page, label) => visible(page.locator('.taro-modal__foot .taro-model__btn', { hasText: label }));
const grantCard = (page, phone, role) =>
  visible(page.locator('.staff-grant', { has: page.locator('.staff-grant__phone', { hasText: phone }) }).filter({ hasText: role }));

describe('issue 20: a union runs its staff and reads its audit log', () => {
  const phone = usePhones(suite, NARROW);

  test('invite a reviewer, who reviews; remove the role and they are refused at once; the audit log shows and exports both', async () => {
    const { page: admin, errors } = await phone();
    await admin.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(admin, '13800000001');
    await waitForRoute(admin, '/pages/index/index');
    await admin.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await visible(admin.locator('.staff__tool', { hasText: '工作人员' })).tap();
    await waitForRoute(admin, '/pages/staff/people/index');
    await settled(admin);
    await see(grantCard(admin, '138****0005', '核验员'));
    await see(text(admin, '138****0001（我）'));

    // An empty form: each field says what it needs.
    await visible(admin.locator('.action-button', { hasText: '发送邀请' })).tap();
    await see(visible(admin.locator('.form-field__error', { hasText: '请输入手机号' })).or(visible(admin.locator('.form-field__error', { hasText: '11位' }))));
    await see(visible(admin.locator('.form-field__error', { hasText: '请选择角色' })));
    // An admin is offered no role above their own.
    const roleField = formField(admin, '角色');
    assert.equal(await chip(roleField, '运营').count(), 0, 'no 运营 for an admin');

    await formField(admin, '手机号').locator('input').fill(NEW_STAFF);
    await chip(formField(admin, '工会'), XJK).tap();
    await chip(roleField, '审核员').tap();
    await visible(admin.locator('.action-button', { hasText: '发送邀请' })).tap();
    const card = grantCard(admin, '137****0501', '审核员');
    await see(card);
    await see(card.locator('.tag', { hasText: '待接受' }));
    await see(card.getByText('由138****0001邀请', { exact: false }));
    await assertNoHorizontalScroll(admin);
    await suite.shots.take(admin, 'staff-people-invited');

    // The person signs in on their own phone: nothing is theirs until they accept on 我的.
    const { page: reviewer } = await phone();
    await reviewer.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(reviewer, NEW_STAFF);
    await waitForRoute(reviewer, '/pages/index/index');
    const early = await reviewer.evaluate(() => JSON.parse(localStorage.getItem('union.session.v1')).data.accessToken);
    assert.deepEqual((await api('/me', { token: early })).grants, [], 'invited is not yet staff');
    await reviewer.goto(`${suite.server.baseUrl}/#/pages/me/index`);
    await settled(reviewer);
    const invitation = visible(reviewer.locator('.staff-invitation'));
    await see(invitation.getByText(`${XJK}（138****0001）邀请您担任审核员`, { exact: false }));
    await suite.shots.take(reviewer, 'staff-invitation');
    await invitation.locator('.action-button', { hasText: '接受邀请' }).tap();
    await see(visible(reviewer.locator('.grant__org', { hasText: XJK })));
    await reviewer.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await see(visible(reviewer.locator('.staff-tabs')));
    await see(visible(reviewer.locator('.staff__orgs', { hasText: XJK })));
    const token = await reviewer.evaluate(() => JSON.parse(localStorage.getItem('union.session.v1')).data.accessToken);
    const source = await readFile(join(ROOT_DIR, 'shared', 'src', 'applications.ts'), 'utf8');
    const consentVersion = source.match(/PRIVACY_NOTICE_VERSION = '([^']+)'/)[1];
    const application = await api('/applications', {
      method: 'POST',
      token: await login('13912340501'),
      body: {
        name: '孙小梅',
        idNumber: validId('11010219930512004'),
        employer: '美团',
        category: 'rider',
        workDistrict: '110102',
        orgId: (await api('/me', { token })).grants[0].orgId,
        consentVersion,
      },
    });
    const approved = await call(`/staff/applications/${application.id}/approve`, { method: 'POST', token, body: {} });
    assert.equal(approved.status, 200, `the new reviewer approves: ${JSON.stringify(approved.data)}`);

    // The admin removes the role; the modal asks first.
    await admin.reload();
    await see(grantCard(admin, '137****0501', '审核员').getByText('由138****0001授权', { exact: false }));
    await settled(admin);
    await grantCard(admin, '137****0501', '审核员').locator('.action-button', { hasText: '移除角色' }).tap();
    await see(visible(admin.locator('.taro-modal__title', { hasText: '移除角色' })));
    await modalButton(admin, '移除').tap();
    await see(visible(admin.getByText('已移除')));
    await grantCard(admin, '137****0501', '审核员').waitFor({ state: 'detached', timeout: 5_000 });
    const refused = await call('/me', { token });
    assert.equal(refused.status, 401, 'their next request is refused');
    assert.equal(refused.data.error.code, 'auth.session_revoked');
    await reviewer.reload();
    await see(visible(reviewer.getByText('登录', { exact: false })).first());

    // 操作记录: by the reviewer's phone, the removal, the acceptance and the invitation, newest first; then the CSV.
    await admin.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await visible(admin.locator('.staff__tool', { hasText: '操作记录' })).tap();
    await waitForRoute(admin, '/pages/staff/audit/index');
    await settled(admin);
    await formField(admin, '对象手机号').locator('input').fill(NEW_STAFF);
    await visible(admin.locator('.action-button', { hasText: '查询' })).tap();
    await see(visible(admin.locator('.staff-audit__action', { hasText: '移除角色' })));
    assert.deepEqual(await visible(admin.locator('.staff-audit__action')).allTextContents(), ['移除角色', '接受邀请', '邀请工作人员']);
    await see(
      visible(admin.locator('.staff-audit__entry', { hasText: '邀请工作人员' }).filter({ hasText: '对象：137****0501' }).filter({ hasText: '角色：审核员' })),
    );
    await assertNoHorizontalScroll(admin);
    await suite.shots.take(admin, 'staff-audit-search');
    const [download] = await Promise.all([admin.waitForEvent('download'), visible(admin.locator('.action-button', { hasText: '导出 CSV' })).tap()]);
    const csv = await readFile(await download.path(), 'utf8');
    assert.match(download.suggestedFilename(), /^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.trim().split('\r\n');
    assert.equal(lines.length, 4, csv);
    assert.match(lines[1], /,移除角色,staff\.revoke,138\*\*\*\*0001,/);
    assert.match(lines[2], /,接受邀请,staff\.accept,137\*\*\*\*0501,/);
    assert.match(lines[3], /,邀请工作人员,staff\.invite,138\*\*\*\*0001,/);
    assert.deepEqual(errors, []);
  });
});
