// Issue 10 item 9, the rest, at 360 px: 入会到 names the union that will review as soon as the work
// district is chosen; the fixed submit bar never covers the field being typed (360×640); the pending
// page gives the union's phone and opening hours and promises no minutes outside them.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { watchErrors } from './browser.mjs';
import { footerButton, joinLogIn, see, text, useE2ESuite, validId, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const joinField = (page, label) => visible(page.locator('.form-field', { has: page.locator('.form-field__label', { hasText: new RegExp(`^${label}$`) }) }));
const chip = (scope, label) => scope.locator('.chip', { hasText: new RegExp(`^(✓)?${label}$`) });

/** What the pending page should promise now, from the union's hours (Mon–Fri 8:30–17:30 Beijing). */
function inStreetUnionHours(at = new Date()) {
  const bj = new Date(at.getTime() + 8 * 3_600_000);
  const day = bj.getUTCDay();
  const minutes = bj.getUTCHours() * 60 + bj.getUTCMinutes();
  return day >= 1 && day <= 5 && minutes >= 8 * 60 + 30 && minutes < 17 * 60 + 30;
}

describe('入会到, the submit bar and the pending page', () => {
  let context;
  after(() => context?.close());

  test('the union is named once the district is chosen; the focused field sits above the bar; the pending page gives phone and hours', async () => {
    context = await suite.browser.newPhone({ viewport: { width: 360, height: 640 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${suite.server.baseUrl}/#/pages/join/index`);
    await joinLogIn(page, '13912377001');
    await waitForRoute(page, '/pages/join/index');
    await see(text(page, '不确定，按工作区域分配'));
    await see(text(page, '选好下面的工作区域后，这里会显示审核您申请的工会'));

    // 入会到 follows the district, by the server's own routing.
    await visible(joinField(page, '工作区域').locator('.form-field__row')).tap();
    await chip(visible(page.locator('.sheet')), '朝阳区').tap();
    await see(visible(page.locator('.join__union-name', { hasText: '朝阳区八里庄街道总工会' })));
    await see(text(page, '由该工会审核您的申请（按工作区域分配）'));

    // The employer field placed right behind the fixed bar, then focused without the browser's own scrolling:
    // the page brings it above the bar.
    const employer = joinField(page, '工作单位或平台').locator('input').first();
    const bar = visible(page.locator('.footer-bar')).first();
    await employer.evaluate((el) => {
      const barTop = document.querySelector('.footer-bar').getBoundingClientRect().top;
      let scroller = el.parentElement;
      while (scroller && !(/(auto|scroll)/.test(getComputedStyle(scroller).overflowY) && scroller.scrollHeight > scroller.clientHeight))
        scroller = scroller.parentElement;
      const delta = el.getBoundingClientRect().top - (barTop + 10);
      if (scroller) scroller.scrollTop += delta;
      else window.scrollBy(0, delta);
    });
    const barTop = (await bar.boundingBox()).y;
    const hidden = await employer.boundingBox();
    assert.ok(hidden.y + hidden.height > barTop, `set up: the field is behind the bar (${hidden.y}..${hidden.y + hidden.height}, bar at ${barTop})`);
    await employer.evaluate((el) => el.focus({ preventScroll: true }));
    await page.waitForTimeout(300);
    const shown = await employer.boundingBox();
    assert.ok(
      shown.y + shown.height <= (await bar.boundingBox()).y,
      `the focused field is above the bar (${shown.y + shown.height} <= ${(await bar.boundingBox()).y})`,
    );
    assert.ok(shown.y >= 0, 'and still on screen');
    await employer.fill('闪送');

    await joinField(page, '姓名').locator('input').first().fill('赵晓燕');
    await joinField(page, '身份证号').locator('input').first().fill(validId('11010519910412002'));
    await chip(joinField(page, '职业类别'), '快递员').tap();
    await visible(page.locator('.join__consent .consent__row')).first().tap();
    await footerButton(page, '提交申请').tap();
    await waitForRoute(page, '/pages/application/index');
    await see(text(page, '待审核'));

    await see(text(page, '工会电话 010-85763344'));
    await see(text(page, '工作时间 周一至周五 8:30-17:30'));
    const promise = inStreetUnionHours()
      ? '朝阳区八里庄街道总工会工作人员正在审核，工作时间内一般当天处理'
      : '现在是非工作时间，申请将在朝阳区八里庄街道总工会下个工作日审核';
    await see(text(page, promise));
    assert.equal(await text(page, /几分钟内/).count(), 0, 'no promise of minutes');
    const phone = await visible(page.locator('.waiting__phone')).boundingBox();
    assert.ok(phone.height >= 44, 'the phone is a 44-px tap target');
    await suite.shots.take(page, 'pending-contact-360');
    assert.deepEqual(errors, []);
  });
});
