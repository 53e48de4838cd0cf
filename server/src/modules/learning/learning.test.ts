import { sql } from 'drizzle-orm';
import { buildTestApp, createMember, createMembers, json, login, type TestApp } from '../../../test/helpers';
import { orgIds, rightAnswers, sampleTest, SAMPLE_BANK_CSV } from '../../../test/learning-fixtures';
import { drawAttempt } from './learning.draw';
import { awardPoints, createPoints } from './learning.points';

/**
 * Question banks, tests and points through HTTP, on PGlite and (TEST_DATABASE_URL) on PostgreSQL, where the races
 * are real: 50 submits of one attempt grade it once; 100 spends against a balance for one give exactly one.
 */
const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;
const api = '/api/v1';

describe('learning: banks, tests, attempts and points', () => {
  let t: TestApp;
  let clock: number | null = null;
  let xjkAdmin: { authorization: string };
  let blzAdmin: { authorization: string };
  let orgs: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp({ now: () => (clock === null ? new Date() : new Date(clock)) });
    xjkAdmin = (await login(t.app, '13800000001')).auth;
    blzAdmin = (await login(t.app, '13800000002')).auth;
    orgs = await orgIds(t);
  });
  afterAll(() => t.close());
  afterEach(() => {
    clock = null;
  });

  const start = (member: { auth: { authorization: string } }, testId: string) =>
    t.app.inject({ method: 'POST', url: `${api}/learning/tests/${testId}/attempts`, headers: member.auth });
  const submit = (member: { auth: { authorization: string } }, attemptId: string, answers: number[][]) =>
    t.app.inject({ method: 'POST', url: `${api}/learning/attempts/${attemptId}/submit`, headers: member.auth, payload: { answers } });
  const pointsOf = async (member: { auth: { authorization: string } }) => json(await t.app.inject({ url: `${api}/points/mine`, headers: member.auth }));

  it('imports a bank from CSV or from cells pasted out of Excel, and lists every bad row without storing any', async () => {
    const csv = await t.app.inject({
      method: 'POST',
      url: `${api}/staff/learning/banks`,
      headers: xjkAdmin,
      payload: { orgId: orgs.xjk, title: '夜校题库', csv: SAMPLE_BANK_CSV },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.json()).toMatchObject({ imported: 8, errors: [], bank: { title: '夜校题库', questions: 8, orgName: '西城区新街口街道总工会' } });
    const pasted = SAMPLE_BANK_CSV.replaceAll(',', '\t');
    expect(
      json(
        await t.app.inject({
          method: 'POST',
          url: `${api}/staff/learning/banks`,
          headers: xjkAdmin,
          payload: { orgId: orgs.xjk, title: '粘贴题库', csv: pasted },
        }),
      ),
    ).toMatchObject({ imported: 8, bank: { questions: 8 } });

    const bad = `题型,题目,选项A,选项B,答案\n单选,好题,甲,乙,A\n填空,什么题,甲,乙,A\n单选,两个答案,甲,乙,AB\n多选,只一个,甲,乙,A\n单选,答案越界,甲,乙,C`;
    const before = (await t.database.db.execute(sql`select count(*)::int as n from questions`)) as unknown as { rows: { n: number }[] };
    const res = json(
      await t.app.inject({ method: 'POST', url: `${api}/staff/learning/banks`, headers: xjkAdmin, payload: { orgId: orgs.xjk, title: '坏题库', csv: bad } }),
    );
    expect(res.bank).toBeNull();
    expect(res.errors.map((e: { row: number }) => e.row)).toEqual([3, 4, 5, 6]);
    expect(res.errors[0].message).toMatch(/题型/);
    const after = (await t.database.db.execute(sql`select count(*)::int as n from questions`)) as unknown as { rows: { n: number }[] };
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);

    // Another union's staff cannot import into this union, nor set a test from its bank.
    const foreign = await t.app.inject({
      method: 'POST',
      url: `${api}/staff/learning/banks`,
      headers: blzAdmin,
      payload: { orgId: orgs.xjk, title: '越权', csv: SAMPLE_BANK_CSV },
    });
    expect(foreign.statusCode).toBe(404);
    const foreignTest = await t.app.inject({
      method: 'POST',
      url: `${api}/staff/learning/tests`,
      headers: blzAdmin,
      payload: {
        orgId: orgs.blz,
        bankId: csv.json().bank.id,
        title: '越权测试',
        questionCount: 3,
        timeLimitMinutes: 5,
        opensAt: '2026-01-01T00:00:00Z',
        closesAt: '2030-01-01T00:00:00Z',
      },
    });
    expect(foreignTest.json().error.code).toBe('learning.bank_not_found');
  });

  it('refuses a test that draws more questions than its bank holds', async () => {
    const res = await t.app
      .inject({ method: 'POST', url: `${api}/staff/learning/banks`, headers: xjkAdmin, payload: { orgId: orgs.xjk, title: '小题库', csv: SAMPLE_BANK_CSV } })
      .then((r) =>
        t.app.inject({
          method: 'POST',
          url: `${api}/staff/learning/tests`,
          headers: xjkAdmin,
          payload: {
            orgId: orgs.xjk,
            bankId: r.json().bank.id,
            title: '太多题',
            questionCount: 9,
            timeLimitMinutes: 5,
            opensAt: '2026-01-01T00:00:00Z',
            closesAt: '2030-01-01T00:00:00Z',
          },
        }),
      );
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'learning.bank_too_small', field: 'questionCount' });
  });

  it('draws N questions per attempt from a seed kept with it, shuffles options, and grades once with points for a pass', async () => {
    const { testId } = await sampleTest(t, xjkAdmin, orgs.xjk!);
    const member = await createMember(t, 'xjk');
    const listed = json(await t.app.inject({ url: `${api}/learning/tests`, headers: member.auth })).items;
    expect(listed.find((x: { id: string }) => x.id === testId)).toMatchObject({ title: '周五夜校测试', questionCount: 5, points: 10, mine: { attempts: 0 } });
    // The seed's tests of the city union reach every member in Beijing.
    expect(listed.map((x: { title: string }) => x.title)).toEqual(expect.arrayContaining(['劳动法律知识测试', '外卖骑手交通安全测试', '职工急救常识测试']));

    const started = await start(member, testId);
    expect(started.statusCode).toBe(201);
    const attempt = started.json();
    expect(attempt.questions).toHaveLength(5);
    expect(Date.parse(attempt.deadlineAt) - Date.parse(attempt.startedAt)).toBe(10 * 60_000);
    // Starting again resumes the same attempt.
    expect((await start(member, testId)).json().id).toBe(attempt.id);

    // The draw is the seed's: replaying it gives the stored questions and option orders.
    const stored = (await t.database.db.execute(
      sql`select a.seed, a.question_ids, a.option_orders from test_attempts a where a.id = ${attempt.id}`,
    )) as unknown as { rows: { seed: number; question_ids: string[]; option_orders: number[][] }[] };
    const bank = (await t.database.db.execute(
      sql`select q.id, q.kind, jsonb_array_length(q.options) as n from questions q join learning_tests lt on lt.bank_id = q.bank_id where lt.id = ${testId} order by q.position`,
    )) as unknown as { rows: { id: string; kind: 'single'; n: number }[] };
    const replay = drawAttempt(
      bank.rows.map((q) => ({ id: q.id, kind: q.kind, optionCount: Number(q.n) })),
      5,
      stored.rows[0]!.seed,
    );
    expect(replay).toEqual({ questionIds: stored.rows[0]!.question_ids, optionOrders: stored.rows[0]!.option_orders });

    // Before grading the review is closed.
    expect(json(await t.app.inject({ url: `${api}/learning/attempts/${attempt.id}/review`, headers: member.auth })).error.code).toBe(
      'learning.review_not_open',
    );
    // Wrong shapes are refused without grading.
    expect((await submit(member, attempt.id, [[0]])).json().error.code).toBe('learning.answers_invalid');

    const answers = await rightAnswers(t, attempt.id);
    const graded = await submit(member, attempt.id, answers);
    expect(graded.statusCode).toBe(200);
    expect(graded.json()).toMatchObject({ score: 100, correctCount: 5, passed: true, timedOut: false, pointsEarned: 10 });
    // A second submit (a retry, other answers) gets the same grade; the points were paid once.
    const again = await submit(
      member,
      attempt.id,
      answers.map(() => []),
    );
    expect(again.json()).toMatchObject({ score: 100, pointsEarned: 10, gradedAt: graded.json().gradedAt });
    expect(await pointsOf(member)).toMatchObject({
      balance: 10,
      today: 10,
      items: [{ rule: 'test_passed', label: '周五夜校测试', delta: 10, balanceAfter: 10 }],
    });

    const review = json(await t.app.inject({ url: `${api}/learning/attempts/${attempt.id}/review`, headers: member.auth }));
    expect(review.questions).toHaveLength(5);
    expect(review.questions.every((q: { isCorrect: boolean }) => q.isCorrect)).toBe(true);
    expect(review.questions.map((q: { correctOptions: number[] }) => q.correctOptions)).toEqual(answers);
    expect(review.questions[0].explanation).toEqual(expect.any(String));

    // Passing the same test again pays nothing more (unique per rule, source and member).
    const second = (await start(member, testId)).json();
    expect((await submit(member, second.id, await rightAnswers(t, second.id))).json()).toMatchObject({ passed: true, pointsEarned: 0 });
    expect((await pointsOf(member)).balance).toBe(10);
  });

  it('keeps attempts to the window, the number of tries and the time limit the server set', async () => {
    const now = Date.now();
    const { testId } = await sampleTest(t, xjkAdmin, orgs.xjk!, { maxAttempts: 2, timeLimitMinutes: 1 });
    const member = await createMember(t, 'xjk');

    // Over the time limit (plus the grace): graded with nothing chosen, whatever is sent.
    const first = (await start(member, testId)).json();
    clock = now + 60_000 + 16_000;
    expect((await submit(member, first.id, await rightAnswers(t, first.id))).json()).toMatchObject({
      score: 0,
      timedOut: true,
      passed: false,
      pointsEarned: 0,
    });
    clock = null;

    // An attempt left open past its time is graded when the member starts again; then the tries run out.
    await start(member, testId);
    clock = now + 5 * 60_000;
    const third = await start(member, testId);
    expect(third.json().error.code).toBe('learning.no_attempts_left');
    clock = null;
    expect(
      json(await t.app.inject({ url: `${api}/learning/tests`, headers: member.auth })).items.find((x: { id: string }) => x.id === testId).mine,
    ).toMatchObject({
      attempts: 2,
      bestScore: 0,
      openAttemptId: null,
    });

    // Before the window opens and after it closes: refused.
    const later = await sampleTest(t, xjkAdmin, orgs.xjk!, {
      opensAt: new Date(now + 86_400_000).toISOString(),
      closesAt: new Date(now + 2 * 86_400_000).toISOString(),
    });
    expect((await start(member, later.testId)).json().error.code).toBe('learning.not_open');
    clock = now + 3 * 86_400_000;
    expect((await start(member, later.testId)).json().error.code).toBe('learning.not_open');
  });

  it('opens the review of a contest-style test only after its window closes', async () => {
    const now = Date.now();
    const { testId } = await sampleTest(t, xjkAdmin, orgs.xjk!, { reviewOpens: 'closed', closesAt: new Date(now + 86_400_000).toISOString() });
    const member = await createMember(t, 'xjk');
    const attempt = (await start(member, testId)).json();
    const result = (await submit(member, attempt.id, await rightAnswers(t, attempt.id))).json();
    expect(Date.parse(result.reviewOpensAt)).toBe(now + 86_400_000);
    expect(json(await t.app.inject({ url: `${api}/learning/attempts/${attempt.id}/review`, headers: member.auth })).error.code).toBe(
      'learning.review_after_close',
    );
    clock = now + 86_400_000 + 1;
    expect((await t.app.inject({ url: `${api}/learning/attempts/${attempt.id}/review`, headers: member.auth })).statusCode).toBe(200);
  });

  it('keeps the answers closed while a member who has not passed has attempts left, until the window closes', async () => {
    const now = Date.now();
    const closesAt = now + 86_400_000;
    const { testId } = await sampleTest(t, xjkAdmin, orgs.xjk!, { maxAttempts: 2, closesAt: new Date(closesAt).toISOString() });
    const [passer, failer, waiter] = await createMembers(t, 'xjk', 3);
    const review = (member: { auth: { authorization: string } }, attemptId: string) =>
      t.app.inject({ url: `${api}/learning/attempts/${attemptId}/review`, headers: member.auth });
    const blank = async (member: { auth: { authorization: string } }) => {
      const attempt = (await start(member, testId)).json();
      return {
        id: attempt.id as string,
        result: (
          await submit(
            member,
            attempt.id,
            attempt.questions.map(() => []),
          )
        ).json(),
      };
    };

    // A blank first attempt: graded, but its answers wait for a pass, the last attempt or the window's end.
    const first = await blank(passer!);
    expect(first.result).toMatchObject({ score: 0, passed: false });
    expect(Date.parse(first.result.reviewOpensAt)).toBe(closesAt);
    const refused = await review(passer!, first.id);
    expect(refused.statusCode).toBe(409);
    expect(json(refused).error.code).toBe('learning.review_after_close');
    expect(refused.body).not.toContain('劳动合同法');
    // Passing opens the answers of every attempt of this test.
    const second = (await start(passer!, testId)).json();
    const passed = (await submit(passer!, second.id, await rightAnswers(t, second.id))).json();
    expect(passed).toMatchObject({ passed: true, reviewOpensAt: passed.gradedAt });
    expect((await review(passer!, second.id)).statusCode).toBe(200);
    expect(json(await review(passer!, first.id)).questions[0].explanation).toEqual(expect.any(String));
    expect(json(await t.app.inject({ url: `${api}/learning/attempts/${first.id}/result`, headers: passer!.auth }))).toMatchObject({
      reviewOpensAt: first.result.gradedAt,
    });

    // Two blank attempts of two: none left, so both open.
    const one = await blank(failer!);
    expect((await review(failer!, one.id)).statusCode).toBe(409);
    const two = await blank(failer!);
    expect(two.result).toMatchObject({ passed: false, reviewOpensAt: two.result.gradedAt });
    expect((await review(failer!, one.id)).statusCode).toBe(200);
    expect((await review(failer!, two.id)).statusCode).toBe(200);

    // One blank attempt with one left: open once the window has closed.
    const only = await blank(waiter!);
    expect((await review(waiter!, only.id)).statusCode).toBe(409);
    clock = closesAt + 1;
    expect((await review(waiter!, only.id)).statusCode).toBe(200);
  });

  it('shows a test only to members of the union that set it or below, and an attempt only to its member', async () => {
    const { testId } = await sampleTest(t, xjkAdmin, orgs.xjk!);
    const [insider, other] = await createMembers(t, 'xjk', 2);
    const outsider = await createMember(t, 'blz');
    expect(json(await t.app.inject({ url: `${api}/learning/tests`, headers: outsider.auth })).items.map((x: { id: string }) => x.id)).not.toContain(testId);
    expect((await start(outsider, testId)).json().error.code).toBe('learning.test_not_found');
    const attempt = (await start(insider!, testId)).json();
    expect((await t.app.inject({ url: `${api}/learning/attempts/${attempt.id}`, headers: other!.auth })).json().error.code).toBe('learning.attempt_not_found');
    expect((await submit(other!, attempt.id, [[], [], [], [], []])).json().error.code).toBe('learning.attempt_not_found');
    // Someone who is not a member is told so.
    const applicant = (await login(t.app, '13900000001')).auth;
    expect(json(await t.app.inject({ url: `${api}/learning/tests`, headers: applicant })).error.code).toBe('members.not_member');
  });

  it('caps a rule per day and in total, pays a source once, and keeps the ledger append-only', async () => {
    const db = t.database.db;
    const member = await createMember(t, 'xjk');
    const day1 = new Date('2030-03-01T02:00:00Z');
    const award = (sourceId: string, at: Date) =>
      db.transaction((tx) => awardPoints(tx, { accountId: member.accountId, rule: 'test_passed', sourceType: 'test', sourceId, label: '测试' }, at));
    // test_passed pays 10 with a daily cap of 30.
    expect([await award('a', day1), await award('b', day1), await award('c', day1), await award('d', day1)]).toEqual([10, 10, 10, 0]);
    expect(await award('a', new Date('2030-03-02T02:00:00Z'))).toBe(0);
    // 16:30 UTC is already the next day in Beijing.
    expect(await award('e', new Date('2030-03-01T16:30:00Z'))).toBe(10);
    await db.execute(sql`update points_rules set total_cap = 45 where rule = 'test_passed'`);
    expect(await award('f', new Date('2030-03-03T02:00:00Z'))).toBe(5);
    expect(await award('g', new Date('2030-03-04T02:00:00Z'))).toBe(0);
    await db.execute(sql`update points_rules set total_cap = null where rule = 'test_passed'`);
    expect((await pointsOf(member)).balance).toBe(45);

    await expect(db.execute(sql`update points_ledger set delta = 1000 where account_id = ${member.accountId}`)).rejects.toThrow();
    await expect(db.execute(sql`delete from points_ledger where account_id = ${member.accountId}`)).rejects.toThrow();
    await expect(db.execute(sql`update points_balances set balance = -1 where account_id = ${member.accountId}`)).rejects.toThrow();

    // Spending: all or nothing, never below zero.
    const points = createPoints({ db, now: () => new Date('2030-03-05T02:00:00Z') });
    await expect(points.spend({ accountId: member.accountId, sourceType: 'campaign', sourceId: 'x1', label: '兑换' }, 46)).rejects.toMatchObject({
      code: 'learning.insufficient_points',
    });
    expect(await points.spend({ accountId: member.accountId, sourceType: 'campaign', sourceId: 'x1', label: '兑换' }, 40)).toEqual({ balance: 5 });
    expect((await pointsOf(member)).items[0]).toMatchObject({ rule: 'spend', delta: -40, balanceAfter: 5 });
  });

  onRealPostgres('grades one attempt once when 50 submits race', async () => {
    const { testId } = await sampleTest(t, xjkAdmin, orgs.xjk!);
    const member = await createMember(t, 'xjk');
    const attempt = (await start(member, testId)).json();
    const answers = await rightAnswers(t, attempt.id);
    const results = await Promise.all(Array.from({ length: 50 }, () => submit(member, attempt.id, answers)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    expect(new Set(results.map((r) => r.json().gradedAt)).size).toBe(1);
    expect(results.every((r) => r.json().pointsEarned === 10)).toBe(true);
    const ledger = (await t.database.db.execute(sql`select count(*)::int as n from points_ledger where account_id = ${member.accountId}`)) as unknown as {
      rows: { n: number }[];
    };
    expect(ledger.rows[0]!.n).toBe(1);
    expect((await pointsOf(member)).balance).toBe(10);
  });

  onRealPostgres('opens one attempt when 20 starts race', async () => {
    const { testId } = await sampleTest(t, xjkAdmin, orgs.xjk!);
    const member = await createMember(t, 'xjk');
    const results = await Promise.all(Array.from({ length: 20 }, () => start(member, testId)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
  });

  onRealPostgres('gives exactly one of 100 parallel spends against a balance enough for one', async () => {
    const db = t.database.db;
    const member = await createMember(t, 'xjk');
    await db.transaction((tx) =>
      awardPoints(tx, { accountId: member.accountId, rule: 'test_passed', sourceType: 'test', sourceId: 'seed', label: '测试' }, new Date()),
    );
    const points = createPoints({ db, now: () => new Date() });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => points.spend({ accountId: member.accountId, sourceType: 'campaign', sourceId: `r${i}`, label: '兑换' }, 10)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason.code === 'learning.insufficient_points')).toBe(
      true,
    );
    expect((await pointsOf(member)).balance).toBe(0);
  });
});
