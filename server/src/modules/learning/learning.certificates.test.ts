import { sql } from 'drizzle-orm';
import { SHORT_CODE_ALPHABET } from '@union/shared';
import { buildTestApp, createMember, createMembers, json, login, type TestApp, type TestMember } from '../../../test/helpers';
import { orgIds, rightAnswers, sampleTest } from '../../../test/learning-fixtures';

/**
 * Certificates through HTTP, on PGlite and (TEST_DATABASE_URL) on PostgreSQL: passing a test or completing every
 * lesson of a course gives one certificate per member and course or test, whatever races; its code can be checked by
 * anyone without signing in, with the name masked, and wrong codes are limited per IP.
 */
const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;
const api = '/api/v1';
const CODE = new RegExp(`^[${SHORT_CODE_ALPHABET}]{4}-[${SHORT_CODE_ALPHABET}]{4}$`);

describe('certificates', () => {
  let t: TestApp;
  let clock: number | null = null;
  let xjkAdmin: { authorization: string };
  let xjkAdminId: string;
  let orgs: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp({ now: () => (clock === null ? new Date() : new Date(clock)) });
    const admin = await login(t.app, '13800000001');
    xjkAdmin = admin.auth;
    xjkAdminId = admin.account.id;
    orgs = await orgIds(t);
  });
  afterAll(() => t.close());
  afterEach(() => {
    clock = null;
  });

  const mine = async (m: TestMember) => json(await t.app.inject({ url: `${api}/learning/certificates`, headers: m.auth })).items;
  const check = (code: string, ip = '10.200.0.1') => t.app.inject({ url: `${api}/certificates/${encodeURIComponent(code)}`, remoteAddress: ip });
  const pass = async (m: TestMember, testId: string, right = true) => {
    const attempt = json(await t.app.inject({ method: 'POST', url: `${api}/learning/tests/${testId}/attempts`, headers: m.auth }));
    const answers = right ? await rightAnswers(t, attempt.id) : attempt.questions.map(() => []);
    return json(await t.app.inject({ method: 'POST', url: `${api}/learning/attempts/${attempt.id}/submit`, headers: m.auth, payload: { answers } }));
  };
  const course = async (lessons = 2) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${api}/staff/learning/courses`,
      headers: xjkAdmin,
      payload: {
        orgId: orgs.xjk,
        title: '工伤保险三讲',
        lessons: Array.from({ length: lessons }, (_, i) => ({ title: `第${i + 1}讲`, kind: 'text', body: '发生工伤后，用人单位应在30日内提出工伤认定申请。' })),
      },
    });
    expect(res.statusCode).toBe(201);
    const id = json(res).id as string;
    const member = await createMember(t, 'xjk');
    const detail = json(await t.app.inject({ url: `${api}/learning/courses/${id}`, headers: member.auth }));
    return { id, lessonIds: detail.lessons.map((l: { id: string }) => l.id) as string[] };
  };
  /** Opens the lessons now, then 16 s later (the server's clock) they may be completed. */
  const openAll = async (m: TestMember, lessonIds: string[]) => {
    clock = Date.now();
    for (const id of lessonIds) expect((await t.app.inject({ url: `${api}/learning/lessons/${id}`, headers: m.auth })).statusCode).toBe(200);
    clock += 16_000;
  };
  const complete = (m: TestMember, lessonId: string) => t.app.inject({ method: 'POST', url: `${api}/learning/lessons/${lessonId}/complete`, headers: m.auth });
  const count = async (accountId: string) =>
    ((await t.database.db.execute(sql`select count(*)::int as n from certificates where account_id = ${accountId}`)) as unknown as { rows: { n: number }[] })
      .rows[0]!.n;

  it('gives one certificate for passing a test, none for failing, and keeps the first when it is passed again', async () => {
    const { testId } = await sampleTest(t, xjkAdmin, orgs.xjk!, { maxAttempts: 3 });
    const member = await createMember(t, 'xjk');
    const failed = await pass(member, testId, false);
    expect(failed.passed).toBe(false);
    expect(await mine(member)).toEqual([]);
    const passed = await pass(member, testId);
    expect(passed.passed).toBe(true);
    const [certificate] = await mine(member);
    expect(certificate).toMatchObject({ source: 'test', title: '周五夜校测试', holderName: '李测试', orgName: '西城区新街口街道总工会', score: 100 });
    expect(certificate.code).toMatch(CODE);
    expect(Date.parse(certificate.issuedAt)).toBe(Date.parse(passed.gradedAt));
    await pass(member, testId);
    expect(await mine(member)).toEqual([certificate]);
    // The member's own certificate opens; another member's is not found.
    expect(json(await t.app.inject({ url: `${api}/learning/certificates/${certificate.id}`, headers: member.auth }))).toEqual(certificate);
    const other = await createMember(t, 'xjk');
    const foreign = await t.app.inject({ url: `${api}/learning/certificates/${certificate.id}`, headers: other.auth });
    expect(foreign.statusCode).toBe(404);
    expect(json(foreign).error.code).toBe('certificates.not_found');
  });

  it('gives one certificate once every lesson of a course is done, not before', async () => {
    const { lessonIds } = await course(2);
    const member = await createMember(t, 'xjk');
    await openAll(member, lessonIds);
    expect((await complete(member, lessonIds[0]!)).statusCode).toBe(200);
    expect(await mine(member)).toEqual([]);
    expect((await complete(member, lessonIds[1]!)).statusCode).toBe(200);
    expect(await mine(member)).toEqual([expect.objectContaining({ source: 'course', title: '工伤保险三讲', score: null, orgName: '西城区新街口街道总工会' })]);
    // Completing a lesson again changes nothing.
    await complete(member, lessonIds[1]!);
    expect(await count(member.accountId)).toBe(1);
  });

  it('lets anyone check a code without signing in: the name masked, what, when and which union', async () => {
    const { testId } = await sampleTest(t, xjkAdmin, orgs.xjk!);
    const member = await createMember(t, 'xjk');
    await pass(member, testId);
    const [certificate] = await mine(member);
    for (const typed of [certificate.code, certificate.code.replace('-', '').toLowerCase(), ` ${certificate.code.toLowerCase()} `]) {
      const res = await check(typed);
      expect(res.statusCode).toBe(200);
      expect(json(res)).toEqual({
        code: certificate.code,
        source: 'test',
        title: '周五夜校测试',
        holderName: '李*试',
        orgName: '西城区新街口街道总工会',
        issuedAt: certificate.issuedAt,
      });
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const unknown = await check('2222-2222');
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown).error).toMatchObject({ code: 'certificates.not_found', message: '没有找到这张证书，请核对证书上的验证码' });
    expect((await check('not a code')).statusCode).toBe(404);
  });

  it('limits wrong codes per IP: past 30, even a right code waits, and another IP is not affected', async () => {
    const { testId } = await sampleTest(t, xjkAdmin, orgs.xjk!);
    const member = await createMember(t, 'xjk');
    await pass(member, testId);
    const [certificate] = await mine(member);
    const guesser = '10.201.0.9';
    const wrong = Array.from({ length: 30 }, (_, i) => `ZZZZ${String(2 + (i % 8))}${'ABCDEFGHJK'[Math.floor(i / 8)]}ZZ`);
    for (const code of wrong) expect((await check(code, guesser)).statusCode).toBe(404);
    const blocked = await check(certificate.code, guesser);
    expect(blocked.statusCode).toBe(429);
    expect(json(blocked).error.code).toBe('certificates.too_many_tries');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await check(certificate.code, '10.201.0.10')).statusCode).toBe(200);
    // The window closes after 15 minutes (the server's clock).
    clock = Date.now() + 15 * 60_000 + 1_000;
    expect((await check(certificate.code, guesser)).statusCode).toBe(200);
  });

  it('gives no certificate to someone without a membership, and keeps codes in the alphabet (the database checks it)', async () => {
    const member = await createMember(t, 'xjk');
    await expect(
      t.database.db.execute(sql`
        insert into certificates (code, account_id, source, source_id, title, holder_name, org_id, org_name, issued_at)
        values ('O0O0O0O0', ${member.accountId}, 'test', gen_random_uuid(), 't', 'n', ${orgs.xjk}, 'o', now())`),
    ).rejects.toThrow();
    // The admin of 新街口, a cadre and not a member, finishes the cadres' course: done, but no name to certify.
    const cadre = { accountId: xjkAdminId, auth: xjkAdmin } as TestMember;
    const res = await t.app.inject({
      method: 'POST',
      url: `${api}/staff/learning/courses`,
      headers: xjkAdmin,
      payload: { orgId: orgs.xjk, title: '干部讲堂', audience: 'cadres', lessons: [{ title: '会员发展', kind: 'text', body: '摆摊入会。' }] },
    });
    const lessonId = json(await t.app.inject({ url: `${api}/learning/courses/${json(res).id}`, headers: cadre.auth })).lessons[0].id;
    clock = Date.now();
    await t.app.inject({ url: `${api}/learning/lessons/${lessonId}`, headers: cadre.auth });
    clock += 16_000;
    expect(json(await complete(cadre, lessonId)).completed).toBe(true);
    expect(await count(cadre.accountId)).toBe(0);
  });

  onRealPostgres('gives exactly one course certificate when the last two lessons are completed at once', async () => {
    const { lessonIds } = await course(2);
    const racers = await createMembers(t, 'xjk', 8);
    for (const m of racers) await openAll(m, lessonIds);
    // With lessons paying nothing, no points lock orders the two completions: only the certificate's own lock does.
    await t.database.db.execute(sql`update points_rules set points = 0 where rule = 'lesson_completed'`);
    try {
      const results = await Promise.all(racers.flatMap((m) => lessonIds.map((id) => complete(m, id))));
      expect(results.map((r) => r.statusCode)).toEqual(Array(results.length).fill(200));
    } finally {
      await t.database.db.execute(sql`update points_rules set points = 5 where rule = 'lesson_completed'`);
    }
    for (const m of racers) expect(await count(m.accountId)).toBe(1);
  });

  onRealPostgres('gives one test certificate when 30 submits of the passing attempt race', async () => {
    const { testId } = await sampleTest(t, xjkAdmin, orgs.xjk!);
    const member = await createMember(t, 'xjk');
    const attempt = json(await t.app.inject({ method: 'POST', url: `${api}/learning/tests/${testId}/attempts`, headers: member.auth }));
    const answers = await rightAnswers(t, attempt.id);
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        t.app.inject({ method: 'POST', url: `${api}/learning/attempts/${attempt.id}/submit`, headers: member.auth, payload: { answers } }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(30).fill(200));
    expect(await count(member.accountId)).toBe(1);
  });
});
