import { buildTestApp, createMember, login, type TestApp } from '../helpers';
import { orgIds, sampleTest, SAMPLE_EXPLANATIONS } from '../learning-fixtures';
import { isStaffOperation, loadOperations, type JsonSchema, type Operation } from './openapi';

/**
 * No answer leaves the server before it may (frappe/lms#987 sent them in the API). Generated from the published
 * routes, so a learning route added later is checked without anyone listing it:
 * - no response a member can get, on any route but the review, has a field that could carry a correct option, a
 *   correctness flag or an explanation;
 * - during an open attempt, every member route of learning and points is called and none of its answers carries such
 *   a field or an explanation's text; the review answers 409 until the attempt is graded.
 */
const FORBIDDEN_FIELDS = ['answer', 'answers', 'correct', 'correctOptions', 'correctOption', 'isCorrect', 'explanation', 'explanations', 'rightAnswer'];
const REVIEW = 'GET /api/v1/learning/attempts/{id}/review';
const isLearning = (op: Operation) => /^\/api\/v1\/(learning|points)(\/|$)/.test(op.path);

type Doc = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>> };

function fieldNames(schema: JsonSchema | undefined, out = new Set<string>()): Set<string> {
  if (!schema) return out;
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    out.add(name);
    fieldNames(sub, out);
  }
  fieldNames(schema.items, out);
  if (typeof schema.additionalProperties === 'object') fieldNames(schema.additionalProperties, out);
  for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) fieldNames(sub, out);
  return out;
}

function keysIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysIn(v, out);
    }
  }
  return out;
}

describe('no answer leaves the server before it may', () => {
  let t: TestApp;
  let ops: Operation[];
  let doc: Doc;
  beforeAll(async () => {
    t = await buildTestApp();
    ops = await loadOperations(t.app);
    doc = (await t.app.inject({ url: '/docs/json' })).json() as Doc;
  });
  afterAll(() => t.close());

  it('declares no answer field in any response a member can get, but the review', () => {
    const memberOps = ops.filter((op) => !isStaffOperation(op) && op.name !== REVIEW);
    expect(memberOps.filter(isLearning).length).toBeGreaterThanOrEqual(6);
    const leaks = memberOps.flatMap((op) => {
      const responses = doc.paths[op.path]![op.method.toLowerCase()]!.responses ?? {};
      const names = new Set(Object.values(responses).flatMap((r) => [...fieldNames(r.content?.['application/json']?.schema)]));
      return FORBIDDEN_FIELDS.filter((f) => names.has(f)).map((f) => `${op.name}: ${f}`);
    });
    expect(leaks).toEqual([]);
    // The review is where they are, so the check above looks for the right names.
    const review = doc.paths['/api/v1/learning/attempts/{id}/review']!.get!.responses!['200']!.content!['application/json']!.schema;
    expect([...fieldNames(review)]).toEqual(expect.arrayContaining(['correctOptions', 'isCorrect', 'explanation']));
  });

  it('takes no points amount, score or balance from a client on any route (points come only from events the server saw)', () => {
    const POINTS_FIELDS = ['points', 'pointsEarned', 'amount', 'delta', 'balance', 'balanceAfter', 'score', 'correctCount', 'passed'];
    // Any other name that could carry points (pointsAwarded, newBalance, scoreBonus…) is refused too, but for one:
    // the 积分商城 price a staffer sets on a campaign, which can only take points from members, never give them.
    const POINTS_LIKE = /point|balance|score|credit|reward/i;
    const ALLOWED = new Set(['POST /api/v1/admin/benefits: pointsPrice']);
    const accepting = ops.flatMap((op) => {
      const names = fieldNames(op.body);
      for (const p of [...op.query, ...op.params]) names.add(p.name);
      return [...names].filter((f) => POINTS_FIELDS.includes(f) || POINTS_LIKE.test(f)).map((f) => `${op.name}: ${f}`);
    });
    expect(accepting.filter((a) => !ALLOWED.has(a))).toEqual([]);
    // The price is where this test expects it (so the allowance names a real field), and it is staff-only.
    expect(accepting).toEqual(expect.arrayContaining([...ALLOWED]));
    expect(isStaffOperation(ops.find((op) => op.name === 'POST /api/v1/admin/benefits')!)).toBe(true);
    // The 积分商城's own routes are among those checked: the exchange takes no body but an empty one.
    const exchange = ops.find((op) => op.name === 'POST /api/v1/benefits/{id}/exchange')!;
    expect([...fieldNames(exchange.body)]).toEqual([]);
    expect(ops.map((op) => op.name)).toEqual(expect.arrayContaining(['GET /api/v1/benefits/mall', 'GET /api/v1/certificates/{code}']));
  });

  it('sends none during an attempt, on any learning route, and opens the review only after grading', async () => {
    const staff = (await login(t.app, '13800000001')).auth;
    const { testId } = await sampleTest(t, staff, (await orgIds(t)).xjk!);
    const member = await createMember(t, 'xjk');
    const attemptId = (await t.app.inject({ method: 'POST', url: `/api/v1/learning/tests/${testId}/attempts`, headers: member.auth })).json().id as string;
    const learningOps = ops.filter((op) => isLearning(op) && !isStaffOperation(op));
    const answers: { op: string; status: number; body: string }[] = [];
    for (const op of learningOps) {
      const url = op.path.replace('{id}', op.path.includes('/tests/{id}') ? testId : attemptId);
      // A submit that cannot be graded (one answer for five questions): the attempt stays open.
      const payload = op.method === 'GET' ? undefined : op.name.endsWith('/submit') ? { answers: [[0]] } : {};
      const res = await t.app.inject({ method: op.method, url, headers: member.auth, ...(payload ? { payload } : {}) });
      answers.push({ op: op.name, status: res.statusCode, body: res.body });
    }
    expect(answers.map((a) => a.op)).toEqual(
      expect.arrayContaining([REVIEW, 'GET /api/v1/learning/attempts/{id}', 'POST /api/v1/learning/attempts/{id}/submit']),
    );
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    for (const a of answers) {
      const keys = keysIn(JSON.parse(a.body));
      expect({ op: a.op, leaked: FORBIDDEN_FIELDS.filter((f) => keys.has(f)) }).toEqual({ op: a.op, leaked: [] });
      expect({ op: a.op, explanations: SAMPLE_EXPLANATIONS.filter((e) => a.body.includes(e)) }).toEqual({ op: a.op, explanations: [] });
    }
    expect(answers.find((a) => a.op === REVIEW)).toMatchObject({ status: 409 });
    expect(JSON.parse(answers.find((a) => a.op === REVIEW)!.body).error.code).toBe('learning.review_not_open');
    // The attempt is still open after the walk: nothing above graded it.
    expect((await t.app.inject({ url: `/api/v1/learning/attempts/${attemptId}`, headers: member.auth })).json().status).toBe('open');
  });

  it('sends none of a contest during its window, graded or not: only the member’s own total, no answers, no ranking', async () => {
    // The city operator (the 新街口 admin logged in above: a second code within the minute is refused).
    const staff = (await login(t.app, '13800000000')).auth;
    const xjk = (await orgIds(t)).xjk!;
    const { bankId } = await sampleTest(t, staff, xjk);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/learning/contests',
      headers: staff,
      payload: {
        orgId: xjk,
        bankId,
        title: '普法知识竞赛',
        questionCount: 5,
        timeLimitMinutes: 10,
        opensAt: new Date(Date.now() - 3_600_000).toISOString(),
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    const contestId = created.json().id as string;
    const member = await createMember(t, 'xjk');
    const attemptId = (await t.app.inject({ method: 'POST', url: `/api/v1/learning/contests/${contestId}/attempts`, headers: member.auth })).json()
      .id as string;
    const contestOps = ops.filter((op) => /^\/api\/v1\/learning\/contests/.test(op.path) && !isStaffOperation(op));
    expect(contestOps.length).toBeGreaterThanOrEqual(4);
    const walk = async () => {
      const answers: { op: string; status: number; body: string }[] = [];
      for (const op of [...contestOps, ...ops.filter((o) => o.path.startsWith('/api/v1/learning/attempts/') && o.method === 'GET')]) {
        const url = op.path.replace('{id}', op.path.includes('/contests/') ? contestId : attemptId);
        const res = await t.app.inject({ method: op.method, url, headers: member.auth });
        answers.push({ op: op.name, status: res.statusCode, body: res.body });
      }
      for (const a of answers) {
        expect({ op: a.op, status: a.status >= 500 }).toEqual({ op: a.op, status: false });
        const keys = keysIn(JSON.parse(a.body));
        expect({ op: a.op, leaked: FORBIDDEN_FIELDS.filter((f) => keys.has(f)) }).toEqual({ op: a.op, leaked: [] });
        expect({ op: a.op, explanations: SAMPLE_EXPLANATIONS.filter((e) => a.body.includes(e)) }).toEqual({ op: a.op, explanations: [] });
      }
      return answers;
    };
    await walk();
    // Graded, with the window still open: the own total shows, the answers and the ranking wait for the close.
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/learning/attempts/${attemptId}/submit`,
      headers: member.auth,
      payload: { answers: [[0], [0], [0], [0], [0]] },
    });
    const after = await walk();
    const codeOf = (op: string) => JSON.parse(after.find((a) => a.op === op)!.body).error?.code;
    expect(codeOf(REVIEW)).toBe('learning.review_after_close');
    expect(codeOf('GET /api/v1/learning/contests/{id}/ranking')).toBe('learning.ranking_after_close');
    expect(codeOf('GET /api/v1/learning/contests/{id}/units')).toBe('learning.ranking_after_close');
    expect(JSON.parse(after.find((a) => a.op === 'GET /api/v1/learning/contests/{id}')!.body).mine.attempts).toBe(1);
  });
});
