// Issue 20 (parts 1 and 2), a union's admin on the pages at 360×780. The admin of 新街口 (13800000001):
// 1. builds a small tree by importing an Excel file on 工会组织 → 从 Excel 导入组织树: the template downloads as .xlsx; a
//    file with bad rows lists each one (line, column, reason) and offers no import; the corrected file passes the check
//    and 导入 3 个工会 adds them, indented under 新街口 on 工会组织;
// 2. signs up a 普惠商户 on 普惠商户管理 (its position from 使用当前位置), which a member's 普惠商户 then lists first;
//    invites a clerk by phone, who signs in, sees 商户邀请 with the merchant's name on 我的 and accepts: the admin's
//    clerk list shows them as 店员;
// 3. imports stations on 导入驿站: a GBK CSV with one bad row is checked (the row, 纬度, why), then the good row is
//    imported and members find the station.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import readExcelFile from 'read-excel-file/node';
import writeExcelFile from 'write-excel-file/node';
import { apiClient, assertNoHorizontalScroll, formField, logIn, see, settled, text, useE2ESuite, usePhones, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const { api } = apiClient(suite);
const XJK = '西城区新街口街道总工会';
/** WGS-84, as a browser reports it at 新街口 (about 39.9420,116.3762 in GCJ-02). */
const XINJIEKOU_GPS = { latitude: 39.9406, longitude: 116.37 };
const NARROW = { viewport: { width: 360, height: 780 }, geolocation: XINJIEKOU_GPS, permissions: ['geolocation'] };
const CLERK = '13700000701';

const chip = (scope, label) => visible(scope.locator('.chip', { hasText: new RegExp(`^(✓)?${label}$`) }));
const button = (scope, label) => visible(scope.locator('.action-button', { hasText: label }));
const sheet = (page) => visible(page.locator('.sheet__panel'));
const treeRow = (page, name) => visible(page.locator('.staff-tree__row', { has: page.locator('.staff-tree__name', { hasText: new RegExp(`^${name}$`) }) }));

/** Taps 选择文件 (or 重新选择文件) and hands the chooser this file. */
async function chooseFile(page, label, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button(page, label).tap()]);
  await chooser.setFiles(file);
}

describe('issue 20: a union runs its tree, merchants and stations from the pages', () => {
  const phone = usePhones(suite, NARROW);
  let admin;
  let errors;

  before(async () => {
    ({ page: admin, errors } = await phone());
    await admin.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(admin, '13800000001');
    await waitForRoute(admin, '/pages/index/index');
    await settled(admin);
  });

  test('builds a small tree by importing an Excel file: the template, a check that lists every bad row, then the import', async () => {
    await admin.goto(`${suite.server.baseUrl}/#/pages/staff/tree/index`);
    await settled(admin);
    await button(admin, '从 Excel 导入组织树').tap();
    await waitForRoute(admin, '/pages/staff/org-import/index');
    await settled(admin);

    // The template: an .xlsx whose first sheet has the headers and an example hanging from the admin's union.
    const [download] = await Promise.all([admin.waitForEvent('download'), visible(admin.locator('.import-flow__template')).tap()]);
    assert.equal(download.suggestedFilename(), 'org-import-template.xlsx');
    const [template] = await readExcelFile(await readFile(await download.path()));
    assert.deepEqual(template.data[0], ['代码', '上级代码', '名称', '类型', '区划代码', '地址', '办公电话', '办公时间']);
    assert.equal(template.data[1][1], 'xjk');

    const header = template.data[0];
    const good = [
      header,
      ['xjkjrj', 'xjk', '新街口金融街楼宇工会联合会', '楼宇/园区联合会', 110102, '西城区金融大街1号', '010-66001234', '1-5 09:00-17:30'],
      ['xjkjrja', 'xjkjrj', '金融街A座企业工会', '企业', 110102, null, null, null],
      ['xjkjrjb', 'xjkjrj', '金融街B座企业工会', '企业', 110102, null, null, null],
    ];
    const bad = [...good.slice(0, 3), ['xjkjrjb', 'nowhere', '金融街B座企业工会', '火星', 1101, null, null, null]];
    const xlsx = async (rows) => ({
      name: '新街口组织树.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await writeExcelFile(rows).toBuffer(),
    });

    await chooseFile(admin, '选择文件', await xlsx(bad));
    await see(visible(admin.locator('.import-flow__problems-title', { hasText: '有 3 处需要修改' })));
    const problems = await visible(admin.locator('.import-flow__problem')).allInnerTexts();
    assert.deepEqual(
      problems.map((p) => p.replace(/\s+/g, ' ').trim()),
      ['第 4 行 · 类型 不认识的类型“火星”', '第 4 行 · 区划代码 行政区划代码应为6位数字', '第 4 行 · 上级代码 上级代码 nowhere 不存在或不在您管理的范围内'],
    );
    await see(visible(admin.locator('.import-flow__summary', { hasText: '共 3 行' })));
    assert.equal(await button(admin, '导入').count(), 0, 'nothing to import while a row is bad');
    await assertNoHorizontalScroll(admin);
    await suite.shots.take(admin, 'org-import-bad-rows');
    assert.equal((await api('/orgs?limit=100')).items.filter((o) => o.name.startsWith('金融街')).length, 0, 'the check wrote nothing');

    await chooseFile(admin, '重新选择文件', await xlsx(good));
    await see(visible(admin.locator('.import-flow__summary', { hasText: '检查通过' })));
    await suite.shots.take(admin, 'org-import-checked');
    await button(admin, '导入 3 个工会').tap();
    await see(text(admin, '已导入 3 个工会'));
    await button(admin, '查看工会组织').tap();
    await waitForRoute(admin, '/pages/staff/tree/index');
    await see(treeRow(admin, '金融街B座企业工会'));
    const indent = async (name) => Number.parseFloat(await treeRow(admin, name).evaluate((el) => getComputedStyle(el).paddingLeft));
    assert.ok((await indent('金融街A座企业工会')) > (await indent('新街口金融街楼宇工会联合会')), 'the enterprise sits below the park union');
    assert.ok((await indent('新街口金融街楼宇工会联合会')) > (await indent(XJK)), 'the park union sits below 新街口');
    assert.deepEqual(errors, []);
  });

  test('signs up a merchant that members then see in 普惠商户, and invites a clerk who accepts on 我的', async () => {
    await admin.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await visible(admin.locator('.staff__tool', { hasText: '普惠商户' })).tap();
    await waitForRoute(admin, '/pages/staff/merchants/index');
    await settled(admin);
    await see(visible(admin.locator('.staff-merchant__name', { hasText: '新街口老北京炸酱面' })));

    await button(admin, '签约新商户').tap();
    const form = sheet(admin);
    await see(form);
    // An empty form says what each field needs.
    await button(form, '签约').tap();
    await see(visible(formField(admin, '商户名称').locator('.form-field__error', { hasText: '商户名称至少2个字' })));
    await see(visible(formField(admin, '类别').locator('.form-field__error', { hasText: '请选择类别' })));
    await formField(admin, '商户名称').locator('input').fill('新街口护国寺小吃');
    await chip(formField(admin, '类别'), '餐饮').tap();
    await formField(admin, '会员优惠').locator('input').fill('凭会员码餐费9折');
    await formField(admin, '优惠比例（%，可不填）').locator('input').fill('10');
    await formField(admin, '地址').locator('input').fill('北京市西城区新街口北大街12号');
    await button(form, '使用当前位置').tap();
    await admin.waitForFunction(() => [...document.querySelectorAll('.form-field__input')].some((i) => i.value?.startsWith('39.94')));
    await formField(admin, '营业时间（可不填）').locator('input').fill('周一至周五 10:00-21:00');
    await chip(formField(admin, '签约工会'), XJK).tap();
    await assertNoHorizontalScroll(admin);
    await suite.shots.take(admin, 'merchant-form');
    await button(form, '签约').tap();
    const card = visible(admin.locator('.staff-merchant', { has: admin.locator('.staff-merchant__name', { hasText: '新街口护国寺小吃' }) }));
    await see(card);
    await see(card.getByText('营业时间：周一至周五 10:00-21:00'));

    // A member near 新街口 finds it first in 普惠商户.
    const { page: member } = await phone();
    await member.goto(`${suite.server.baseUrl}/#/pages/merchants/index`);
    const first = visible(member.locator('.merchant')).first();
    await see(first.locator('.merchant__name', { hasText: '新街口护国寺小吃' }));
    await see(first.getByText('会员优惠：凭会员码餐费9折'));
    await see(first.getByText('营业时间：周一至周五 10:00-21:00'));
    await suite.shots.take(member, 'merchants-member-sees-new');

    // The clerk: invited by phone, 待接受 until they accept.
    await button(card, '店员').tap();
    const clerks = sheet(admin);
    await see(clerks);
    await formField(admin, '邀请店员').locator('input').fill(CLERK);
    await button(clerks, '发送邀请').tap();
    const row = visible(clerks.locator('.clerks-sheet__row', { hasText: '137****0701' }));
    await see(row.locator('.tag', { hasText: '待接受' }));
    await suite.shots.take(admin, 'merchant-clerk-invited');

    const { page: clerk, errors: clerkErrors } = await phone();
    await clerk.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(clerk, CLERK);
    await waitForRoute(clerk, '/pages/index/index');
    await clerk.goto(`${suite.server.baseUrl}/#/pages/me/index`);
    await settled(clerk);
    await see(text(clerk, '商户邀请'));
    const invitation = visible(clerk.locator('.clerk-invitation', { hasText: '新街口护国寺小吃' }));
    await see(invitation);
    await see(invitation.getByText('前有效', { exact: false }));
    await suite.shots.take(clerk, 'merchant-invitation');
    await button(invitation, '接受邀请').tap();
    await see(text(clerk, '扫码验证会员、核销代金券（新街口护国寺小吃）'));

    await visible(clerks.locator('.sheet__close')).tap();
    await button(card, '店员').tap();
    await see(visible(sheet(admin).locator('.clerks-sheet__row', { hasText: '137****0701' }).locator('.tag', { hasText: '店员' })));
    assert.deepEqual(errors, []);
    assert.deepEqual(clerkErrors, []);
  });

  test('imports stations from a GBK CSV: the check names the bad row and column, the import saves the good row', async () => {
    await admin.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await visible(admin.locator('.staff__tool', { hasText: '导入驿站' })).tap();
    await waitForRoute(admin, '/pages/staff/station-import/index');
    await settled(admin);
    await see(text(admin, '请先选择所属工会'));
    await chip(formField(admin, '所属工会'), XJK).tap();
    const csv = [
      '编号,名称,类型,地址,所在区,纬度,经度,设施,开放时间',
      'XJK-E2E-1,新街口北大街便利蜂暖心驿站,连锁商超,北京市西城区新街口北大街20号,西城区,39.9452,116.3712,饮水、微波炉、手机充电,24小时',
      'XJK-E2E-2,新街口南大街暖心驿站,银行网点,北京市西城区新街口南大街1号,西城区,116.37,39.94,饮水,每天 08:00-20:00',
    ].join('\r\n');
    await chooseFile(admin, '选择文件', { name: '驿站.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'gbk') });
    const problem = visible(admin.locator('.import-flow__problem'));
    await see(problem);
    assert.equal(await problem.count(), 1);
    assert.match((await problem.innerText()).replace(/\s+/g, ' '), /^第 3 行 · 纬度 /);
    await see(visible(admin.locator('.import-flow__summary', { hasText: '新增 1 个' })));
    await assertNoHorizontalScroll(admin);
    await suite.shots.take(admin, 'station-import-checked');
    const nearest = async () => (await api('/stations?near=39.9452,116.3712&limit=1')).items[0]?.name;
    assert.notEqual(await nearest(), '新街口北大街便利蜂暖心驿站', 'the check saved nothing');

    await button(admin, '导入无误的 1 行（有误的 1 行不导入）').tap();
    await see(text(admin, '已导入：新增 1 个、更新 0 个驿站，1 行有误未导入'));
    await suite.shots.take(admin, 'station-import-done');
    // Every instance reloads its copy of the stations when the import commits.
    const until = Date.now() + 10_000;
    while ((await nearest()) !== '新街口北大街便利蜂暖心驿站' && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    assert.equal(await nearest(), '新街口北大街便利蜂暖心驿站');
    assert.deepEqual(errors, []);
  });
});
