// Issue 20, a 普惠商户 clerk consents, at 360×780. The admin of 新街口 (13800000001) invites 13700000601 as a clerk of
// a 新街口 merchant (API); the person signs in, and until they accept they are no clerk (the counter check is refused,
// 我的 shows no 普惠商户 section); 我的 shows the invitation with the merchant and its union; 接受邀请 makes them the
// clerk: the invitation goes, the 普惠商户 section appears and the counter check answers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiClient, logIn, see, settled, useE2ESuite, usePhones, visible, waitForRoute, assertNoHorizontalScroll } from './helpers.mjs';

const suite = useE2ESuite();
const { api, call, login } = apiClient(suite);
const NARROW = { viewport: { width: 360, height: 780 } };
const CLERK = '13700000601';

describe('issue 20: a clerk accepts before the role appears', () => {
  const phone = usePhones(suite, NARROW);

  test('invited, not yet a clerk; accepts on 我的, and the counter check works', async () => {
    const admin = await login('13800000001');
    const merchant = (await api('/merchants?near=39.9440,116.3700&limit=30')).items.find((m) => m.orgName === '西城区新街口街道总工会');
    assert.ok(merchant, 'a merchant of 新街口');
    const invited = await api(`/admin/merchants/${merchant.id}/clerks`, { method: 'POST', token: admin, body: { phone: CLERK } });
    assert.equal(invited.status, 'invited');

    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(page, CLERK);
    await waitForRoute(page, '/pages/index/index');
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('union.session.v1')).data.accessToken);
    const early = await call('/merchant/scan', { method: 'POST', token, body: { token: 'x'.repeat(40) } });
    assert.equal(early.data.error.code, 'merchants.not_clerk', 'not a clerk before accepting');

    await page.goto(`${suite.server.baseUrl}/#/pages/me/index`);
    await settled(page);
    const card = visible(page.locator('.clerk-invitation'));
    await see(card);
    await see(card.getByText(merchant.name, { exact: false }));
    assert.equal(await visible(page.locator('.link-list__text', { hasText: '扫码验证会员、核销代金券' })).count(), 0, 'no 普惠商户 section yet');
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'clerk-invitation');

    await card.locator('.action-button', { hasText: '接受邀请' }).tap();
    await see(visible(page.getByText(`扫码验证会员、核销代金券（${merchant.name}）`)));
    assert.equal(await visible(page.locator('.clerk-invitation')).count(), 0, 'the invitation is gone');
    const after = await call('/merchant/scan', { method: 'POST', token, body: { token: 'x'.repeat(40) } });
    assert.notEqual(after.data.error?.code, 'merchants.not_clerk', `a clerk now: ${JSON.stringify(after.data)}`);
    assert.deepEqual(errors, []);
  });
});
