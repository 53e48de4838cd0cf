// Operators edit and close a running campaign. The city operator (13800000000) opens a campaign two members have
// claimed from, taps 编辑 and finds the create form prefilled with only what may change; a total below the two
// claimed is refused by the server and the message (with the count) shows under 总数量. A total of 5 and a two-line
// description are saved, and the member (13900000002) reads the description on 会员福利 with 3 left. Then 提前结束,
// confirmed: the drain view and the list say 已结束, the member's list no longer offers it and a claim is refused.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import {
  SESSION_KEY,
  TIMEOUT,
  apiClient,
  assertNoHorizontalScroll,
  drainFigure,
  footerButton,
  formField,
  logIn,
  see,
  settled,
  useE2ESuite,
  visible,
  waitForRoute,
} from './helpers.mjs';

const suite = useE2ESuite();
const TITLE = '中秋月饼 一盒';
const DESCRIPTION = '凭会员码领取月饼一盒\n每人限领一次，领完即止';

const { call, api, login: apiLogin } = apiClient(suite);

const tokenOf = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key)).data.accessToken, SESSION_KEY);

const modalButton = (page, label) => visible(page.locator('.taro-modal__foot .taro-model__btn', { hasText: label }));
const benefitCard = (page) => visible(page.locator('.benefit', { has: page.locator('.benefit__title', { hasText: TITLE }) }));

describe('an operator edits a running campaign and ends it early', () => {
  let operatorContext;
  let memberContext;
  let operator;
  let member;
  let errors;
  let campaignId;
  let memberToken;
  let placeToken;

  before(async () => {
    operatorContext = await suite.browser.newPhone({ viewport: { width: 360, height: 780 } });
    memberContext = await suite.browser.newPhone({ viewport: { width: 360, height: 780 } });
    operator = await operatorContext.newPage();
    member = await memberContext.newPage();
    errors = [...[operator, member].map((p) => watchErrors(p))];

    // The member signs in on their phone; the campaign and two claims go through the API.
    await member.goto(`${suite.server.baseUrl}/#/pages/benefits/index`);
    await logIn(member, '13900000002');
    await waitForRoute(member, '/pages/benefits/index');
    memberToken = await tokenOf(member);
    // Each phone signs in once (the SMS resend limit): the operator on its phone, its token reused for the API.
    await operator.goto(`${suite.server.baseUrl}/#/pages/staff/campaigns/index`);
    await logIn(operator, '13800000000');
    await waitForRoute(operator, '/pages/staff/campaigns/index');
    const operatorToken = await tokenOf(operator);
    const city = (await api('/staff/orgs', { token: operatorToken })).items.find((o) => o.name === '北京市总工会');
    const eventId = (await api('/events/XJKQSQ26')).id;
    const now = Date.now();
    campaignId = (
      await api('/admin/benefits', {
        method: 'POST',
        token: operatorToken,
        body: {
          orgId: city.id,
          eligibleOrgId: city.id,
          title: TITLE,
          kind: 'gift',
          quota: 10,
          period: 'once',
          startsAt: new Date(now - 60_000).toISOString(),
          endsAt: new Date(now + 7 * 86_400_000).toISOString(),
          places: [{ kind: 'event', id: eventId }],
          requiresRotatingCode: false,
        },
      })
    ).id;
    placeToken = (await api(`/admin/places/event/${eventId}/poster`, { method: 'POST', token: operatorToken })).code;
    for (const token of [memberToken, await apiLogin('13900000003')]) {
      await api(`/benefits/${campaignId}/claims`, { method: 'POST', token, body: { placeToken }, headers: { 'Idempotency-Key': randomUUID() } });
    }
  });
  after(async () => {
    await operatorContext?.close();
    await memberContext?.close();
  });

  test(
    '编辑 opens the form prefilled; a total below the claimed shows at 总数量; the saved change reaches members',
    async () => {
      // A fresh load of the drain view (a hash change alone would not leave the list page).
      await operator.goto(`${suite.server.baseUrl}/#/pages/staff/campaign/index?id=${campaignId}`);
      await operator.reload();
      await waitForRoute(operator, '/pages/staff/campaign/index');
      await see(visible(operator.locator('.drain__title', { hasText: TITLE })));
      await see(drainFigure(operator, 'claimed').filter({ hasText: /^2$/ }));
      await settled(operator);
      await footerButton(operator, '编辑').tap();
      await waitForRoute(operator, '/pages/staff/campaign-new/index');
      await settled(operator);

      // Prefilled with what may change; what may not is shown, not offered.
      const title = formField(operator, '福利名称').locator('input');
      await see(title);
      assert.equal(await title.inputValue(), TITLE);
      const quota = formField(operator, '总数量').locator('input');
      assert.equal(await quota.inputValue(), '10');
      await see(formField(operator, '总数量').locator('.form-field__help', { hasText: '已领 2 份' }));
      await see(visible(operator.locator('.campaign-new__fixed-note', { hasText: '创建后不能修改' })));
      assert.equal(await visible(operator.locator('.form-field__label', { hasText: '领取地点' })).count(), 0, 'places are not offered for editing');

      // A cleared total is a mistake to point at, not "unchanged" (nothing is sent).
      await quota.fill('');
      await footerButton(operator, '保存修改').tap();
      await see(formField(operator, '总数量').locator('.form-field__error', { hasText: '总数量必须是数字' }));

      // Below the two claimed: only the server knows the count, and it names the field.
      await quota.fill('1');
      const [refused] = await Promise.all([
        operator.waitForResponse((r) => r.url().endsWith(`/api/v1/admin/benefits/${campaignId}`) && r.request().method() === 'PATCH', { timeout: TIMEOUT }),
        footerButton(operator, '保存修改').tap(),
      ]);
      assert.equal(refused.status(), 409);
      await see(formField(operator, '总数量').locator('.form-field__error', { hasText: '已领取 2 份，总数量不能少于 2' }));
      await assertNoHorizontalScroll(operator);
      await suite.shots.take(operator, 'campaign-edit-refused');

      await quota.fill('5');
      await formField(operator, '福利说明（选填）').locator('textarea').fill(DESCRIPTION);
      const [saved] = await Promise.all([
        operator.waitForResponse((r) => r.url().endsWith(`/api/v1/admin/benefits/${campaignId}`) && r.request().method() === 'PATCH', { timeout: TIMEOUT }),
        footerButton(operator, '保存修改').tap(),
      ]);
      assert.equal(saved.status(), 200, await saved.text());
      assert.deepEqual(JSON.parse(saved.request().postData()), { quota: 5, description: DESCRIPTION }, 'only what changed is sent');
      await waitForRoute(operator, '/pages/staff/campaign/index');
      await see(drainFigure(operator, 'quota').filter({ hasText: /^5$/ }));
      await see(drainFigure(operator, 'remaining').filter({ hasText: /^3$/ }));
      await see(visible(operator.locator('.drain__description', { hasText: '每人限领一次，领完即止' })));

      // The member's 会员福利 list, refreshed: the description under the title, 3 left.
      await member.reload();
      await waitForRoute(member, '/pages/benefits/index');
      const card = benefitCard(member);
      await see(card.locator('.benefit__description', { hasText: '凭会员码领取月饼一盒' }));
      assert.equal(await card.locator('.benefit__description').innerText(), DESCRIPTION, 'the line break is kept');
      await see(card.locator('.benefit__remaining', { hasText: '剩余 3' }));
      await suite.shots.take(member, 'benefits-description');
    },
    { timeout: TIMEOUT * 6 },
  );

  test(
    '提前结束, confirmed, shows 已结束 here and in the list; members can no longer claim it',
    async () => {
      assert.ok(campaignId, 'the campaign was created');
      await settled(operator);
      // Cancelling the confirm changes nothing.
      await footerButton(operator, '提前结束').tap();
      await see(visible(operator.locator('.taro-modal__title', { hasText: '提前结束这项福利？' })));
      await see(visible(operator.locator('.taro-modal__content', { hasText: '剩余的 3 份不再发放' })));
      await modalButton(operator, '暂不').tap();
      assert.equal(
        (await api(`/benefits`, { token: memberToken })).items.some((b) => b.id === campaignId),
        true,
        'still open after 暂不',
      );

      await footerButton(operator, '提前结束').tap();
      const [closed] = await Promise.all([
        operator.waitForResponse((r) => r.url().endsWith(`/api/v1/admin/benefits/${campaignId}/close`), { timeout: TIMEOUT }),
        modalButton(operator, '提前结束').tap(),
      ]);
      assert.equal(closed.status(), 200, await closed.text());
      await see(visible(operator.locator('.drain__ended', { hasText: '已结束' })));
      await see(visible(operator.locator('.drain__ended', { hasText: '提前结束' })));
      assert.equal(await visible(operator.locator('.footer-bar .action-button', { hasText: '编辑' })).count(), 0, 'no edit once ended');
      await assertNoHorizontalScroll(operator);
      await suite.shots.take(operator, 'campaign-closed');

      // The list says so too.
      await operator.goto(`${suite.server.baseUrl}/#/pages/staff/campaigns/index`);
      await operator.reload();
      await waitForRoute(operator, '/pages/staff/campaigns/index');
      const item = visible(operator.locator('.campaign-item', { has: operator.locator('.campaign-item__title', { hasText: TITLE }) }));
      await see(item.locator('.campaign-item__ended', { hasText: '已结束' }));

      // The member's list no longer offers it; a claim now is refused as not open.
      await member.reload();
      await waitForRoute(member, '/pages/benefits/index');
      await see(visible(member.locator('.benefit__title, .state--empty').first()));
      assert.equal(await benefitCard(member).count(), 0, 'a closed campaign is not offered');
      const late = await call(`/benefits/${campaignId}/claims`, {
        method: 'POST',
        token: memberToken,
        body: { placeToken },
        headers: { 'Idempotency-Key': randomUUID() },
      });
      assert.equal(late.status, 409);
      assert.equal(late.data.error.code, 'benefits.not_open');
      for (const list of errors) assert.deepEqual(list, []);
    },
    { timeout: TIMEOUT * 6 },
  );
});
