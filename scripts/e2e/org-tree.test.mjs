// Issue 20, the union tree, at 360×780. The admin of 新街口 (13800000001) opens 工会组织 from the queue's tools row:
// their union and the ones below it. 新建下级工会: a bad office-hours value is refused at its field; a 楼宇（园区）
// union 新街口金融街楼宇工会联合会 is created under 新街口 and workers can pick it; a second one is created and then
// moved under the first (indented one step further); it is closed (no members: nothing to move) and shows 已撤销,
// and workers can no longer pick it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiClient, formField, logIn, see, settled, useE2ESuite, usePhones, visible, waitForRoute, assertNoHorizontalScroll } from './helpers.mjs';

const suite = useE2ESuite();
const { api } = apiClient(suite);
const NARROW = { viewport: { width: 360, height: 780 } };
const XJK = '西城区新街口街道总工会';

const chip = (scope, label) => visible(scope.locator('.chip', { hasText: new RegExp(`^(✓)?${label}$`) }));
const row = (page, name) => visible(page.locator('.staff-tree__row', { has: page.locator('.staff-tree__name', { hasText: new RegExp(`^${name}$`) }) }));
const sheet = (page) => visible(page.locator('.sheet__panel'));
const modalButton = (page, label) => visible(page.locator('.taro-modal__foot .taro-model__btn', { hasText: label }));
const joinable = async () => (await api('/orgs?limit=100')).items.map((o) => o.name);

describe('issue 20: a union runs its own tree', () => {
  const phone = usePhones(suite, NARROW);

  test('create a union below, move one under another, close it; workers see the change', async () => {
    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(page, '13800000001');
    await waitForRoute(page, '/pages/index/index');
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await visible(page.locator('.staff__tool', { hasText: '工会组织' })).tap();
    await waitForRoute(page, '/pages/staff/tree/index');
    await settled(page);
    await see(row(page, XJK));
    assert.equal(await row(page, '北京市总工会').count(), 0, 'nothing above their own union');

    async function create(name, code, hours) {
      await visible(page.locator('.action-button', { hasText: '新建下级工会' })).tap();
      const s = sheet(page);
      await see(s);
      await chip(formField(page, '上级工会'), XJK).tap();
      await formField(page, '工会代码').locator('input').fill(code);
      await formField(page, '工会名称').locator('input').fill(name);
      await chip(formField(page, '类型'), '楼宇（园区）工会联合会').tap();
      await formField(page, '行政区划代码').locator('input').fill('110102');
      await formField(page, '办公时间').locator('input').fill(hours);
      await visible(s.locator('.action-button', { hasText: '新建' })).tap();
    }

    await create('新街口金融街楼宇工会联合会', 'jrjly', '周一到周五');
    await see(visible(formField(page, '办公时间').locator('.form-field__error', { hasText: '办公时间格式应为 1-5 09:00-17:30' })));
    await formField(page, '办公时间').locator('input').fill('1-5 09:00-17:30');
    await visible(sheet(page).locator('.action-button', { hasText: '新建' })).tap();
    await see(row(page, '新街口金融街楼宇工会联合会'));
    assert.ok((await joinable()).includes('新街口金融街楼宇工会联合会'), 'workers can pick the new union');

    await create('新街口德胜科技园工会联合会', 'dskjy', '1-5 09:00-17:00');
    await see(row(page, '新街口德胜科技园工会联合会'));
    const indent = async (name) => Number.parseFloat(await row(page, name).evaluate((el) => getComputedStyle(el).paddingLeft));
    const firstIndent = await indent('新街口金融街楼宇工会联合会');
    assert.equal(await indent('新街口德胜科技园工会联合会'), firstIndent);

    // Move the second under the first.
    await row(page, '新街口德胜科技园工会联合会').tap();
    await see(sheet(page));
    // 调整上级工会 comes before 撤销's list of unions that could take the members.
    await chip(sheet(page), '新街口金融街楼宇工会联合会').first().tap();
    await see(visible(page.getByText('已调整上级')));
    await page.waitForFunction(
      ([name, before]) => {
        const el = [...document.querySelectorAll('.staff-tree__row')].find((r) => r.querySelector('.staff-tree__name')?.textContent === name);
        return el && Number.parseFloat(getComputedStyle(el).paddingLeft) > before;
      },
      ['新街口德胜科技园工会联合会', firstIndent],
    );
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'org-tree-moved');

    // Close it: no members or applications, so nothing has to go anywhere.
    await row(page, '新街口德胜科技园工会联合会').tap();
    await see(sheet(page));
    await suite.shots.take(page, 'org-tree-edit-sheet');
    await visible(sheet(page).locator('.action-button', { hasText: '撤销该工会' })).tap();
    await modalButton(page, '撤销').tap();
    await see(visible(page.getByText('已撤销', { exact: true })).first());
    await see(row(page, '新街口德胜科技园工会联合会').locator('.tag', { hasText: '已撤销' }));
    assert.ok(!(await joinable()).includes('新街口德胜科技园工会联合会'), 'workers can no longer pick the closed union');
    assert.deepEqual(errors, []);
  });
});
