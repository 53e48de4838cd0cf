// Scanning on H5 (issue 19, items 1 and 4), at 360×780. Every QR a person may have to read out prints a short code
// under it (K7QM-3XPA): a staffer redeems a member's voucher by typing the code shown on the member's wallet, and checks a
// booking in by the code under 出示预约码; the staffer's place code prints one too. Every scan page offers the camera, and
// the camera path decodes a real QR: chromium's fake camera plays a video of a place code and 扫一扫 opens its claim page.
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import qrcode from 'qrcode-generator';
import { PHONE, watchErrors } from './browser.mjs';
import { apiClient, assertNoHorizontalScroll, see, SESSION_KEY, settled, text, TIMEOUT, useE2ESuite, usePhones, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const { api } = apiClient(suite);
const SMALL = { viewport: { width: 360, height: 780 } };
const SHORT_CODE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;
const SCAN_PAGES = [
  { route: '/pages/staff/scan/index', button: '扫会员码' },
  { route: '/pages/staff/check-in/index', button: '扫码签到' },
  { route: '/pages/staff/redeem/index', button: '扫券码核销' },
  { route: '/pages/scan/index', button: '打开摄像头扫码' },
];

/** One API login per phone for the whole file (the SMS resend limit is 60 s), shared by the API calls and the pages. */
const sessions = new Map();
function session(phone) {
  if (!sessions.has(phone)) {
    sessions.set(
      phone,
      (async () => {
        const { devCode } = await api('/auth/sms', { method: 'POST', body: { phone } });
        return api('/auth/login', { method: 'POST', body: { phone, code: devCode } });
      })(),
    );
  }
  return sessions.get(phone);
}
const tokenOf = async (phone) => (await session(phone)).accessToken;

/** A page signed in as `phone`: the session the app would have saved after logging in, put in its storage first. */
async function signIn(page, phone) {
  const s = await session(phone);
  const stored = { accessToken: s.accessToken, refreshToken: s.refreshToken, accessExpiresAt: Date.now() + s.expiresIn * 1000, account: s.account };
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [SESSION_KEY, JSON.stringify({ data: stored })]);
}

/** Types a code into the scan panel of the page in front and taps its submit button. */
async function typeCode(page, code, submit) {
  await visible(page.locator('.scan-panel__input input, input.scan-panel__input')).first().fill(code);
  await visible(page.locator('.scan-panel .action-button', { hasText: new RegExp(`^${submit}$`) }))
    .last()
    .tap();
}

/** A YUV4MPEG2 video (what chromium's fake camera plays) of a QR of `text`, black on white, 640×480. */
async function qrVideo(value) {
  const qr = qrcode(0, 'M');
  qr.addData(value, 'Byte');
  qr.make();
  const [w, h] = [640, 480];
  const n = qr.getModuleCount();
  const cell = Math.floor(420 / (n + 8));
  const x0 = Math.floor((w - n * cell) / 2);
  const y0 = Math.floor((h - n * cell) / 2);
  const y = Buffer.alloc(w * h, 235);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.isDark(r, c)) continue;
      for (let dy = 0; dy < cell; dy++) y.fill(16, (y0 + r * cell + dy) * w + x0 + c * cell, (y0 + r * cell + dy) * w + x0 + (c + 1) * cell);
    }
  }
  const chroma = Buffer.alloc((w / 2) * (h / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  const file = join(tmpdir(), `union-qr-${process.pid}.y4m`);
  await writeFile(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`), frame, frame, frame]));
  return file;
}

describe('short codes under QRs, typed by staff', () => {
  const phone = usePhones(suite, SMALL);
  let admin;
  let orgId;
  let station;

  before(async () => {
    admin = await tokenOf('13800000001');
    orgId = (await api('/me', { token: admin })).grants[0].orgId;
    [station] = (await api('/admin/places?kind=station&limit=1', { token: admin })).items;
  });

  test('a staffer redeems a voucher by typing the short code shown on the member’s wallet', async () => {
    const now = Date.now();
    const campaign = await api('/admin/benefits', {
      method: 'POST',
      token: admin,
      body: {
        orgId,
        eligibleOrgId: orgId,
        title: '驿站午餐券 15元',
        kind: 'voucher',
        quota: 5,
        period: 'once',
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 86_400_000).toISOString(),
        places: [{ kind: 'station', id: station.id }],
        requiresRotatingCode: false,
      },
    });
    const { code: poster } = await api(`/admin/places/station/${station.id}/poster`, { method: 'POST', token: admin });
    const member = await tokenOf('13900000002');
    await api(`/benefits/${campaign.id}/claims`, {
      method: 'POST',
      token: member,
      body: { placeToken: poster },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });

    const { page: wallet, errors: walletErrors } = await phone();
    await signIn(wallet, '13900000002');
    await wallet.goto(`${suite.server.baseUrl}/#/pages/benefits/mine`);
    await waitForRoute(wallet, '/pages/benefits/mine');
    const card = visible(wallet.locator('.voucher', { hasText: '驿站午餐券 15元' }));
    await see(card.locator('.qr-code'));
    const shortCode = (await card.locator('.short-code__value').innerText()).trim();
    assert.match(shortCode, SHORT_CODE);
    await assertNoHorizontalScroll(wallet);
    await suite.shots.take(wallet, 'voucher-wallet-short-code-360');

    const { page: staff, errors: staffErrors } = await phone();
    await signIn(staff, '13800000005');
    await staff.goto(`${suite.server.baseUrl}/#/pages/staff/redeem/index`);
    await waitForRoute(staff, '/pages/staff/redeem/index');
    await settled(staff);
    await see(visible(staff.locator('.scan-panel .action-button', { hasText: '扫券码核销' })));
    const [res] = await Promise.all([
      staff.waitForResponse((r) => r.url().endsWith('/api/v1/staff/vouchers/redeem'), { timeout: TIMEOUT }),
      typeCode(staff, shortCode.toLowerCase(), '核销'),
    ]);
    assert.equal(res.status(), 200, await res.text());
    await see(text(staff, '核销成功'));
    await see(text(staff, '驿站午餐券 15元'));
    await see(text(staff, '王*国'));
    await assertNoHorizontalScroll(staff);
    await suite.shots.take(staff, 'staff-redeem-by-short-code-360');

    // A short code is for one purpose: the member's code typed here is refused in words, not redeemed.
    const { shortCode: memberShort } = await api('/members/me/code', { method: 'POST', token: member });
    await typeCode(staff, memberShort, '核销');
    await see(visible(staff.locator('.scan-panel__problem', { hasText: '没有找到这个码' })));
    await suite.shots.take(staff, 'staff-redeem-wrong-purpose-360');
    assert.deepEqual([...walletErrors, ...staffErrors], []);
  });

  test('a staffer checks a booking in by the short code under the member’s 预约码', async () => {
    const service = await api('/admin/services', {
      method: 'POST',
      token: admin,
      body: { kind: 'legal_aid', orgId, title: '短码签到测试咨询', description: '律师一对一解答', place: { address: '北京市西城区新街口外大街甲14号' } },
    });
    const start = new Date(Date.now() + 30 * 60_000);
    const slots = await api(`/admin/services/${service.id}/slots`, {
      method: 'POST',
      token: admin,
      body: { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString(), capacity: 1 },
    });
    const member = await tokenOf('13900000003');
    await api('/bookings', { method: 'POST', token: member, body: { slotId: slots.items[0].id } });

    const { page: mine, errors: mineErrors } = await phone();
    await signIn(mine, '13900000003');
    await mine.goto(`${suite.server.baseUrl}/#/pages/bookings/mine/index`);
    await waitForRoute(mine, '/pages/bookings/mine/index');
    const booking = visible(mine.locator('.booking', { hasText: '短码签到测试咨询' }));
    await booking.locator('.action-button', { hasText: '出示预约码' }).tap();
    await see(booking.locator('.qr-code'));
    const shortCode = (await booking.locator('.short-code__value').innerText()).trim();
    assert.match(shortCode, SHORT_CODE);
    await assertNoHorizontalScroll(mine);
    await suite.shots.take(mine, 'booking-code-short-code-360');

    const { page: staff, errors: staffErrors } = await phone();
    await signIn(staff, '13800000001');
    await staff.goto(`${suite.server.baseUrl}/#/pages/staff/check-in/index`);
    await waitForRoute(staff, '/pages/staff/check-in/index');
    await settled(staff);
    await see(visible(staff.locator('.scan-panel .action-button', { hasText: '扫码签到' })));
    const [res] = await Promise.all([
      staff.waitForResponse((r) => r.url().endsWith('/api/v1/staff/bookings/check-in'), { timeout: TIMEOUT }),
      typeCode(staff, shortCode, '签到'),
    ]);
    assert.equal(res.status(), 200, await res.text());
    await see(text(staff, '✓ 签到成功'));
    await see(text(staff, '短码签到测试咨询'));
    await assertNoHorizontalScroll(staff);
    await suite.shots.take(staff, 'staff-check-in-by-short-code-360');
    assert.deepEqual([...mineErrors, ...staffErrors], []);
  });

  test('the place code on a staffer’s phone prints its short code, which 扫一扫 accepts', async () => {
    const { page: staff, errors: staffErrors } = await phone();
    await signIn(staff, '13800000005');
    await staff.goto(`${suite.server.baseUrl}/#/pages/staff/place-code/index?kind=station&id=${station.id}`);
    await waitForRoute(staff, '/pages/staff/place-code/index');
    await see(staff.locator('.place-code .qr-code'));
    const shortCode = (await visible(staff.locator('.place-code .short-code__value')).innerText()).trim();
    assert.match(shortCode, SHORT_CODE);
    await assertNoHorizontalScroll(staff);
    await suite.shots.take(staff, 'place-code-short-code-360');

    const { page: member, errors: memberErrors } = await phone();
    await signIn(member, '13900000002');
    await member.goto(`${suite.server.baseUrl}/#/pages/scan/index`);
    await waitForRoute(member, '/pages/scan/index');
    await settled(member);
    await typeCode(member, shortCode, '确定');
    await waitForRoute(member, '/pages/benefits/claim');
    assert.match(decodeURIComponent(member.url()), /code=p\./);
    assert.deepEqual([...staffErrors, ...memberErrors], []);
  });

  test('every scan page offers the camera on H5', async () => {
    const { page } = await phone();
    await signIn(page, '13800000002');
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    for (const { route, button } of SCAN_PAGES) {
      await page.goto(`${suite.server.baseUrl}/#${route}`);
      await waitForRoute(page, route);
      await settled(page);
      await see(visible(page.locator('.scan-panel .action-button', { hasText: button })));
      await see(visible(page.locator('.scan-panel__input input, input.scan-panel__input')));
    }
    await suite.shots.take(page, 'member-scan-page-360');
  });
});

describe('the H5 camera decodes a real QR', () => {
  let browser;
  let video;
  after(async () => {
    await browser?.close();
    if (video) await rm(video, { force: true });
  });

  test('扫一扫 with the camera reads a place poster and opens its claim page', async () => {
    const admin = await tokenOf('13800000002');
    const [place] = (await api('/admin/places?kind=station&limit=1', { token: admin })).items;
    const { code } = await api(`/admin/places/station/${place.id}/poster`, { method: 'POST', token: admin });
    video = await qrVideo(code);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    const context = await browser.newContext({ ...PHONE, ...SMALL, permissions: ['camera'] });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${suite.server.baseUrl}/#/pages/scan/index`);
    await waitForRoute(page, '/pages/scan/index');
    await settled(page);
    await visible(page.locator('.scan-panel .action-button', { hasText: '打开摄像头扫码' })).tap();
    await waitForRoute(page, '/pages/benefits/claim');
    assert.equal(new URLSearchParams(page.url().split('?')[1]).get('code'), code);
    assert.deepEqual(errors, []);
  });
});
