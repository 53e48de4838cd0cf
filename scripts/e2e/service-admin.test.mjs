// 服务管理: the admin of 新街口街道总工会 (13800000001) opens 服务管理 from the staff tools row, creates a legal-aid
// service held at one of the union's rest stations (searched by part of its name in the station sheet; the union has
// 74, shown 20 at a time), moves it to a station past the first page and back after a failed search and 重试,
// and generates a week of slots from a weekly schedule
// (the same schedule again is refused, in Chinese, under 每天的时间). A member of that union (王建国,
// 13900000002) then finds the new service under 服务, sees its slots and books one.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import { assertNoHorizontalScroll, footerButton, logIn, see, text, TIMEOUT, useE2ESuite, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const TITLE = '工伤维权法律咨询（驿站专场）';
const STATION = '新街口快递分拣中心暖心驿站';
/** A station of the same union past the sheet's first page of 20 (by name). */
const LATER_STATION = '德胜门外大街职工服务中心暖心驿站';

const TARGETS = '[role=button], [role=radio], .action-button, .chip, .taro-navigation-bar-back';

/** Tap targets under 44×44 on the page in front (the check of tap-targets.test.mjs). */
const smallTargets = (page) =>
  page.evaluate((selector) => {
    const shown = (el) => el.getClientRects().length > 0 && !el.closest('.taro_page[style*="display: none"]');
    return [...document.querySelectorAll(selector)]
      .filter(shown)
      .map((el) => ({ text: (el.textContent || el.className).trim().slice(0, 14), r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
      .map(({ text, r }) => `${text} ${Math.round(r.width)}×${Math.round(r.height)}`);
  }, TARGETS);

const chip = (scope, label) => visible(scope.locator('.chip', { hasText: new RegExp(`^(✓)?${label}$`) }));
const field = (page, label) => visible(page.locator('.form-field', { has: page.locator('.form-field__label', { hasText: new RegExp(`^${label}$`) }) }));
const stationSheet = (page) => visible(page.locator('.sheet__panel', { hasText: '选择驿站' }));
const placeSearch = (page, q) =>
  page.waitForResponse((r) => r.url().includes('/api/v1/admin/places?') && new URL(r.url()).searchParams.get('q') === q, { timeout: TIMEOUT });

/** Opens the station sheet from 服务地点, searches part of a name and picks the station; the sheet closes. */
async function pickStation(page, q, name) {
  await visible(field(page, '服务地点').locator('.service-form__station')).tap();
  const sheet = stationSheet(page);
  const input = visible(sheet.locator('input'));
  await see(input);
  const [found] = await Promise.all([placeSearch(page, q), input.fill(q)]);
  assert.equal(found.status(), 200, await found.text());
  const option = visible(sheet.locator('.place-option', { hasText: name }));
  await see(option);
  await option.tap();
  await see(field(page, '服务地点').locator('.service-form__station--on', { hasText: name }));
  assert.equal(await page.locator('.sheet__panel').count(), 0, 'the sheet closed');
}

describe('服务管理', () => {
  const contexts = [];
  const errorLists = [];
  async function phone() {
    const context = await suite.browser.newPhone();
    contexts.push(context);
    const page = await context.newPage();
    errorLists.push(watchErrors(page));
    return page;
  }
  after(async () => {
    for (const context of contexts) await context.close();
  });

  let serviceId = '';
  let slotCount = 0;

  test('the admin creates a legal-aid service at a station of the union and generates slots from a weekly schedule', async () => {
    const admin = await phone();
    await admin.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await logIn(admin, '13800000001');
    await waitForRoute(admin, '/pages/staff/index');
    await see(visible(admin.locator('.staff__tool', { hasText: '服务管理' })));
    await suite.shots.take(admin, 'staff-tools-admin');
    await visible(admin.locator('.staff__tool', { hasText: '服务管理' })).tap();
    await waitForRoute(admin, '/pages/staff/services/index');
    // The demo seed already has services of this union.
    await see(visible(admin.locator('.staff-service')));
    await footerButton(admin, '新建服务').tap();

    await waitForRoute(admin, '/pages/staff/service-edit/index');
    await see(field(admin, '服务类型'));
    await see(chip(field(admin, '服务类型'), '法律援助').and(admin.locator('.chip--on')));
    // Nothing typed: the shared schema's own words, under each field, and nothing is sent.
    await footerButton(admin, '创建服务').tap();
    await see(field(admin, '服务名称').locator('.form-field__error'));
    await see(field(admin, '服务地点').locator('.form-field__error'));

    await field(admin, '服务名称').locator('input').fill(TITLE);
    await field(admin, '服务介绍').locator('textarea').fill('律师现场解答工伤认定、欠薪、劳动合同问题，请带好身份证和相关材料。');
    await chip(field(admin, '服务地点'), '暖心驿站').tap();
    await see(field(admin, '服务地点').locator('.service-form__station', { hasText: '搜索并选择本工会的驿站' }));
    // The sheet lists the union's 74 stations 20 at a time, each with its address; 加载更多 brings the next 20.
    await visible(field(admin, '服务地点').locator('.service-form__station')).tap();
    const sheet = stationSheet(admin);
    const options = visible(sheet.locator('.place-option'));
    await see(options.nth(19));
    assert.equal(await options.count(), 20);
    await see(options.first().locator('.place-option__sub', { hasText: '北京市' }));
    const input = visible(sheet.locator('input'));
    // type=text with confirm-type=search: on H5 Taro makes it <input type=search>, the text keyboard with a 搜索 key.
    assert.equal(await input.getAttribute('type'), 'search');
    for (const shown of [40, 60, 74]) {
      await sheet.locator('.action-button', { hasText: '加载更多' }).tap();
      await see(options.nth(shown - 1));
      assert.equal(await options.count(), shown);
    }
    assert.equal(await visible(sheet.locator('.action-button', { hasText: '加载更多' })).count(), 0, 'no more pages');
    // A search with no match says so.
    await Promise.all([placeSearch(admin, '没有这个驿站'), input.fill('没有这个驿站')]);
    await see(sheet.locator('.state__title', { hasText: '没有找到驿站' }));
    await suite.shots.take(admin, 'service-admin-station-empty');
    await visible(sheet.locator('.sheet__close')).tap();
    // Part of the name finds it; picked, it shows in the form with its address.
    await pickStation(admin, '分拣', STATION);
    await see(field(admin, '服务地点').locator('.service-form__station-address', { hasText: '北京市西城区新街口外大街甲14号' }));
    await chip(field(admin, '每人限约'), '每月').tap();
    await field(admin, '每人限约').locator('input').fill('2');
    await chip(field(admin, '名额满后'), '候补限时确认').tap();
    await field(admin, '名额满后').locator('input').fill('45');
    await assertNoHorizontalScroll(admin);
    await suite.shots.take(admin, 'service-admin-new');

    const [created] = await Promise.all([
      admin.waitForResponse((r) => r.url().endsWith('/api/v1/admin/services') && r.request().method() === 'POST', { timeout: TIMEOUT }),
      footerButton(admin, '创建服务').tap(),
    ]);
    assert.equal(created.status(), 201, await created.text());
    const service = await created.json();
    serviceId = service.id;
    assert.equal(service.kind, 'legal_aid');
    assert.equal(service.place.address, '北京市西城区新街口外大街甲14号', "the station's address");
    assert.ok(service.place.stationId, 'held at the station');
    assert.deepEqual(service.perMemberLimit, { count: 2, period: 'month' });
    assert.deepEqual([service.promotion, service.offerHoldMinutes], ['offer', 45]);

    // The same page, now editing the service, with its slots below; the station shows by name.
    await waitForRoute(admin, `id=${serviceId}`);
    await see(text(admin, '还没有时段'));
    await see(field(admin, '服务地点').locator('.service-form__station--on', { hasText: STATION }));

    // Moved to a station past the sheet's first page, saved: after a reload the form names it.
    await pickStation(admin, '德胜门外大街职工', LATER_STATION);
    const [moved] = await Promise.all([
      admin.waitForResponse((r) => r.url().endsWith(`/api/v1/admin/services/${serviceId}`) && r.request().method() === 'PATCH', { timeout: TIMEOUT }),
      visible(admin.locator('.action-button', { hasText: '保存修改' })).tap(),
    ]);
    assert.equal(moved.status(), 200, await moved.text());
    assert.notEqual((await moved.json()).place.stationId, service.place.stationId);
    await admin.reload();
    await see(field(admin, '服务地点').locator('.service-form__station--on', { hasText: LATER_STATION }));
    await suite.shots.take(admin, 'service-admin-station-later');
    // A failed search shows 重试, which searches again; back to the first station.
    const placesApi = (url) => url.pathname.endsWith('/api/v1/admin/places');
    await admin.route(placesApi, (route) => route.abort());
    await visible(field(admin, '服务地点').locator('.service-form__station')).tap();
    await see(stationSheet(admin).locator('.state__title', { hasText: '驿站加载失败' }));
    await admin.unroute(placesApi);
    await stationSheet(admin).locator('.action-button', { hasText: '重试' }).tap();
    await see(visible(stationSheet(admin).locator('.place-option')).first());
    await visible(stationSheet(admin).locator('.sheet__close')).tap();
    await pickStation(admin, '分拣', STATION);
    const [back] = await Promise.all([
      admin.waitForResponse((r) => r.url().endsWith(`/api/v1/admin/services/${serviceId}`) && r.request().method() === 'PATCH', { timeout: TIMEOUT }),
      visible(admin.locator('.action-button', { hasText: '保存修改' })).tap(),
    ]);
    assert.equal((await back.json()).place.stationId, service.place.stationId);
    const weekly = visible(admin.locator('.slots-panel__weekly'));
    await chip(weekly, '周六').tap();
    await chip(weekly, '周日').tap();
    await chip(weekly, '1周').tap();
    await field(admin, '每个时段名额').locator('input').fill('2');
    await see(weekly.locator('.action-button', { hasText: '生成 7 个时段' }));
    const [generated] = await Promise.all([
      admin.waitForResponse((r) => r.url().endsWith(`/admin/services/${serviceId}/slots/generate`), { timeout: TIMEOUT }),
      weekly.locator('.action-button', { hasText: '生成 7 个时段' }).tap(),
    ]);
    assert.equal(generated.status(), 201, await generated.text());
    slotCount = (await generated.json()).created;
    assert.equal(slotCount, 7);
    await see(visible(admin.locator('.slots-panel__slot')).nth(6));
    assert.equal(await visible(admin.locator('.slots-panel__slot')).count(), 7);
    await see(visible(admin.locator('.slots-panel__slot', { hasText: '09:00–11:00' })));
    await see(visible(admin.locator('.slots-panel__count', { hasText: '名额 2 · 已约 0' })));

    // The same schedule again overlaps every slot: the server's words, next to the times.
    const [refused] = await Promise.all([
      admin.waitForResponse((r) => r.url().endsWith(`/admin/services/${serviceId}/slots/generate`), { timeout: TIMEOUT }),
      weekly.locator('.action-button', { hasText: '生成 7 个时段' }).tap(),
    ]);
    assert.equal(refused.status(), 409);
    await see(field(admin, '每天的时间').locator('.form-field__error', { hasText: '该服务的时段不能重叠，请调整时间' }));
    assert.equal(await visible(admin.locator('.slots-panel__slot')).count(), 7, 'nothing added');
    // One slot by hand: no capacity is caught on the phone; tomorrow 09:00–10:00 overlaps the 09:00–11:00 slot,
    // which the server refuses, shown under 开始时间.
    const one = visible(admin.locator('.slots-panel__one'));
    await field(admin, '名额').locator('input').fill('');
    await one.locator('.action-button', { hasText: '添加时段' }).tap();
    await see(field(admin, '名额').locator('.form-field__error', { hasText: '名额应为 1-10000 的整数' }));
    await field(admin, '名额').locator('input').fill('3');
    const [overlap] = await Promise.all([
      admin.waitForResponse((r) => r.url().endsWith(`/admin/services/${serviceId}/slots`) && r.request().method() === 'POST', { timeout: TIMEOUT }),
      one.locator('.action-button', { hasText: '添加时段' }).tap(),
    ]);
    assert.equal(overlap.status(), 409);
    await see(field(admin, '开始时间').locator('.form-field__error', { hasText: '该服务的时段不能重叠，请调整时间' }));
    // One-handed at 360 px: nothing scrolls sideways and every control is at least 44×44.
    await admin.setViewportSize({ width: 360, height: 780 });
    await admin.waitForTimeout(300);
    await assertNoHorizontalScroll(admin);
    assert.deepEqual(await smallTargets(admin), [], 'every tap target on the service page is at least 44×44');
    await suite.shots.take(admin, 'service-admin-slots');
  });

  test('a member of the union sees the new slots on the service page and books one', async () => {
    assert.ok(serviceId, 'the service was created');
    const member = await phone();
    await member.goto(`${suite.server.baseUrl}/#/pages/services/index`);
    await visible(member.locator('.service', { hasText: '法律援助' }))
      .first()
      .tap();
    await logIn(member, '13900000002');
    await waitForRoute(member, '/pages/services/index');
    await chip(member, '法律援助').tap();
    const card = visible(member.locator('.service', { hasText: TITLE }));
    await see(card);
    await card.first().tap();

    await waitForRoute(member, `/pages/bookings/detail/index?id=${serviceId}`);
    await see(text(member, STATION).or(visible(member.locator('.booking-detail__title', { hasText: TITLE }))));
    const slots = visible(member.locator('.slot'));
    await see(slots.nth(slotCount - 1));
    assert.equal(await slots.count(), slotCount);
    const slot = slots.first();
    await see(slot.locator('.tag', { hasText: '剩余 2' }));
    await see(slot.locator('.slot__time', { hasText: '09:00–11:00' }));
    await slot.tap();
    await see(slot.locator('.slot__time', { hasText: '✓' }));
    await assertNoHorizontalScroll(member);
    await suite.shots.take(member, 'service-admin-member-slots');
    const [res] = await Promise.all([
      member.waitForResponse((r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST', { timeout: TIMEOUT }),
      footerButton(member, '预约').tap(),
    ]);
    assert.equal(res.status(), 201, await res.text());
    assert.equal((await res.json()).status, 'booked');
    await see(visible(member.locator('.taro-modal__title', { hasText: '预约成功' })));
    await visible(member.locator('.taro-modal__foot .taro-model__btn', { hasText: '查看预约' })).tap();
    await waitForRoute(member, '/pages/bookings/mine/index');
    const booking = visible(member.locator('.booking', { has: member.locator('.booking__title', { hasText: TITLE }) }));
    await see(booking.locator('.tag', { hasText: '已预约' }));
  });

  test('服务管理 is offered to admins and operators only: a scanner of the same union does not see it', async () => {
    const scanner = await phone();
    await scanner.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await logIn(scanner, '13800000005');
    await waitForRoute(scanner, '/pages/staff/index');
    await see(visible(scanner.locator('.staff__tool', { hasText: '预约签到' })));
    assert.equal(await visible(scanner.locator('.staff__tool', { hasText: '服务管理' })).count(), 0);
    await scanner.goto(`${suite.server.baseUrl}/#/pages/me/index`);
    await see(text(scanner, '审核入会申请'));
    assert.equal(await text(scanner, '服务管理（服务与预约时段）').count(), 0);

    const operator = await phone();
    await operator.goto(`${suite.server.baseUrl}/#/pages/me/index`);
    await logIn(operator, '13800000000');
    await waitForRoute(operator, '/pages/me/index');
    await text(operator, '服务管理（服务与预约时段）').tap();
    await waitForRoute(operator, '/pages/staff/services/index');
    // The operator of the city federation sees the new service of the street union below it.
    await see(visible(operator.locator('.staff-service', { hasText: TITLE })));
  });

  test('no page error on any phone', () => {
    for (const errors of errorLists) assert.deepEqual(errors, []);
  });
});
