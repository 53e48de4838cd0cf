// Issue 19, where each kind of account lands, at 360×780. A reviewer (13800000006), a scanner (13800000005), the
// 普惠商户 clerk (13800000010) and the operator (13800000000) open 首页 on their task, at the top and on the main
// button, instead of 我要入会 and the list of unions; the clerk is not tagged 申请人 on 我的. The member (13900000002)
// is not offered 我要入会. The admin of 新街口 (13800000001, five tools and 工会设置) sees the first applicant on the
// review queue without scrolling, above the footer, with 大字模式 too; in standard size the queue starts above the middle.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiClient, footerButton, logIn, see, settled, text, useE2ESuite, validId, visible, waitForRoute, usePhones } from './helpers.mjs';

const suite = useE2ESuite();
const { api, login } = apiClient(suite);
const NARROW = { viewport: { width: 360, height: 780 } };
const XJK = '西城区新街口街道总工会';

describe('issue 19: each account lands on its work', () => {
  const phone = usePhones(suite, NARROW);

  /** Logs in from 首页's 登录 / 注册 and comes back to 首页. */
  async function home(phoneNumber) {
    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(page, phoneNumber);
    await waitForRoute(page, '/pages/index/index');
    await settled(page);
    return { page, errors };
  }

  /** The task card on 首页: on screen without scrolling, and no join offer around it. */
  async function assertLandsOn(page, title) {
    const card = visible(page.locator('.workbench-entry', { hasText: title }));
    await see(card);
    const box = await card.first().boundingBox();
    assert.ok(box.y + box.height <= 780 - 100, `${title} is at the top of 首页, above the footer (bottom at ${box.y + box.height})`);
    assert.equal(await footerButton(page, '我要入会').count(), 0, 'no 我要入会 main button');
    assert.equal(await text(page, '可加入的工会').count(), 0, 'no list of unions to join');
    await suite.shots.take(page, `landing-home-${title}`);
    return card;
  }

  test('a reviewer opens on the review queue', async () => {
    const { page, errors } = await home('13800000006');
    await assertLandsOn(page, '审核入会申请');
    await footerButton(page, '去审核').tap();
    await waitForRoute(page, '/pages/staff/index');
    await see(visible(page.locator('.staff-tabs')));
    assert.deepEqual(errors, []);
  });

  test('a scanner opens on 扫码核验会员', async () => {
    const { page, errors } = await home('13800000005');
    const card = await assertLandsOn(page, '扫码核验会员');
    await card.tap();
    await waitForRoute(page, '/pages/staff/scan/index');
    assert.deepEqual(errors, []);
  });

  test('the 普惠商户 clerk opens on 核销 and is not tagged 申请人', async () => {
    const { page, errors } = await home('13800000010');
    await assertLandsOn(page, '扫码核销');
    await footerButton(page, '去核销').tap();
    await waitForRoute(page, '/pages/merchant/index');

    await page.goto(`${suite.server.baseUrl}/#/pages/me/index`);
    await waitForRoute(page, '/pages/me/index');
    const tags = visible(page.locator('.me__roles .tag'));
    await see(tags);
    assert.deepEqual(await tags.allInnerTexts(), ['普惠商户店员']);
    assert.deepEqual(errors, []);
  });

  test('the operator opens on the operator workbench', async () => {
    const { page, errors } = await home('13800000000');
    await assertLandsOn(page, '运营工作台');
    await footerButton(page, '进入工作台').tap();
    await waitForRoute(page, '/pages/staff/index');
    await see(visible(page.locator('.staff__tool', { hasText: '福利活动' })));
    assert.deepEqual(errors, []);
  });

  test('a member is not offered 我要入会; 申请转会 is where 我要入会 was', async () => {
    const { page, errors } = await home('13900000002');
    await see(visible(page.locator('.home__lead', { hasText: `您是${XJK}会员` })));
    await see(footerButton(page, '查看会员卡'));
    assert.equal(await text(page, '我要入会').count(), 0, 'no 我要入会 anywhere on 首页');
    await visible(page.locator('.tile', { hasText: '申请转会' })).tap();
    await waitForRoute(page, '/pages/membership/transfer');
    await see(text(page, `从${XJK}转出`));
    await see(footerButton(page, '提交转会申请'));
    assert.deepEqual(errors, []);
  });

  test('the review queue shows the first applicant in full without scrolling, under the tools', async () => {
    const token = await login('13980000061');
    const { items } = await api('/orgs?q=新街口');
    const orgId = items.find((o) => o.name === XJK).id;
    await api('/applications', {
      method: 'POST',
      token,
      body: {
        orgId,
        name: '林小第',
        idNumber: validId('11010219900307123'),
        employer: '顺丰速运',
        category: 'courier',
        workDistrict: '110102',
        // PRIVACY_NOTICE_VERSION in shared/src/applications.ts.
        consentVersion: '2026-11-v1',
      },
    });
    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await logIn(page, '13800000001');
    for (const care of [false, true]) {
      if (care) {
        // 大字模式 as 我的 stores it (Taro H5 keeps storage values as {"data": ...} in localStorage).
        await page.evaluate(() => localStorage.setItem('union.careMode', JSON.stringify({ data: true })));
        await page.reload();
      }
      await waitForRoute(page, '/pages/staff/index');
      await settled(page);
      const first = visible(page.locator('.staff-item')).first();
      await see(first);
      await see(visible(page.locator('.staff__tool', { hasText: '福利活动' })));
      await see(visible(page.locator('.staff__settings')));
      if (care) assert.ok(await visible(page.locator('.screen--care')).count(), '大字模式 is on');
      await suite.shots.take(page, `landing-staff-queue-360${care ? '-care' : ''}`);
      assert.equal(await page.evaluate(() => window.scrollY), 0, 'nothing scrolled');
      const card = await first.boundingBox();
      const footer = await visible(page.locator('.footer-bar')).last().boundingBox();
      const label = care ? '大字模式' : '标准字号';
      if (!care) assert.ok(card.y < 780 / 2, `${label}: the queue starts above the middle of the screen (first card's top at ${Math.round(card.y)})`);
      assert.ok(
        card.y + card.height <= footer.y,
        `${label}: the first application card is fully on screen above the footer (bottom at ${Math.round(card.y + card.height)}, footer at ${Math.round(footer.y)})`,
      );
    }
    assert.deepEqual(errors, []);
  });
});
