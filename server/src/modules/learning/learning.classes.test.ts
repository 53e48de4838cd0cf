import { sql } from 'drizzle-orm';
import { buildTestApp, createMembers, json, login, type TestApp } from '../../../test/helpers';
import { serviceWithSlot } from '../../../test/booking-fixtures';
import { orgIds } from '../../../test/learning-fixtures';

/**
 * Classes (夜校, 云课堂): services of kind `course` booked and checked in like any service; the check-in scan pays the
 * `class_attended` points once per member and session, on PGlite and (TEST_DATABASE_URL) on PostgreSQL, where
 * parallel scans really race. The live link is shown only for classes that have one.
 */
const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;
const api = '/api/v1';

describe('classes: booked as services, attendance by check-in pays points once, live links', () => {
  let t: TestApp;
  let xjkAdmin: Record<string, string>;
  let blzAdmin: Record<string, string>;
  let orgs: Record<string, string>;
  let lessonId: string;
  let foreignLessonId: string;

  beforeAll(async () => {
    t = await buildTestApp();
    xjkAdmin = (await login(t.app, '13800000001')).auth;
    blzAdmin = (await login(t.app, '13800000002')).auth;
    orgs = await orgIds(t);
    const course = async (auth: Record<string, string>, orgId: string, title: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `${api}/staff/learning/courses`,
        headers: auth,
        payload: { orgId, title, lessons: [{ title: `${title}第一讲`, kind: 'text', body: '工会会费的收缴和使用。' }] },
      });
      if (res.statusCode !== 201) throw new Error(res.body);
      const lessons = json(await t.app.inject({ url: `${api}/staff/learning/lessons`, headers: auth })).items as { id: string; courseTitle: string }[];
      return lessons.find((l) => l.courseTitle === title)!.id;
    };
    lessonId = await course(xjkAdmin, orgs.xjk!, '周三夜校·财务');
    foreignLessonId = await course(blzAdmin, orgs.blz!, '八里庄讲堂');
  });
  afterAll(() => t.close());

  const settle = (auth: Record<string, string>, serviceId: string, body: Record<string, unknown>) =>
    t.app.inject({ method: 'PUT', url: `${api}/staff/learning/classes/${serviceId}`, headers: auth, payload: body });
  const book = (auth: Record<string, string>, slotId: string) => t.app.inject({ method: 'POST', url: `${api}/bookings`, headers: auth, payload: { slotId } });
  const checkIn = (auth: Record<string, string>, token: string) =>
    t.app.inject({ method: 'POST', url: `${api}/staff/bookings/check-in`, headers: auth, payload: { token } });
  const pointsOf = async (auth: Record<string, string>) => json(await t.app.inject({ url: `${api}/points/mine`, headers: auth }));
  const ledgerRows = async (accountId: string) =>
    (
      (await t.database.db.execute(sql`select rule, source_type, source_id, delta, label from points_ledger where account_id = ${accountId}`)) as unknown as {
        rows: { rule: string; source_type: string; source_id: string; delta: number; label: string }[];
      }
    ).rows;

  it('staff link a lesson and a live link to a 技能培训 service; other kinds, other unions and plain http are refused', async () => {
    const { serviceId } = await serviceWithSlot(t.app, xjkAdmin, orgs.xjk!, { capacity: 5, kind: 'course', startsInHours: 30 });
    const saved = await settle(xjkAdmin, serviceId, { lessonId, liveUrl: 'https://live.example.org/shanfa/2' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ serviceId, liveUrl: 'https://live.example.org/shanfa/2', lesson: { id: lessonId, courseTitle: '周三夜校·财务' } });
    expect(json(await t.app.inject({ url: `${api}/staff/learning/classes/${serviceId}`, headers: xjkAdmin }))).toEqual(saved.json());
    // Null clears either.
    expect((await settle(xjkAdmin, serviceId, { lessonId: null, liveUrl: null })).json()).toEqual({ serviceId, lesson: null, liveUrl: null });

    const http = await settle(xjkAdmin, serviceId, { lessonId: null, liveUrl: 'http://live.example.org/x' });
    expect(http.statusCode).toBe(400);
    expect(http.json().error.field).toBe('liveUrl');
    const foreignLesson = await settle(xjkAdmin, serviceId, { lessonId: foreignLessonId, liveUrl: null });
    expect(foreignLesson.statusCode).toBe(404);
    expect(foreignLesson.json().error).toMatchObject({ code: 'learning.lesson_not_found', field: 'lessonId' });
    expect((await settle(blzAdmin, serviceId, { lessonId: null, liveUrl: null })).json().error.code).toBe('learning.class_not_found');
    const legal = await serviceWithSlot(t.app, xjkAdmin, orgs.xjk!, { capacity: 1, startsInHours: 30 });
    const notClass = await settle(xjkAdmin, legal.serviceId, { lessonId: null, liveUrl: 'https://live.example.org/x' });
    expect(notClass.statusCode).toBe(409);
    expect(notClass.json().error.code).toBe('learning.not_class');
    // Only the union's own lessons are offered for linking.
    const offered = json(await t.app.inject({ url: `${api}/staff/learning/lessons`, headers: xjkAdmin })).items.map((l: { id: string }) => l.id);
    expect(offered).toContain(lessonId);
    expect(offered).not.toContain(foreignLessonId);
  });

  it('members see the classes they may book in 学习, the live link only where a class has one', async () => {
    const live = await serviceWithSlot(t.app, xjkAdmin, orgs.xjk!, { capacity: 5, kind: 'course', startsInHours: 20 });
    const plain = await serviceWithSlot(t.app, xjkAdmin, orgs.xjk!, { capacity: 5, kind: 'course', startsInHours: 21 });
    await settle(xjkAdmin, live.serviceId, { lessonId, liveUrl: 'https://live.example.org/shanfa/3' });
    const legal = await serviceWithSlot(t.app, xjkAdmin, orgs.xjk!, { capacity: 1, startsInHours: 22 });
    const [member] = await createMembers(t, 'xjk', 1);
    const [outsider] = await createMembers(t, 'blz', 1);

    const items = json(await t.app.inject({ url: `${api}/learning/classes`, headers: member!.auth })).items as {
      serviceId: string;
      liveUrl: string | null;
      points: number;
    }[];
    const byId = new Map(items.map((c) => [c.serviceId, c]));
    expect(byId.get(live.serviceId)).toMatchObject({ liveUrl: 'https://live.example.org/shanfa/3', points: 10, lesson: { id: lessonId } });
    expect(byId.get(plain.serviceId)).toMatchObject({ liveUrl: null, lesson: null });
    expect(byId.has(legal.serviceId)).toBe(false);

    expect(json(await t.app.inject({ url: `${api}/learning/classes/${live.serviceId}`, headers: member!.auth })).liveUrl).toBe(
      'https://live.example.org/shanfa/3',
    );
    const plainOne = json(await t.app.inject({ url: `${api}/learning/classes/${plain.serviceId}`, headers: member!.auth }));
    expect(plainOne.liveUrl).toBeNull();
    expect(JSON.stringify(plainOne)).not.toContain('https://');
    // Another union's member, or a service that is not a class: not found (and so no link).
    for (const [who, id] of [
      [outsider!, live.serviceId],
      [member!, legal.serviceId],
    ] as const) {
      const res = await t.app.inject({ url: `${api}/learning/classes/${id}`, headers: who.auth });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('learning.class_not_found');
    }
    expect(
      json(await t.app.inject({ url: `${api}/learning/classes`, headers: outsider!.auth })).items.map((c: { serviceId: string }) => c.serviceId),
    ).not.toContain(live.serviceId);
  });

  it("pays the class's points once per attendance however often it is scanned, and marks its lesson done; other services pay none", async () => {
    const { serviceId, slotId } = await serviceWithSlot(t.app, xjkAdmin, orgs.xjk!, { capacity: 5, kind: 'course', startsInHours: 0.5 });
    await settle(xjkAdmin, serviceId, { lessonId, liveUrl: null });
    const legal = await serviceWithSlot(t.app, xjkAdmin, orgs.xjk!, { capacity: 5, startsInHours: 0.5 });
    const [member] = await createMembers(t, 'xjk', 1);

    const booking = json(await book(member!.auth, slotId));
    expect(booking.status).toBe('booked');
    const first = await checkIn(xjkAdmin, booking.qrToken);
    expect(first.statusCode).toBe(200);
    expect((await checkIn(xjkAdmin, booking.qrToken)).statusCode).toBe(200);
    // The class and the lesson it taught (5 points, as reading it would pay), once each.
    const points = await pointsOf(member!.auth);
    expect(points.balance).toBe(15);
    expect(points.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'class_attended', delta: 10, label: '劳动争议法律咨询：周三夜校·财务第一讲' }),
        expect.objectContaining({ rule: 'lesson_completed', delta: 5, label: '周三夜校·财务第一讲' }),
      ]),
    );
    // The lesson is done in the member's course, and the course (of one lesson) gives its certificate.
    const courseId = json(await t.app.inject({ url: `${api}/learning/classes/${serviceId}`, headers: member!.auth })).lesson.courseId as string;
    const course = json(await t.app.inject({ url: `${api}/learning/courses/${courseId}`, headers: member!.auth }));
    expect(course.lessons).toEqual([expect.objectContaining({ id: lessonId, completed: true })]);
    const certificates = json(await t.app.inject({ url: `${api}/learning/certificates`, headers: member!.auth })).items;
    expect(certificates).toEqual([expect.objectContaining({ source: 'course', title: '周三夜校·财务' })]);

    const other = json(await book(member!.auth, legal.slotId));
    expect((await checkIn(xjkAdmin, other.qrToken)).statusCode).toBe(200);
    expect((await pointsOf(member!.auth)).balance).toBe(15);
    expect(await ledgerRows(member!.accountId)).toEqual(
      expect.arrayContaining([
        { rule: 'class_attended', source_type: 'class_session', source_id: slotId, delta: 10, label: '劳动争议法律咨询：周三夜校·财务第一讲' },
        { rule: 'lesson_completed', source_type: 'lesson', source_id: lessonId, delta: 5, label: '周三夜校·财务第一讲' },
      ]),
    );
    expect(await ledgerRows(member!.accountId)).toHaveLength(2);
  });

  it("pays a member the class but not a lesson of a course that is not for them (a cadres' course)", async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: `${api}/staff/learning/courses`,
      headers: xjkAdmin,
      payload: { orgId: orgs.xjk, title: '干部夜校·预算', audience: 'cadres', lessons: [{ title: '预算第一讲', kind: 'text', body: '工会经费预算的编制。' }] },
    });
    expect(created.statusCode).toBe(201);
    const lessons = json(await t.app.inject({ url: `${api}/staff/learning/lessons`, headers: xjkAdmin })).items as { id: string; courseTitle: string }[];
    const cadresLesson = lessons.find((l) => l.courseTitle === '干部夜校·预算')!.id;
    const { serviceId, slotId } = await serviceWithSlot(t.app, xjkAdmin, orgs.xjk!, { capacity: 5, kind: 'course', startsInHours: 0.5 });
    expect((await settle(xjkAdmin, serviceId, { lessonId: cadresLesson, liveUrl: null })).statusCode).toBe(200);
    const [member] = await createMembers(t, 'xjk', 1);

    const booking = json(await book(member!.auth, slotId));
    expect((await checkIn(xjkAdmin, booking.qrToken)).statusCode).toBe(200);
    expect(await ledgerRows(member!.accountId)).toEqual([
      { rule: 'class_attended', source_type: 'class_session', source_id: slotId, delta: 10, label: '劳动争议法律咨询' },
    ]);
    expect(json(await t.app.inject({ url: `${api}/learning/certificates`, headers: member!.auth })).items).toEqual([]);
    const progress = (await t.database.db.execute(sql`select count(*)::int as n from lesson_progress where account_id = ${member!.accountId}`)) as unknown as {
      rows: { n: number }[];
    };
    expect(progress.rows[0]!.n).toBe(0);
  });

  onRealPostgres('parallel check-ins of one booking on PostgreSQL pay the class points once', async () => {
    const { slotId } = await serviceWithSlot(t.app, xjkAdmin, orgs.xjk!, { capacity: 20, kind: 'course', startsInHours: 0.5 });
    const members = await createMembers(t, 'xjk', 10);
    const scanner = (await login(t.app, '13800000005')).auth;
    for (const member of members) {
      const booking = json(await book(member.auth, slotId));
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => checkIn(i % 2 ? scanner : xjkAdmin, booking.qrToken)));
      expect(answers.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    }
    const rows = (await t.database.db.execute(sql`
      select l.account_id, count(*)::int as n, sum(l.delta)::int as points, b.balance
      from points_ledger l join points_balances b on b.account_id = l.account_id
      where l.source_id = ${slotId} group by l.account_id, b.balance`)) as unknown as { rows: { n: number; points: number; balance: number }[] };
    expect(rows.rows).toHaveLength(10);
    for (const r of rows.rows) expect(r).toEqual(expect.objectContaining({ n: 1, points: 10, balance: 10 }));
  });
});
