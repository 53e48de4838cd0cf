// Issue 19, what the screens say, at 360×780. The member (王建国, 13900000002) taps 会员码 on 首页 and lands on the
// 会员卡 tab with the code in view, even after scrolling that tab down earlier (it said 即将上线). A reviewer
// (13800000006) opens 查看完整 on an application: the reason box says the reason goes into the audit log (it said
// the applicant would see it). A scanner (13800000005) types the code of a booking whose slot starts in 5 hours: the
// page names the member, masked, and the slot on Beijing time (it said 不在签到时间内（开始前 1 小时至结束）).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { apiClient, logIn, see, settled, tab, text, TIMEOUT, useE2ESuite, validId, visible, waitForRoute, usePhones } from './helpers.mjs';

const suite = useE2ESuite();
const { api } = apiClient(suite);
const NARROW = { viewport: { width: 360, height: 780 } };

/** Beijing wall-clock `M月D日 HH:mm`, or `HH:mm` without the date. */
function beijing(iso, withDate) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${withDate ? `${Number(parts.month)}月${Number(parts.day)}日 ` : ''}${parts.hour}:${parts.minute}`;
}

describe('issue 19: what the screens say', () => {
  const phone = usePhones(suite, NARROW);

  test('会员码 on 首页 opens the member code on the 会员卡 tab, in view', async () => {
    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/card/index`);
    await logIn(page, '13900000002');
    await waitForRoute(page, '/pages/card/index');
    await see(visible(page.locator('.member-code__image')));
    // Leave the card tab scrolled to its bottom, as after reading 入会日期.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.mouse.wheel(0, 3000);

    await tab(page, '首页').tap();
    await waitForRoute(page, '/pages/index/index');
    const tile = visible(page.locator('.tile', { hasText: '会员码' }));
    await see(tile);
    assert.equal(await visible(page.getByText('即将上线')).count(), 0, '首页 lists nothing as 即将上线');
    await tile.tap();

    await waitForRoute(page, '/pages/card/index');
    await see(visible(page.locator('.member-code__image')));
    assert.equal(await visible(page.getByText(/即将上线/)).count(), 0, 'no 即将上线 toast');
    await page.waitForFunction(
      () => {
        const img = [...document.querySelectorAll('.member-code__image')].find((el) => el.getClientRects().length && el.offsetParent !== null);
        if (!img) return false;
        const box = img.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      },
      null,
      { timeout: TIMEOUT },
    );
    await see(text(page, /^\d+ 秒后自动刷新$/));
    await suite.shots.take(page, 'home-member-code-360');
    assert.deepEqual(errors, []);
  });

  test('the reveal-ID sheet says the reason is recorded in the audit log, not shown to the applicant', async () => {
    const consentVersion = readFileSync(new URL('../../shared/src/applications.ts', import.meta.url), 'utf8').match(/PRIVACY_NOTICE_VERSION = '([^']+)'/)[1];
    const { items } = await api(`/orgs?q=${encodeURIComponent('新街口')}`);
    const orgId = items.find((o) => o.name.includes('新街口')).id;
    const applicantPhone = '13912190013';
    const { devCode } = await api('/auth/sms', { method: 'POST', body: { phone: applicantPhone } });
    const { accessToken } = await api('/auth/login', { method: 'POST', body: { phone: applicantPhone, code: devCode } });
    await api('/applications', {
      method: 'POST',
      token: accessToken,
      body: {
        name: '周十三',
        idNumber: validId('11010219900101013'),
        employer: '顺丰速运',
        category: 'courier',
        workDistrict: '110102',
        consentVersion,
        orgId,
      },
    });

    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await logIn(page, '13800000006');
    await waitForRoute(page, '/pages/staff/index');
    const item = visible(page.locator('.staff-item', { has: page.locator('.staff-item__name', { hasText: '周十三' }) }));
    await see(item);
    await item.locator('.staff-item__link', { hasText: '查看完整' }).tap();
    const sheet = visible(page.locator('.sheet'));
    await see(sheet.locator('.sheet__title', { hasText: '查看完整' }));
    const placeholder = await sheet.locator('textarea').first().getAttribute('placeholder');
    assert.equal(placeholder, '请填写查看原因，原因会记入审计日志');
    assert.equal((await sheet.innerText()).includes('申请人会看到'), false, 'the reveal sheet does not promise the applicant sees the reason');
    await suite.shots.take(page, 'reveal-reason-360');
    assert.deepEqual(errors, []);
  });

  test('a booking scanned too early: the check-in page names the member (masked) and the slot on Beijing time', async () => {
    const adminLogin = await api('/auth/sms', { method: 'POST', body: { phone: '13800000001' } });
    const admin = (await api('/auth/login', { method: 'POST', body: { phone: '13800000001', code: adminLogin.devCode } })).accessToken;
    const orgId = (await api('/me', { token: admin })).grants[0].orgId;
    const service = await api('/admin/services', {
      method: 'POST',
      token: admin,
      body: { kind: 'legal_aid', orgId, title: '签到时间测试咨询', description: '律师一对一解答', place: { address: '北京市西城区新街口外大街甲14号' } },
    });
    const hour = 3600_000;
    const start = new Date(Math.ceil((Date.now() + 5 * hour) / hour) * hour);
    const slots = await api(`/admin/services/${service.id}/slots`, {
      method: 'POST',
      token: admin,
      body: { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + hour).toISOString(), capacity: 1 },
    });
    const memberLogin = await api('/auth/sms', { method: 'POST', body: { phone: '13900000003' } });
    const member = (await api('/auth/login', { method: 'POST', body: { phone: '13900000003', code: memberLogin.devCode } })).accessToken;
    const booking = await api('/bookings', { method: 'POST', token: member, body: { slotId: slots.items[0].id } });

    const { page } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await logIn(page, '13800000005');
    await waitForRoute(page, '/pages/staff/index');
    // The login page hands back to the staff page (a redirect): let it finish before going on, or it replaces the next page.
    await settled(page);
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/check-in/index`);
    await waitForRoute(page, '/pages/staff/check-in/index');
    await settled(page);
    await visible(page.locator('.check-in .scan-panel__input input, .check-in input.scan-panel__input')).first().fill(booking.qrToken);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/staff/bookings/check-in'), { timeout: TIMEOUT }),
      visible(page.locator('.check-in .scan-panel .action-button', { hasText: /^签到$/ }))
        .first()
        .tap(),
    ]);
    assert.equal(res.status(), 409);
    const day = (iso) => beijing(iso, true).split(' ')[0];
    // A slot from 23:00 ends on the next day: the end then carries its date too.
    const span = `${beijing(booking.slot.startsAt, true)}-${beijing(booking.slot.endsAt, day(booking.slot.startsAt) !== day(booking.slot.endsAt))}`;
    await see(visible(page.locator('.scan-result', { hasText: `李*兰 预约的是 ${span}，开始前 1 小时起可签到` })));
    await suite.shots.take(page, 'check-in-too-early-360');
  });
});
