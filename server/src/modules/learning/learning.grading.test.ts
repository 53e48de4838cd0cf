import { sql } from 'drizzle-orm';
import { buildTestApp, createMembers, json, login, type TestApp } from '../../../test/helpers';
import { orgIds, rightAnswers, sampleTest } from '../../../test/learning-fixtures';
import { gradeAttempts } from './learning.grading.repository';
import { awardPoints } from './learning.points';

/**
 * The batched grader (learning.grading.ts and grade_attempts()): submissions that arrive together are read and
 * written together, and each keeps its own answer: a bad one is refused alone, the pass points keep their caps when
 * one member's passes share a batch, and racing submits of many attempts at once grade each once.
 */
const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;
const api = '/api/v1';

/** A grade_attempts request of a 5-question attempt graded a full pass now, with the certificate code drawn (or none). */
function passRow(id: string, ord: number, code: string | null) {
  return {
    ord,
    id,
    answers: [[], [], [], [], []],
    correct_count: 5,
    score: 100,
    passed: true,
    timed_out: false,
    at: new Date().toISOString(),
    day: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
    label: '测试',
    code,
  };
}

describe('grading in batches', () => {
  let t: TestApp;
  let staff: Record<string, string>;
  let orgs: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp();
    staff = (await login(t.app, '13800000001')).auth;
    orgs = await orgIds(t);
  });
  afterAll(() => t.close());

  const start = async (auth: Record<string, string>, testId: string) =>
    json(await t.app.inject({ method: 'POST', url: `${api}/learning/tests/${testId}/attempts`, headers: auth })) as { id: string };
  const submit = (auth: Record<string, string>, attemptId: string, answers: unknown) =>
    t.app.inject({ method: 'POST', url: `${api}/learning/attempts/${attemptId}/submit`, headers: auth, payload: { answers } });
  const ledger = async (accountId: string) =>
    (
      (await t.database.db.execute(sql`select delta, balance_after from points_ledger where account_id = ${accountId} order by balance_after`)) as unknown as {
        rows: { delta: number; balance_after: number }[];
      }
    ).rows;

  it('keeps the daily cap when one member passes four tests at once, with the balance after each entry', async () => {
    const [member] = await createMembers(t, 'xjk', 1);
    const tests = [];
    for (let i = 0; i < 4; i++) tests.push((await sampleTest(t, staff, orgs.xjk!)).testId);
    const attempts = [];
    for (const testId of tests) attempts.push((await start(member!.auth, testId)).id);
    const answers = await Promise.all(attempts.map((id) => rightAnswers(t, id)));
    const results = await Promise.all(attempts.map((id, i) => submit(member!.auth, id, answers[i])));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(results.every((r) => r.json().passed)).toBe(true);
    // test_passed pays 10 with a daily cap of 30: three passes pay, the fourth pays nothing.
    expect(results.map((r) => r.json().pointsEarned).sort()).toEqual([0, 10, 10, 10]);
    expect(await ledger(member!.accountId)).toEqual([
      { delta: 10, balance_after: 10 },
      { delta: 10, balance_after: 20 },
      { delta: 10, balance_after: 30 },
    ]);
    expect(json(await t.app.inject({ url: `${api}/points/mine`, headers: member!.auth })).balance).toBe(30);
  });

  it('keeps the cap within one call of grade_attempts that holds four passes of one member (and a repeat of one)', async () => {
    const [member] = await createMembers(t, 'xjk', 1);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await start(member!.auth, (await sampleTest(t, staff, orgs.xjk!)).testId)).id);
    const row = (id: string, ord: number) => passRow(id, ord, null);
    const graded = await gradeAttempts(t.database.db, [...ids.map(row), row(ids[0]!, 4)]);
    expect(graded.map((g) => [Number(g.ord), g.points_earned]).sort((x, y) => x[0]! - y[0]!)).toEqual([
      [0, 10],
      [1, 10],
      [2, 10],
      [3, 0],
      [4, 10],
    ]);
    expect(await ledger(member!.accountId)).toEqual([
      { delta: 10, balance_after: 10 },
      { delta: 10, balance_after: 20 },
      { delta: 10, balance_after: 30 },
    ]);
  });

  it('issues a pass its certificate in the same call, and answers a pass whose drawn code was taken as uncertified', async () => {
    const members = await createMembers(t, 'xjk', 2);
    const { testId } = await sampleTest(t, staff, orgs.xjk!);
    const ids = [];
    for (const m of members) ids.push((await start(m.auth, testId)).id);
    // Both draw the same code: the first keeps it, the second is told to issue its certificate again.
    const rows = ids.map((id, ord) => passRow(id, ord, 'ABCD2345'));
    const graded = await gradeAttempts(t.database.db, rows);
    expect(graded.every((g) => g.passed)).toBe(true);
    // Certificates are inserted in account order: which member kept the code depends on their ids.
    const kept = graded.filter((g) => !g.uncertified).map((g) => g.account_id);
    expect(kept).toHaveLength(1);
    const certificates = (
      (await t.database.db.execute(sql`select account_id, code, score, source from certificates where source_id = ${testId}`)) as unknown as {
        rows: { account_id: string; code: string; score: number; source: string }[];
      }
    ).rows;
    expect(certificates).toEqual([{ account_id: kept[0], code: 'ABCD2345', score: 100, source: 'test' }]);
  });

  it('gives no certificate, and asks for none, to a pass by someone who left the union while answering', async () => {
    const [member] = await createMembers(t, 'xjk', 1);
    const { testId } = await sampleTest(t, staff, orgs.xjk!);
    const id = (await start(member!.auth, testId)).id;
    await t.database.db.execute(sql`update memberships set status = 'left', ended_at = now() where account_id = ${member!.accountId}`);
    const [graded] = await gradeAttempts(t.database.db, [passRow(id, 0, 'LEFT2345')]);
    expect(graded).toMatchObject({ passed: true, uncertified: false });
    const held = (await t.database.db.execute(sql`select count(*)::int as n from certificates where account_id = ${member!.accountId}`)) as unknown as {
      rows: { n: number }[];
    };
    expect(held.rows[0]!.n).toBe(0);
  });

  it('adds to a balance other rules paid, and pays a test passed before nothing', async () => {
    const [member] = await createMembers(t, 'xjk', 1);
    await t.database.db.transaction((tx) =>
      awardPoints(tx, { accountId: member!.accountId, rule: 'lesson_completed', sourceType: 'lesson', sourceId: 'l1', label: '课时' }, new Date()),
    );
    const { testId } = await sampleTest(t, staff, orgs.xjk!, { maxAttempts: 3 });
    const first = (await start(member!.auth, testId)).id;
    expect((await submit(member!.auth, first, await rightAnswers(t, first))).json()).toMatchObject({ passed: true, pointsEarned: 10 });
    const second = (await start(member!.auth, testId)).id;
    expect((await submit(member!.auth, second, await rightAnswers(t, second))).json()).toMatchObject({ passed: true, pointsEarned: 0 });
    expect(await ledger(member!.accountId)).toEqual([
      { delta: 5, balance_after: 5 },
      { delta: 10, balance_after: 15 },
    ]);
  });

  it('answers each submission of a batch on its own: a bad one refused, another member’s not found, the rest graded', async () => {
    const { testId } = await sampleTest(t, staff, orgs.xjk!);
    const [a, b, c] = await createMembers(t, 'xjk', 3);
    const [ia, ib, ic] = [(await start(a!.auth, testId)).id, (await start(b!.auth, testId)).id, (await start(c!.auth, testId)).id];
    const right = await rightAnswers(t, ia);
    const [good, bad, foreign, blank] = await Promise.all([
      submit(a!.auth, ia, right),
      submit(b!.auth, ib, [[0]]),
      submit(b!.auth, ic, [[], [], [], [], []]),
      submit(c!.auth, ic, [[], [], [], [], []]),
    ]);
    expect(good.json()).toMatchObject({ attemptId: ia, score: 100, passed: true, pointsEarned: 10, correctCount: 5, questionCount: 5 });
    expect(bad.json().error.code).toBe('learning.answers_invalid');
    expect(foreign.json().error.code).toBe('learning.attempt_not_found');
    expect(blank.json()).toMatchObject({ attemptId: ic, score: 0, passed: false, pointsEarned: 0 });
    // The refused one is still open, and the answers of a graded one stay as graded whatever comes later.
    expect((await submit(b!.auth, ib, [[], [], [], [], []])).json()).toMatchObject({ score: 0 });
    expect((await submit(a!.auth, ia, [[], [], [], [], []])).json()).toMatchObject({ score: 100, gradedAt: good.json().gradedAt });
  });

  onRealPostgres('grades each of 40 attempts once when 10 submits of each race at once on PostgreSQL', async () => {
    const { testId } = await sampleTest(t, staff, orgs.xjk!);
    const members = await createMembers(t, 'xjk', 40);
    const attempts = await Promise.all(members.map(async (m) => ({ m, id: (await start(m.auth, testId)).id })));
    const answers = await Promise.all(attempts.map((a) => rightAnswers(t, a.id)));
    const results = await Promise.all(attempts.flatMap((a, i) => Array.from({ length: 10 }, () => submit(a.m.auth, a.id, answers[i]))));
    expect(results.map((r) => r.statusCode)).toEqual(Array(400).fill(200));
    for (const a of attempts) {
      const mine = results.filter((r) => r.json().attemptId === a.id);
      expect(mine).toHaveLength(10);
      expect(new Set(mine.map((r) => `${r.json().gradedAt} ${r.json().pointsEarned}`))).toEqual(new Set([`${mine[0]!.json().gradedAt} 10`]));
    }
    const counts = (await t.database.db.execute(sql`
      select count(*)::int as n, sum(delta)::int as points from points_ledger
      where source_id = ${testId} and account_id in (select account_id from test_attempts where test_id = ${testId})`)) as unknown as {
      rows: { n: number; points: number }[];
    };
    expect(counts.rows[0]).toEqual({ n: 40, points: 400 });
  });
});
