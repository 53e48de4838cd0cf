// 学习 (issue 21): a staffer sets a test from a pasted bank, a member takes it and sees the points, at 360×780.
// 新街口's admin (13800000001) opens 课程和测试 from the workbench's tools row, pastes three questions copied out of
// Excel (tab-separated), imports them, publishes a test of 3 questions and a course of one text lesson. 王建国 (13900000002) opens 服务 → 学习: his
// points are the demo's 25 and the test is listed; 开始答题 shows the server's countdown; he marks the right options (found by the
// question's text), 交卷 shows 恭喜通过 and +10 积分, 查看答案解析 shows the explanations, and back on 学习 the balance
// is 35 with the entry in 积分明细.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { footerButton, formField, logIn, see, settled, tab, text, TIMEOUT, useE2ESuite, usePhones, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const phone = usePhones(suite, { viewport: { width: 360, height: 780 } });

const TEST_TITLE = '周五夜校·工伤维权测试';
const COURSE_TITLE = '工伤维权微课';
/** Rows as Excel puts them on the clipboard: cells separated by tabs. */
const BANK = [
  ['题型', '题目', '选项A', '选项B', '选项C', '选项D', '答案', '解析'],
  ['单选', '工伤认定申请的时限，用人单位是多少日？', '15日', '30日', '60日', '1年', 'B', '工伤保险条例第十七条'],
  ['多选', '下列哪些属于工伤？', '工作中因工作受伤', '上下班途中非本人主要责任的交通事故', '下班后醉酒驾车受伤', '', 'AB', '工伤保险条例第十四条'],
  ['判断', '用人单位可以扣押劳动者的身份证。', '', '', '', '', '错', '劳动合同法第九条'],
]
  .map((row) => row.join('\t'))
  .join('\n');
/** The right options of each question, by its text. */
const RIGHT = new Map([
  ['工伤认定申请的时限', ['30日']],
  ['下列哪些属于工伤', ['工作中因工作受伤', '上下班途中非本人主要责任的交通事故']],
  ['扣押劳动者的身份证', ['错误']],
]);

describe('学习: a test from a pasted bank, taken by a member for points', () => {
  test('a staffer imports a bank and publishes a test', async () => {
    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/index`);
    await logIn(page, '13800000001');
    await waitForRoute(page, '/pages/staff/index');
    await visible(page.locator('.staff__tool', { hasText: '课程和测试' })).tap();
    await waitForRoute(page, '/pages/staff/learning/index');
    await settled(page);
    await formField(page, '题库名称').locator('input').fill('工伤维权题库');
    await formField(page, '题目').locator('textarea').fill(BANK);
    const [imported] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/staff/learning/banks') && r.request().method() === 'POST', { timeout: TIMEOUT }),
      visible(page.locator('.action-button', { hasText: '导入题库' })).tap(),
    ]);
    assert.equal(imported.status(), 200);
    assert.equal((await imported.json()).imported, 3);
    await see(text(page, /工伤维权题库（3题）/));
    await formField(page, '测试名称').locator('input').fill(TEST_TITLE);
    await formField(page, '每次抽题数').locator('input').fill('3');
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/staff/learning/tests') && r.request().method() === 'POST', { timeout: TIMEOUT }),
      visible(page.locator('.action-button', { hasText: '发布测试' })).tap(),
    ]);
    assert.equal(created.status(), 201, await created.text());
    await see(visible(page.locator('.staff-learning__test-title', { hasText: TEST_TITLE })));

    // A course of one text lesson for every member of the union.
    await formField(page, '课程名称').locator('input').fill(COURSE_TITLE);
    await formField(page, '第1课时名称').locator('input').fill('工伤认定流程');
    await visible(formField(page, '第1课时正文').locator('textarea')).fill('发生工伤后，用人单位应在30日内提出工伤认定申请。');
    const [course] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/staff/learning/courses') && r.request().method() === 'POST', { timeout: TIMEOUT }),
      visible(page.locator('.action-button', { hasText: '发布课程' })).tap(),
    ]);
    assert.equal(course.status(), 201, await course.text());
    await suite.shots.take(page, 'staff-learning');
    assert.deepEqual(errors, []);
  });

  test('a member takes it against the server clock, passes, reads the review and sees the points', async () => {
    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/me/index`);
    await logIn(page, '13900000002');
    await waitForRoute(page, '/pages/me/index');
    // The way a member finds it: 服务 → 学习.
    await tab(page, '服务').tap();
    await waitForRoute(page, '/pages/services/index');
    await visible(page.locator('.service', { hasText: '学完可积累技能提升积分' }))
      .first()
      .tap();
    await waitForRoute(page, '/pages/learning/index');
    // The demo has him pass 劳动法律知识测试 and read three lessons already (25 points).
    await see(visible(page.locator('.points__balance', { hasText: /^25$/ })));
    await see(visible(page.locator('.points-entry', { hasText: '劳动法律知识测试' })));
    await see(visible(page.locator('.learning-test', { hasText: COURSE_TITLE }).locator('.tag', { hasText: '新课' })));
    await suite.shots.take(page, 'learning-home');

    await visible(page.locator('.learning-test', { hasText: TEST_TITLE })).tap();
    await waitForRoute(page, '/pages/learning/test');
    await see(text(page, '共 3 题，每次随机抽题'));
    const [started] = await Promise.all([
      page.waitForResponse((r) => /\/learning\/tests\/[^/]+\/attempts$/.test(r.url()), { timeout: TIMEOUT }),
      footerButton(page, '开始答题').tap(),
    ]);
    const attempt = await started.json();
    assert.equal(attempt.questions.length, 3);
    await see(visible(page.locator('.learning-timer__left', { hasText: /剩余 (09:5\d|10:00)/ })));

    for (const q of attempt.questions) {
      const key = [...RIGHT.keys()].find((k) => q.stem.includes(k));
      assert.ok(key, q.stem);
      const card = visible(page.locator('.question', { hasText: key }));
      for (const option of RIGHT.get(key)) await card.locator('.question__option', { hasText: option }).tap();
    }
    await see(text(page, '已答 3/3'));
    await suite.shots.take(page, 'learning-attempt');
    const [graded] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/submit'), { timeout: TIMEOUT }), footerButton(page, '交卷').tap()]);
    assert.equal(graded.status(), 200);
    await see(text(page, '恭喜通过'));
    await see(text(page, '+10 积分'));
    await suite.shots.take(page, 'learning-result');
    await footerButton(page, '查看答案解析').tap();
    await see(text(page, '解析：劳动合同法第九条'));
    await suite.shots.take(page, 'learning-review');

    await page.goto(`${suite.server.baseUrl}/#/pages/learning/index`);
    await waitForRoute(page, '/pages/learning/index');
    await see(visible(page.locator('.points__balance', { hasText: /^35$/ })));
    await see(visible(page.locator('.points-entry', { hasText: TEST_TITLE })));
    await see(visible(page.locator('.learning-test', { hasText: TEST_TITLE }).locator('.tag', { hasText: '已通过' })));
    await suite.shots.take(page, 'learning-points');
    assert.deepEqual(errors, []);
  });

  test('a member signed out opens 学习, signs in, comes back to the demo courses and tests, and completes a lesson', async () => {
    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/learning/index`);
    await logIn(page, '13900000003');
    await waitForRoute(page, '/pages/learning/index');
    await see(visible(page.locator('.points__balance', { hasText: /^0$/ })));
    for (const title of ['劳动法律知识测试', '外卖骑手交通安全测试', '职工急救常识测试', '劳动者权益十讲', '职工急救常识'])
      await see(visible(page.locator('.learning-test', { hasText: title })).first());
    await suite.shots.take(page, 'learning-courses');

    // A text lesson: 学完了 counts only after the server has served it for 15 s.
    await visible(page.locator('.learning-test', { hasText: '劳动者权益十讲' })).tap();
    await waitForRoute(page, '/pages/learning/course');
    await see(text(page, /已学 0\/3 课时/));
    await visible(page.locator('.learning-test', { hasText: '入职要签劳动合同' })).tap();
    await waitForRoute(page, '/pages/learning/lesson');
    await see(text(page, /超过一个月不满一年未订立的/));
    const [tooSoon] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/complete'), { timeout: TIMEOUT }), footerButton(page, '学完了').tap()]);
    assert.equal(tooSoon.status(), 409);
    await see(text(page, '请先阅读课时内容后再完成'));
    await page.waitForTimeout(15_500);
    const [done] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/complete'), { timeout: TIMEOUT }), footerButton(page, '学完了').tap()]);
    assert.equal(done.status(), 200);
    await see(visible(page.locator('.learning-lesson__done', { hasText: '已学完' })));
    await suite.shots.take(page, 'learning-lesson');
    await page.goto(`${suite.server.baseUrl}/#/pages/learning/index`);
    await waitForRoute(page, '/pages/learning/index');
    await see(visible(page.locator('.points__balance', { hasText: /^5$/ })));
    await see(visible(page.locator('.learning-test', { hasText: '劳动者权益十讲' })).locator('.learning-test__meta', { hasText: '已学 1/3 课时' }));
    assert.deepEqual(errors, []);
  });
});
