// 知识竞赛 (issue 21), at 360×780, on the demo contests the city union (北京市总工会) runs. 王建国 (13900000002) opens
// 学习: 劳动法知识竞赛 says 今天还可答3次; he opens it, reads the rules, 开始答题, marks the right options (found by the
// question's text) at a reader's pace (the fast-answer rule would flag him otherwise), 交卷 shows 100分 and his own best,
// nobody else's score, and the answers wait for the close. The closed 骑手交通安全知识竞赛 shows its ranking. Then the
// city operator (13800000000) opens the contest from 课程和测试: the units by participation rate, 西城区总工会 with
// 王建国 counted, one level down, the CSV export; 周*刚's attempt in seconds waits on 待审核 and, approved, tops the
// ranking by person.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertNoHorizontalScroll, footerButton, logIn, see, settled, text, TIMEOUT, useE2ESuite, usePhones, visible, waitForRoute } from './helpers.mjs';

const suite = useE2ESuite();
const phone = usePhones(suite, { viewport: { width: 360, height: 780 } });

const CONTEST = '劳动法知识竞赛';
const CLOSED = '骑手交通安全知识竞赛';
/** The right options of the demo bank 劳动法律知识题库 (server/src/seed/learning-seed.ts), by the question's text. */
const RIGHT = new Map([
  ['不与劳动者订立书面劳动合同', ['一个月']],
  ['三个月以上不满一年的，试用期', ['一个月']],
  ['只能约定一次试用期', ['正确']],
  ['应当认定为工伤', ['在工作时间和工作场所内', '上下班途中受到非本人主要责任', '工作时间前后在工作场所内从事']],
  ['提出工伤认定申请', ['30日']],
  ['扣押劳动者的身份证', ['错误']],
  ['劳动争议申请仲裁的时效', ['一年']],
  ['被拖欠工资时', ['向劳动保障监察机构投诉', '申请劳动争议仲裁', '向工会求助']],
  ['加入工会是法律赋予的权利', ['正确']],
  ['法定节假日安排劳动者工作', ['300%']],
]);
/** The fast-answer rule (FAST_ANSWER_* in shared/src/learning-contests.ts): 1 s a question and 40 ms a character. */
const readingMs = (questions) => questions.reduce((ms, q) => ms + 1000 + 40 * [q.stem, ...q.options].join('').length, 0);
const contestCard = (page, title) => visible(page.locator('.learning-contest', { hasText: title }));

describe('知识竞赛: a member takes a contest and sees only their own total; a staffer reads the ranking by unit', () => {
  test('a member takes the contest at a reader’s pace and sees their total, nobody else’s', async () => {
    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/learning/index`);
    await logIn(page, '13900000002');
    await waitForRoute(page, '/pages/learning/index');
    await see(contestCard(page, CONTEST).locator('.tag', { hasText: '今天还可答3次' }));
    await see(contestCard(page, CLOSED).locator('.tag', { hasText: '已结束' }));
    await suite.shots.take(page, 'contest-list');

    await contestCard(page, CONTEST).tap();
    await waitForRoute(page, '/pages/learning/contest');
    await see(text(page, '每天可答 3 次，取最好成绩；同分用时短者在前'));
    await see(text(page, '竞赛期间只显示自己的成绩，结束后公布排名和答案'));
    await see(visible(page.locator('.learning-contest__total', { hasText: '暂无' })));
    await suite.shots.take(page, 'contest-intro');
    const [started] = await Promise.all([
      page.waitForResponse((r) => /\/learning\/contests\/[^/]+\/attempts$/.test(r.url()), { timeout: TIMEOUT }),
      footerButton(page, '开始答题').tap(),
    ]);
    assert.equal(started.status(), 201);
    const attempt = await started.json();
    const startedAt = Date.now();
    assert.equal(attempt.questions.length, 5);
    for (const q of attempt.questions) {
      const key = [...RIGHT.keys()].find((k) => q.stem.includes(k));
      assert.ok(key, q.stem);
      const card = visible(page.locator('.question', { hasText: key }));
      for (const option of RIGHT.get(key)) await card.locator('.question__option', { hasText: option }).tap();
    }
    await see(text(page, '已答 5/5'));
    // A person reads before answering: hand in no sooner than the rule allows.
    await page.waitForTimeout(Math.max(0, readingMs(attempt.questions) + 1500 - (Date.now() - startedAt)));
    const [graded] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/submit'), { timeout: TIMEOUT }), footerButton(page, '交卷').tap()]);
    assert.equal(graded.status(), 200);
    await see(visible(page.locator('.learning-result__score', { hasText: '100分' })));
    await see(visible(page.locator('.learning-contest__best-line', { hasText: '我的最好成绩 100分' })));
    await see(text(page, /竞赛结束后公布排名和答案/));
    // Nobody else's score or name: the contestants who took part already are nowhere on the page.
    const shown = await visible(page.locator('.taro_page')).last().innerText();
    for (const other of ['张*华', '陈*强', '周*刚']) assert.ok(!shown.includes(other), `the page shows ${other}`);
    assert.equal(await visible(page.locator('.rank-row')).count(), 0);
    await suite.shots.take(page, 'contest-result');

    await footerButton(page, '返回').tap();
    await see(visible(page.locator('.learning-contest__total', { hasText: '100分' })));
    await see(text(page, '今天已答 1 次，还可答 2 次'));

    // A contest that has closed: its ranking is open to members.
    await page.goto(`${suite.server.baseUrl}/#/pages/learning/index`);
    await waitForRoute(page, '/pages/learning/index');
    await see(contestCard(page, CONTEST).locator('.learning-contest__best', { hasText: '我的最好成绩 100分' }));
    await contestCard(page, CLOSED).tap();
    await waitForRoute(page, '/pages/learning/contest');
    await see(text(page, '个人排名（共 6 人）'));
    await see(text(page, '没有计入排名的成绩'));
    await see(visible(page.locator('.rank-row', { hasText: '刘*燕' })).first());
    await see(text(page, '单位参与率'));
    await suite.shots.take(page, 'contest-closed-ranking');
    assert.deepEqual(errors, []);
  });

  test('大字模式: the closed contest’s ranking fits a 360-px screen, and a member who did not take part is told so', async () => {
    const { page, errors } = await phone();
    await page.addInitScript(() => localStorage.setItem('union.careMode', JSON.stringify({ data: true })));
    await page.goto(`${suite.server.baseUrl}/#/pages/learning/index`);
    await logIn(page, '13900000003');
    await waitForRoute(page, '/pages/learning/index');
    await contestCard(page, CLOSED).tap();
    await waitForRoute(page, '/pages/learning/contest');
    await see(visible(page.locator('.screen--care')));
    await see(visible(page.locator('.learning-contest__total', { hasText: '未参加' })));
    await see(visible(page.locator('.rank-row', { hasText: '北京市网约配送员工会联合会' })).first());
    await assertNoHorizontalScroll(page);
    await suite.shots.take(page, 'contest-closed-care');
    assert.deepEqual(errors, []);
  });

  test('a staffer reads the ranking by unit with participation, drills down, exports it and approves a flagged attempt', async () => {
    const { page, errors } = await phone();
    await page.goto(`${suite.server.baseUrl}/#/pages/staff/learning/index`);
    await logIn(page, '13800000000');
    await waitForRoute(page, '/pages/staff/learning/index');
    await settled(page);
    await visible(page.locator('.staff-learning__contest', { hasText: CONTEST })).tap();
    await waitForRoute(page, '/pages/staff/contest/index');
    await settled(page);
    // 9 took part: the 8 demo contestants (周志刚 too: flagged, he still took part) and 王建国.
    await see(visible(page.locator('.staff-contest__figures', { hasText: '参与 9 人' })));
    const xicheng = visible(page.locator('.rank-row', { hasText: '西城区总工会' }));
    await see(xicheng.locator('.rank-row__org', { hasText: /参与 3\/\d+ 人/ }));
    await suite.shots.take(page, 'contest-units');

    const [exported] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/export?by=unit'), { timeout: TIMEOUT }),
      visible(page.locator('.action-button', { hasText: '导出单位排名' })).tap(),
    ]);
    assert.equal(exported.status(), 200);
    assert.match(exported.headers()['content-type'], /text\/csv/);
    assert.match(exported.headers()['content-disposition'], /attachment; filename="contest-unit-/);

    // One level down: the unions of 西城.
    await xicheng.tap();
    await see(text(page, '西城区总工会下各单位（按参与率）'));
    await see(visible(page.locator('.rank-row', { hasText: '西城区新街口街道总工会' })));
    await visible(page.locator('.action-button', { hasText: '返回上一级' })).tap();
    await see(text(page, '北京市总工会下各单位（按参与率）'));

    // 周志刚 answered five questions in three seconds: out of the ranking until approved.
    await visible(page.locator('.chip', { hasText: '待审核 1' })).tap();
    const flagged = visible(page.locator('.staff-contest__flag', { hasText: '周*刚' }));
    await see(flagged.locator('.tag', { hasText: '待审核' }));
    await suite.shots.take(page, 'contest-flagged');
    const [reviewed] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/review'), { timeout: TIMEOUT }),
      flagged.locator('.action-button', { hasText: '认可成绩' }).tap(),
    ]);
    assert.equal(reviewed.status(), 200);
    await see(flagged.locator('.tag', { hasText: '已认可' }));
    await visible(page.locator('.chip', { hasText: '个人排名' })).tap();
    await see(visible(page.locator('.rank-row').first().locator('.rank-row__who', { hasText: '周*刚' })));
    await see(footerButton(page, '竞赛结束后发放奖励'));
    await suite.shots.take(page, 'contest-people');
    assert.deepEqual(errors, []);
  });
});
