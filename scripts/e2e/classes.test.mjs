// Classes at a place and time (issue 21, part 5), at 360×780. The city's operator (13800000000, through the API)
// publishes a course for 新街口 and a 技能培训 service there, 周三夜校, with a session starting in half an hour. 新街口's
// admin (13800000001) opens it on 服务管理 and sets it up as a class: links a lesson and the live link (a plain http link
// is refused under the field first). 王建国 (13900000002) finds it in 学习 → 课堂 (有直播), opens it, sees its lesson and
// 进入直播 (the link opens in a new tab), and books the session; the admin checks him in on 预约签到 by typing the short
// code under his 预约码; back in 学习 he has +10 points (参加课堂) and the class's lesson is done (+5, 完成课时). The same
// code typed again pays nothing more.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import { apiClient, footerButton, formField, logIn, see, settled, text, TIMEOUT, useE2ESuite, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const { api, login } = apiClient(suite);
const XJK = '西城区新街口街道总工会';
const CLASS = '周三夜校·工会经费管理';
const LESSON = '工会经费怎么用';
const LIVE = 'https://live.example.org/union/yexiao-0312';
const SHORT_CODE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

const modalButton = (page, label) => visible(page.locator('.taro-modal__foot .taro-model__btn', { hasText: label }));
const modalTitle = (page, title) => visible(page.locator('.taro-modal__title', { hasText: title }));
const isCheckIn = (r) => r.url().endsWith('/api/v1/staff/bookings/check-in');

/** Types a code into the scan panel of the page in front and taps its submit button. */
async function typeCode(page, code, submit) {
  await visible(page.locator('.scan-panel__input input, input.scan-panel__input')).first().fill(code);
  await visible(page.locator('.scan-panel .action-button', { hasText: new RegExp(`^${submit}$`) }))
    .last()
    .tap();
}

describe('a class booked as a service, attended by a scan, paid in points', () => {
  const contexts = [];
  let serviceId;
  let staff;
  let member;
  const errors = [];

  before(async () => {
    const operator = await login('13800000000');
    const orgId = (await api('/orgs?q=新街口')).items.find((o) => o.name === XJK).id;
    await api('/staff/learning/courses', {
      method: 'POST',
      token: operator,
      body: { orgId, title: '工会干部财务课', lessons: [{ title: LESSON, kind: 'text', body: '工会经费主要用于为职工服务和开展工会活动。' }] },
    });
    const service = await api('/admin/services', {
      method: 'POST',
      token: operator,
      body: {
        kind: 'course',
        orgId,
        title: CLASS,
        description: '每周三晚上一课，周五在学习里参加测试。',
        place: { address: '北京市西城区新街口外大街甲14号 职工之家二层' },
        cancelCutoffMinutes: 60,
      },
    });
    serviceId = service.id;
    const minute = 60_000;
    const start = Math.ceil((Date.now() + 30 * minute) / minute) * minute;
    await api(`/admin/services/${serviceId}/slots`, {
      method: 'POST',
      token: operator,
      body: { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 90 * minute).toISOString(), capacity: 30 },
    });
    for (const role of ['staff', 'member']) {
      const context = await suite.browser.newPhone({ viewport: { width: 360, height: 780 } });
      contexts.push(context);
      // The live link's host is not on this machine's network: answer it here.
      await context.route('https://live.example.org/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>直播</title>直播' }));
      const page = await context.newPage();
      errors.push(watchErrors(page));
      if (role === 'staff') staff = page;
      else member = page;
    }
  });
  after(async () => {
    for (const context of contexts) await context.close();
  });

  test('the admin links a lesson and the live link on the service’s page (http refused first)', async () => {
    await staff.goto(`${suite.server.baseUrl}/#/pages/staff/service-edit/index?id=${serviceId}`);
    await logIn(staff, '13800000001');
    await waitForRoute(staff, '/pages/staff/service-edit/index');
    await settled(staff);
    await see(text(staff, '课堂设置'));
    await visible(staff.locator('.form-field__row', { hasText: '不关联课时' })).tap();
    await visible(staff.locator('.class-lesson', { hasText: LESSON })).tap();
    await see(visible(staff.locator('.form-field__value', { hasText: `工会干部财务课 · ${LESSON}` })));

    const live = formField(staff, '直播链接（选填）').locator('input');
    await live.fill('http://live.example.org/union/yexiao-0312');
    await visible(staff.locator('.action-button', { hasText: '保存课堂设置' })).tap();
    await see(visible(formField(staff, '直播链接（选填）').locator('.form-field__error', { hasText: '请填写 https 开头的直播链接' })));

    await live.fill(LIVE);
    const [saved] = await Promise.all([
      staff.waitForResponse((r) => r.url().endsWith(`/api/v1/staff/learning/classes/${serviceId}`) && r.request().method() === 'PUT', { timeout: TIMEOUT }),
      visible(staff.locator('.action-button', { hasText: '保存课堂设置' })).tap(),
    ]);
    assert.equal(saved.status(), 200, await saved.text());
    const body = await saved.json();
    assert.equal(body.liveUrl, LIVE);
    assert.equal(body.lesson?.title, LESSON);
    await suite.shots.take(staff, 'class-settings-360');
  });

  test('a member finds it in 学习, opens its live link, books it; a typed short code checks him in for +10 points and the lesson done', async () => {
    await member.goto(`${suite.server.baseUrl}/#/pages/learning/index`);
    await logIn(member, '13900000002');
    await waitForRoute(member, '/pages/learning/index');
    const card = visible(member.locator('.learning-test', { hasText: CLASS }));
    await see(card.locator('.tag', { hasText: '有直播' }));
    await see(card.locator('.learning-test__meta', { hasText: '到场签到得10积分' }));
    await see(card.locator('.learning-test__meta', { hasText: `本课：${LESSON}` }));
    // 王建国 starts with the demo's 25 points (a passed test, three lessons).
    await see(visible(member.locator('.points__balance', { hasText: /^25$/ })));
    await suite.shots.take(member, 'learning-classes-360');

    await card.tap();
    await waitForRoute(member, '/pages/bookings/detail/index');
    await settled(member);
    await see(visible(member.locator('.class-info__lesson-title', { hasText: LESSON })));
    await see(visible(member.locator('.class-info__line', { hasText: '可得 10 学习积分' })));
    const [tab] = await Promise.all([
      member.context().waitForEvent('page', { timeout: TIMEOUT }),
      visible(member.locator('.class-info .action-button', { hasText: '进入直播' })).tap(),
    ]);
    await tab.waitForLoadState();
    assert.equal(tab.url(), LIVE);
    await tab.close();
    await suite.shots.take(member, 'class-detail-360');

    await visible(member.locator('.slot')).first().tap();
    await footerButton(member, '预约').tap();
    await see(modalTitle(member, '预约后不能取消'));
    const [booked] = await Promise.all([
      member.waitForResponse((r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST', { timeout: TIMEOUT }),
      modalButton(member, '仍要预约').tap(),
    ]);
    assert.equal(booked.status(), 201, await booked.text());
    await see(modalTitle(member, '预约成功'));
    await modalButton(member, '查看预约').tap();
    await waitForRoute(member, '/pages/bookings/mine/index');
    const booking = visible(member.locator('.booking', { hasText: CLASS }));
    await booking.locator('.action-button', { hasText: '出示预约码' }).tap();
    const shortCode = (await visible(booking.locator('.short-code__value')).innerText()).trim();
    assert.match(shortCode, SHORT_CODE);

    await settled(staff);
    await staff.goto(`${suite.server.baseUrl}/#/pages/staff/check-in/index`);
    await waitForRoute(staff, '/pages/staff/check-in/index');
    await settled(staff);
    const [checkedIn] = await Promise.all([staff.waitForResponse(isCheckIn, { timeout: TIMEOUT }), typeCode(staff, shortCode, '签到')]);
    assert.equal(checkedIn.status(), 200, await checkedIn.text());
    await see(text(staff, '✓ 签到成功'));
    await see(text(staff, CLASS));
    await suite.shots.take(staff, 'class-check-in-360');

    await member.goto('about:blank');
    await member.goto(`${suite.server.baseUrl}/#/pages/learning/index`);
    await waitForRoute(member, '/pages/learning/index');
    await see(visible(member.locator('.points__balance', { hasText: /^40$/ })));
    const entry = visible(member.locator('.points-entry', { hasText: `${CLASS}：${LESSON}` }));
    await see(entry.locator('.points-entry__delta', { hasText: '+10' }));
    await see(entry.locator('.points-entry__meta', { hasText: '参加课堂' }));
    // Attending taught him the class's lesson: done, as reading it would have made it.
    const lesson = visible(member.locator('.points-entry', { hasText: LESSON }).filter({ hasText: '完成课时' }));
    await see(lesson.locator('.points-entry__delta', { hasText: '+5' }));
    await suite.shots.take(member, 'class-points-360');

    // The same code typed again answers the same check-in and pays nothing more.
    const [again] = await Promise.all([staff.waitForResponse(isCheckIn, { timeout: TIMEOUT }), typeCode(staff, shortCode, '签到')]);
    assert.equal(again.status(), 200, await again.text());
    await member.goto('about:blank');
    await member.goto(`${suite.server.baseUrl}/#/pages/learning/index`);
    await waitForRoute(member, '/pages/learning/index');
    await see(visible(member.locator('.points__balance', { hasText: /^40$/ })));
    assert.equal(await visible(member.locator('.points-entry', { hasText: CLASS })).count(), 1);
    assert.deepEqual(errors.flat(), []);
  });
});
