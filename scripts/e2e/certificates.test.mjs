// Certificates (issue 21, part 6), at 360×780. 新街口's admin sets a three-question test (through the API, from a
// bank pasted as Excel cells). 李秀兰 (13900000003) takes it on 学习: 交卷 shows 恭喜通过 and 已获得合格证书; 查看证书
// opens 我的证书, and the certificate shows her name, the test, 新街口's union, the date and an 8-character code with a
// QR. A visitor who is not signed in opens the link in that QR (decoded off the screen) and reads 证书有效 with the
// name masked (李*兰), the test and the union; a code typed wrong is answered 未查到该证书 in words.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import jsQRModule from 'jsqr';
import { apiClient, footerButton, logIn, see, settled, text, TIMEOUT, useE2ESuite, usePhones, visible, waitForRoute } from './helpers.mjs';

const jsQR = typeof jsQRModule === 'function' ? jsQRModule : jsQRModule.default;
const suite = useE2ESuite();
const { api, login } = apiClient(suite);
const phone = usePhones(suite, { viewport: { width: 360, height: 780 } });

const TEST_TITLE = '职工急救·结业测试';
const BANK = [
  ['题型', '题目', '选项A', '选项B', '选项C', '选项D', '答案', '解析'],
  ['单选', '成人胸外按压的频率是每分钟多少次？', '60-80次', '80-100次', '100-120次', '120-150次', 'C', '心肺复苏共识'],
  ['判断', '中暑的人应尽快转移到阴凉通风处。', '', '', '', '', '对', '降温补水'],
  ['多选', '发现有人心脏骤停，应当怎么做？', '拨打120', '取来AED', '立即胸外按压', '喂水', 'ABC', '呼救、取AED、按压'],
]
  .map((row) => row.join('\t'))
  .join('\n');
const RIGHT = new Map([
  ['胸外按压的频率', ['100-120次']],
  ['中暑的人', ['正确']],
  ['心脏骤停', ['拨打120', '取来AED', '立即胸外按压']],
]);

/** Decodes the QR on the certificate as it is on screen: the image drawn to a canvas, its pixels to jsQR. */
async function readQr(page) {
  const image = visible(page.locator('.certificate__qr img, img.certificate__qr')).first();
  await image.waitFor({ state: 'visible', timeout: TIMEOUT });
  const pixels = await image.evaluate(async (img) => {
    if (!img.complete) await new Promise((r) => img.addEventListener('load', r, { once: true }));
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return { width: data.width, height: data.height, data: Array.from(data.data) };
  });
  const found = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
  assert.ok(found, 'the certificate QR on screen decodes');
  return found.data;
}

describe('证书: passing a test gives a certificate anyone can check', () => {
  let code = '';
  let verifyUrl = '';

  test('a member passes a test and opens the certificate', async () => {
    const staff = await login('13800000001');
    const me = await api('/me', { token: staff });
    const orgId = me.grants.find((g) => g.role === 'admin').orgId;
    const bank = await api('/staff/learning/banks', { method: 'POST', token: staff, body: { orgId, title: '急救结业题库', csv: BANK } });
    await api('/staff/learning/tests', {
      method: 'POST',
      token: staff,
      body: {
        orgId,
        bankId: bank.bank.id,
        title: TEST_TITLE,
        questionCount: 3,
        timeLimitMinutes: 10,
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
    });

    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/learning/index`);
    await logIn(page, '13900000003');
    await waitForRoute(page, '/pages/learning/index');
    await settled(page);
    await visible(page.locator('.learning-test', { hasText: TEST_TITLE })).tap();
    await waitForRoute(page, '/pages/learning/test');
    const [started] = await Promise.all([
      page.waitForResponse((r) => /\/learning\/tests\/[^/]+\/attempts$/.test(r.url()), { timeout: TIMEOUT }),
      footerButton(page, '开始答题').tap(),
    ]);
    for (const q of (await started.json()).questions) {
      const key = [...RIGHT.keys()].find((k) => q.stem.includes(k));
      assert.ok(key, q.stem);
      const card = visible(page.locator('.question', { hasText: key }));
      for (const option of RIGHT.get(key)) await card.locator('.question__option', { hasText: option }).tap();
    }
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/submit'), { timeout: TIMEOUT }), footerButton(page, '交卷').tap()]);
    await see(text(page, '恭喜通过'));
    await see(text(page, '已获得合格证书，可在“我的证书”查看'));
    await footerButton(page, '查看证书').tap();

    await waitForRoute(page, '/pages/learning/certificates');
    const listed = visible(page.locator('.certificate-item', { hasText: TEST_TITLE }));
    await see(listed);
    await see(listed.locator('.certificate-item__meta', { hasText: '合格证书 · 通过测试' }));
    await suite.shots.take(page, 'certificates');
    await settled(page);
    await listed.tap();

    await waitForRoute(page, '/pages/learning/certificate');
    const sheet = visible(page.locator('.certificate'));
    await see(sheet.locator('.certificate__kind', { hasText: '合格证书' }));
    await see(sheet.locator('.certificate__holder', { hasText: /^李秀兰$/ }));
    await see(sheet.locator('.certificate__text', { hasText: `通过「${TEST_TITLE}」，成绩 100 分。特发此证。` }));
    await see(sheet.locator('.certificate__fact', { hasText: '颁发单位' }).filter({ hasText: '西城区新街口街道总工会' }));
    code = (await sheet.locator('.certificate__code').innerText()).trim();
    assert.match(code, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    verifyUrl = await readQr(page);
    assert.equal(verifyUrl, `${suite.server.baseUrl}/#/pages/learning/verify?code=${code.replace('-', '')}`);
    await suite.shots.take(page, 'certificate');
    assert.deepEqual(errors, []);
  });

  test('a visitor who is not signed in checks the code from the QR, and a wrong code is told so', async () => {
    assert.ok(verifyUrl, 'the certificate above');
    const { page, errors } = await phone();
    let withToken = 0;
    page.on('request', (r) => r.url().includes('/api/v1/') && r.headers().authorization && withToken++);
    const [checked] = await Promise.all([page.waitForResponse((r) => r.url().includes('/api/v1/certificates/'), { timeout: TIMEOUT }), page.goto(verifyUrl)]);
    assert.equal(checked.status(), 200);
    await waitForRoute(page, '/pages/learning/verify');
    await see(text(page, '✓ 证书有效'));
    const facts = visible(page.locator('.certificate__facts'));
    await see(facts.locator('.certificate__fact', { hasText: '持证人' }).filter({ hasText: '李*兰' }));
    await see(facts.locator('.certificate__fact', { hasText: '颁发单位' }).filter({ hasText: '西城区新街口街道总工会' }));
    await see(facts.locator('.certificate__fact', { hasText: '证书' }).filter({ hasText: '合格证书（通过测试）' }));
    await see(visible(page.locator('.certificate__text', { hasText: `李*兰 于` })).filter({ hasText: TEST_TITLE }));
    assert.equal(await visible(page.getByText('李秀兰')).count(), 0, 'the full name is not shown');
    assert.equal(page.url().includes('/pages/login/'), false, 'no sign-in asked');
    await suite.shots.take(page, 'certificate-verify');

    const wrong = `${code.slice(0, 8)}${code.at(-1) === '2' ? '3' : '2'}`;
    await visible(page.locator('.verify__input input, input.verify__input')).first().fill(wrong);
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/certificates/'), { timeout: TIMEOUT }),
      visible(page.locator('.verify__action .action-button', { hasText: '查验' })).tap(),
    ]);
    assert.equal(refused.status(), 404);
    await see(text(page, '未查到该证书'));
    await see(text(page, '没有找到这张证书，请核对证书上的验证码'));
    await suite.shots.take(page, 'certificate-verify-unknown');
    assert.equal(withToken, 0, 'the visitor sends no token');
    assert.deepEqual(errors, []);
  });
});
