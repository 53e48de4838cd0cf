import { sql } from 'drizzle-orm';
import { buildTestApp, createMember, json, login, type TestApp } from '../../../test/helpers';
import { orgIds, sampleTest } from '../../../test/learning-fixtures';
import { applyHeartbeat } from './learning.watch';

/**
 * Courses and lessons through HTTP: audiences (subtree, worker category, cadres), progress, and a video that counts as
 * watched only when heartbeats the server saw cover 90 % of it at no more than 2× speed.
 */
const api = '/api/v1';

describe('learning: courses and lessons', () => {
  let t: TestApp;
  let clock = Date.now();
  let xjkAdmin: { authorization: string };
  let blzAdmin: { authorization: string };
  let orgs: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp({ now: () => new Date(clock) });
    xjkAdmin = (await login(t.app, '13800000001')).auth;
    blzAdmin = (await login(t.app, '13800000002')).auth;
    orgs = await orgIds(t);
  });
  afterAll(() => t.close());

  const course = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `${api}/staff/learning/courses`, headers: xjkAdmin, payload: { orgId: orgs.xjk, ...payload } });
  const lessonsOf = async (auth: { authorization: string }, id: string) =>
    json(await t.app.inject({ url: `${api}/learning/courses/${id}`, headers: auth })).lessons as { id: string; kind: string }[];
  const beat = (auth: { authorization: string }, lessonId: string, position: number) =>
    t.app.inject({ method: 'POST', url: `${api}/learning/lessons/${lessonId}/heartbeat`, headers: auth, payload: { position } });

  it('counts a video as watched only for heartbeats at no more than 2× speed covering 90 %, and pays once', async () => {
    const created = await course({
      title: '工伤维权微课',
      lessons: [{ title: '工伤认定流程', kind: 'video', url: 'https://media.example.org/a.mp4', durationSeconds: 100 }],
    });
    expect(created.statusCode).toBe(201);
    const member = await createMember(t, 'xjk');
    const [lesson] = await lessonsOf(member.auth, created.json().id);
    expect((await t.app.inject({ url: `${api}/learning/lessons/${lesson!.id}`, headers: member.auth })).json()).toMatchObject({
      kind: 'video',
      watchedPercent: 0,
    });

    // Seeking: 0 → 95 in 10 s of the server's clock covers nothing; 3× speed covers nothing either.
    await beat(member.auth, lesson!.id, 0);
    clock += 10_000;
    expect(json(await beat(member.auth, lesson!.id, 95))).toMatchObject({ watchedPercent: 0, completed: false });
    clock += 10_000;
    await beat(member.auth, lesson!.id, 0);
    clock += 10_000;
    expect(json(await beat(member.auth, lesson!.id, 30))).toMatchObject({ watchedPercent: 0 });

    // Watching at 1× (then 2×): every 10 s of the server's clock moves 10 (then 20) seconds.
    let position = 30;
    let last = json(await beat(member.auth, lesson!.id, position));
    for (const step of [10, 10, 20, 20]) {
      clock += 10_000;
      position += step;
      last = json(await beat(member.auth, lesson!.id, position));
    }
    expect(last).toMatchObject({ watchedPercent: 60, completed: false, pointsEarned: 0 });
    // The start was skipped: back to 0 and watch to 30 at 1×.
    await beat(member.auth, lesson!.id, 0);
    for (let p = 10; p <= 30; p += 10) {
      clock += 10_000;
      last = json(await beat(member.auth, lesson!.id, p));
    }
    expect(last).toMatchObject({ watchedPercent: 90, completed: true, pointsEarned: 5 });
    clock += 10_000;
    expect(json(await beat(member.auth, lesson!.id, 40))).toMatchObject({ completed: true, pointsEarned: 0 });
    const points = json(await t.app.inject({ url: `${api}/points/mine`, headers: member.auth }));
    expect(points.items).toEqual([expect.objectContaining({ rule: 'lesson_completed', delta: 5, label: '工伤认定流程' })]);
    const courses = json(await t.app.inject({ url: `${api}/learning/courses`, headers: member.auth })).items;
    expect(courses.find((c: { id: string }) => c.id === created.json().id)).toMatchObject({ lessonCount: 1, completedCount: 1, isNew: true });
  });

  it('completes a text lesson only after the server served it for 15 s', async () => {
    const created = json(await course({ title: '劳动合同小课', lessons: [{ title: '试用期', kind: 'text', body: '试用期最长六个月。' }] }));
    const member = await createMember(t, 'xjk');
    const [lesson] = await lessonsOf(member.auth, created.id);
    const complete = () => t.app.inject({ method: 'POST', url: `${api}/learning/lessons/${lesson!.id}/complete`, headers: member.auth });
    // Never served: nothing to complete, and asking does not count as opening it.
    expect(json(await complete()).error.code).toBe('learning.read_too_short');
    clock += 60_000;
    expect(json(await complete()).error.code).toBe('learning.read_too_short');
    expect((await t.app.inject({ url: `${api}/learning/lessons/${lesson!.id}`, headers: member.auth })).json()).toMatchObject({ body: '试用期最长六个月。' });
    clock += 5_000;
    expect(json(await complete()).error.code).toBe('learning.read_too_short');
    clock += 11_000;
    expect(json(await complete())).toMatchObject({ completed: true, pointsEarned: 5 });
    expect(json(await complete())).toMatchObject({ completed: true, pointsEarned: 0 });
    // A heartbeat is for videos only.
    expect(json(await beat(member.auth, lesson!.id, 10)).error.code).toBe('learning.not_video');
  });

  it('shows a course to its audience only: the subtree, one worker category, or cadres', async () => {
    const forRiders = json(
      await course({ title: '骑手安全', audience: 'category', category: 'rider', lessons: [{ title: '限速', kind: 'text', body: '15公里。' }] }),
    );
    const forCadres = json(await course({ title: '干部讲堂', audience: 'cadres', lessons: [{ title: '入会', kind: 'text', body: '摆摊入会。' }] }));
    const rider = await createMember(t, 'xjk');
    const outsider = await createMember(t, 'blz');
    // createMembers makes members without an application; give this one a rider's.
    await t.database.db.execute(sql`
      with app as (
        insert into applications (account_id, org_id, name, id_enc, id_hash, phone_enc, phone_hash, gender, birth_date, employer, category, work_district, consent_version, consent_at, real_name, status, submitted_at)
        select account_id, org_id, name, 'x', 'rider-' || account_id, 'x', 'rider-' || account_id, 'male', '1990-01-01', '美团', 'rider', '110102', 'v1', now(), 'passed', 'approved', now()
        from memberships where id = ${rider.membershipId} returning id)
      update memberships set application_id = (select id from app) where id = ${rider.membershipId}`);
    const ids = async (auth: { authorization: string }) =>
      json(await t.app.inject({ url: `${api}/learning/courses`, headers: auth })).items.map((c: { id: string }) => c.id) as string[];
    const courier = await createMember(t, 'xjk');
    expect(await ids(rider.auth)).toContain(forRiders.id);
    expect(await ids(courier.auth)).not.toContain(forRiders.id);
    expect(await ids(outsider.auth)).not.toContain(forRiders.id);
    expect(await ids(rider.auth)).not.toContain(forCadres.id);
    // 13800000001 is a cadre of 新街口 (not a member): sees the cadres' course; 13800000002 (八里庄) does not.
    expect(await ids(xjkAdmin)).toContain(forCadres.id);
    expect(await ids(xjkAdmin)).not.toContain(forRiders.id);
    expect(await ids(blzAdmin)).not.toContain(forCadres.id);
    expect((await t.app.inject({ url: `${api}/learning/courses/${forRiders.id}`, headers: courier.auth })).json().error.code).toBe('learning.course_not_found');
  });

  it('refuses a course without lessons, a video without its length, a link that is not https', async () => {
    expect((await course({ title: '空课程', lessons: [] })).statusCode).toBe(400);
    expect(json(await course({ title: '视频课', lessons: [{ title: '无时长', kind: 'video', url: 'https://a.example.org/v.mp4' }] })).error.field).toMatch(
      /durationSeconds/,
    );
    expect((await course({ title: '资料课', lessons: [{ title: '明文链接', kind: 'pdf', url: 'http://a.example.org/a.pdf' }] })).statusCode).toBe(400);
  });

  it("links a lesson only to a test of the author's own unions: an unknown or another union's test is not found", async () => {
    const lesson = (quizTestId: string) => ({ title: '课后小测', lessons: [{ title: '试用期', kind: 'text', body: '试用期最长六个月。', quizTestId }] });
    const unknown = await course(lesson(crypto.randomUUID()));
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown).error.code).toBe('learning.test_not_found');
    const foreign = await sampleTest(t, blzAdmin, orgs.blz!);
    const other = await course(lesson(foreign.testId));
    expect(other.statusCode).toBe(404);
    expect(json(other).error.code).toBe('learning.test_not_found');
    // Its own union's test is linked, and members see the link.
    const own = await sampleTest(t, xjkAdmin, orgs.xjk!);
    const created = await course(lesson(own.testId));
    expect(created.statusCode).toBe(201);
    const member = await createMember(t, 'xjk');
    expect(await lessonsOf(member.auth, json(created).id)).toEqual([expect.objectContaining({ quizTestId: own.testId })]);
  });

  it('seeds real-looking courses for every Beijing member, riders and cadres', async () => {
    const member = (await login(t.app, '13900000002')).auth;
    const titles = json(await t.app.inject({ url: `${api}/learning/courses`, headers: member })).items.map((c: { title: string }) => c.title);
    expect(titles).toEqual(expect.arrayContaining(['劳动者权益十讲', '职工急救常识']));
  });
});

describe('heartbeats (unit)', () => {
  const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s));
  it('covers what a player moving at up to 2× of the server clock passed, and nothing of a jump or a long pause', () => {
    let state = applyHeartbeat({ watched: '', lastPosition: null, lastBeatAt: null }, 0, at(0), 60);
    state = applyHeartbeat(state, 20, at(10), 60);
    expect(state.share).toBeCloseTo(20 / 60);
    state = applyHeartbeat(state, 45, at(20), 60);
    expect(state.share).toBeCloseTo(20 / 60);
    state = applyHeartbeat(state, 50, at(200), 60);
    expect(state.share).toBeCloseTo(20 / 60);
  });
});
