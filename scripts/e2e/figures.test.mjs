// Issue 20, figures with charts, at 360×780. Two workers join today (新街口 and 八里庄, through the API, approved by
// their unions' staff). The city's operator (13800000000) opens 数据概览 from the queue's tools row: the tiles count 2
// joins, the daily joins chart draws (an SVG with the series line and day labels) with its table beside it, and per
// week; filtering by
// 西城区总工会 (the filter's sheet) and then 新街口 (a union chip below 按工会) counts 1; 导出 saves the daily joins as
// CSV for Excel (a byte-order mark, the union's name, today's row). Then 大字模式 on a 360-px phone: nothing scrolls
// sideways.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { apiClient, assertNoHorizontalScroll, logIn, see, settled, useE2ESuite, usePhones, validId, visible, waitForRoute } from './helpers.mjs';
import { ROOT_DIR } from './server.mjs';

const suite = useE2ESuite();
const { api, login } = apiClient(suite);
const NARROW = { viewport: { width: 360, height: 780 } };

const tile = (page, label) => visible(page.locator('.figures__tile', { has: page.locator('.figures__tile-label', { hasText: new RegExp(`^${label}$`) }) }));
const section = (page, title) =>
  visible(page.locator('.figures__section', { has: page.locator('.figures__section-title', { hasText: new RegExp(`^${title}$`) }) }));

/** A worker joins `code`'s union today: submitted through the API, approved by `staffPhone`. */
async function joinToday(staffPhone, workerPhone, first17, category) {
  const staff = await login(staffPhone);
  const source = await readFile(join(ROOT_DIR, 'shared', 'src', 'applications.ts'), 'utf8');
  const consentVersion = source.match(/PRIVACY_NOTICE_VERSION = '([^']+)'/)[1];
  const orgId = (await api('/me', { token: staff })).grants[0].orgId;
  const application = await api('/applications', {
    method: 'POST',
    token: await login(workerPhone),
    body: { name: '周晓东', idNumber: validId(first17), employer: '顺丰速运', category, workDistrict: '110102', orgId, consentVersion },
  });
  await api(`/staff/applications/${application.id}/approve`, { method: 'POST', token: staff, body: {} });
}

describe('issue 20: 数据概览 draws, filters and exports', () => {
  const phone = usePhones(suite, NARROW);

  test('an operator opens the overview, a chart draws with its table, filters by union, exports CSV', async () => {
    await joinToday('13800000001', '13912340601', '11010219910203004', 'courier');
    await joinToday('13800000002', '13912340602', '11010219920304005', 'rider');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(page, '13800000000');
    await waitForRoute(page, '/pages/index/index');
    await settled(page);
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await visible(page.locator('.staff__tool', { hasText: '数据概览' })).tap();
    await waitForRoute(page, '/pages/staff/figures/index');
    await settled(page);

    await see(tile(page, '入会').locator('.figures__tile-value', { hasText: /^2$/ }));
    // The daily joins chart: an SVG drawn by ECharts with the line of the range and today's label, the table beside it.
    const daily = section(page, '每日入会');
    await see(daily.locator('.figure-chart svg').first());
    const svg = await daily.locator('.figure-chart svg').first().innerHTML();
    assert.ok((svg.match(/<path/g) ?? []).length >= 3, 'the chart has drawn its axes and its line');
    assert.match(svg, /<path[^>]*stroke="#c8102e"/, 'the series line (the first colour) is drawn');
    assert.match(svg, /<text[^>]*>\d{2}-\d{2}<\/text>/, 'the days are labelled');
    await see(daily.locator('.figures__row--head', { hasText: '入会人数' }));
    // Per week: the same joins in weeks from Monday.
    await visible(page.locator('.figures__per .chip', { hasText: '按周' })).tap();
    await see(section(page, '每周入会').locator('.figure-chart svg').first());
    await see(section(page, '每周入会').locator('.figures__row', { hasText: /2$/ }).first());
    await visible(page.locator('.figures__per .chip', { hasText: '按日' })).tap();
    await see(section(page, '按职业类别').locator('.figures__row', { hasText: '快递员' }).filter({ hasText: /1$/ }));
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'figures-city');

    // Filter: 选择工会 offers the unions one level down (the districts), then a union chip goes one further.
    await visible(page.locator('.figures__pick')).tap();
    const option = visible(page.locator('.figures__option', { hasText: '西城区总工会' }));
    await see(option);
    assert.equal(await visible(page.locator('.figures__option', { hasText: '西城区新街口街道总工会' })).count(), 0, 'one level down only');
    await Promise.all([page.waitForResponse((r) => r.url().includes('/admin/figures/overview?') && r.url().includes('orgId=')), option.tap()]);
    await see(visible(page.locator('.figures__crumb-name--on', { hasText: '西城区总工会' })));
    await see(tile(page, '入会').locator('.figures__tile-value', { hasText: /^1$/ }));
    await visible(page.locator('.figures__unit', { hasText: '西城区新街口街道总工会' })).tap();
    await see(visible(page.locator('.figures__crumb-name--on', { hasText: '西城区新街口街道总工会' })));
    await see(tile(page, '入会').locator('.figures__tile-value', { hasText: /^1$/ }));
    await see(section(page, '每日入会').locator('.figure-chart svg').first());

    // 导出: the daily joins of 新街口 as CSV for Excel.
    const [download] = await Promise.all([page.waitForEvent('download'), section(page, '每日入会').locator('.figures__export').tap()]);
    assert.match(download.suggestedFilename(), /^figures-joins_by_day-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    assert.ok(csv.startsWith('\ufeff每日入会：西城区新街口街道总工会,'), csv.slice(0, 80));
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[1], '日期,入会人数');
    assert.equal(lines.length, 2 + 30);
    assert.equal(lines.at(-1), `${today},1`);
    await suite.shots.take(page, 'figures-xjk');
    assert.deepEqual(errors, []);
  });

  test('大字模式 on a 360-px phone: the overview fits without scrolling sideways', async () => {
    const { page, errors } = await phone();
    await page.addInitScript(() => localStorage.setItem('union.careMode', JSON.stringify({ data: true })));
    await page.goto(`${suite.server.baseUrl}/#/pages/login/index`);
    await logIn(page, '13800000006');
    await waitForRoute(page, '/pages/index/index');
    await settled(page);
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/figures/index`);
    await settled(page);
    await see(section(page, '每日入会').locator('.figure-chart svg').first());
    await see(visible(page.locator('.figures__crumb-name--on', { hasText: '西城区总工会' })));
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'figures-care');
    assert.deepEqual(errors, []);
  });
});
