import { sql } from 'drizzle-orm';
import { buildTestApp, createMember, createMembers, json, login, type TestApp, type TestMember } from '../../../test/helpers';
import { orgIds, rightAnswers, SAMPLE_BANK_CSV } from '../../../test/learning-fixtures';

/**
 * Contests (知识竞赛) through HTTP, on PGlite and (TEST_DATABASE_URL) on PostgreSQL: tries per Beijing day, best-of
 * with ties by time, fast answers flagged out of the ranking until staff decide, rankings and answers only after the
 * window for members (live for staff), the ranking by unit with participation, settling (points once, vouchers),
 * and the staffer's subtree. Parallel settles race on PostgreSQL.
 */
const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;
const api = '/api/v1';
type Auth = { authorization: string };
/** Monday 2026-07-06, 10:00 in Beijing. */
const MONDAY_10AM = Date.parse('2026-07-06T02:00:00Z');

describe('learning: contests', () => {
  let t: TestApp;
  let clock = MONDAY_10AM;
  let operator: Auth;
  let xjkAdmin: Auth;
  let blzAdmin: Auth;
  let orgs: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp({ now: () => new Date(clock) });
    operator = (await login(t.app, '13800000000')).auth;
    xjkAdmin = (await login(t.app, '13800000001')).auth;
    blzAdmin = (await login(t.app, '13800000002')).auth;
    orgs = await orgIds(t);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    clock = MONDAY_10AM;
  });

  const get = (url: string, headers: Auth) => t.app.inject({ method: 'GET', url: `${api}${url}`, headers });
  const post = (url: string, headers: Auth, payload?: object) =>
    payload === undefined
      ? t.app.inject({ method: 'POST', url: `${api}${url}`, headers })
      : t.app.inject({ method: 'POST', url: `${api}${url}`, headers, payload });

  async function createContest(staff: Auth, orgId: string, options: Record<string, unknown> = {}): Promise<string> {
    const bank = json(await post('/staff/learning/banks', staff, { orgId, title: '竞赛题库', csv: SAMPLE_BANK_CSV }));
    const res = await post('/staff/learning/contests', staff, {
      orgId,
      bankId: bank.bank.id,
      title: '劳动法知识竞赛',
      questionCount: 5,
      timeLimitMinutes: 10,
      opensAt: new Date(clock - 3_600_000).toISOString(),
      closesAt: new Date(clock + 3 * 86_400_000).toISOString(),
      ...options,
    });
    if (res.statusCode !== 201) throw new Error(`contest not created: ${res.body}`);
    return res.json().id as string;
  }

  /** One try: start, mark `right` of the 5 questions right (the rest blank), let `seconds` pass on the clock, submit. */
  async function take(member: TestMember, contestId: string, right: number, seconds: number) {
    const started = await post(`/learning/contests/${contestId}/attempts`, member.auth);
    if (started.statusCode !== 201) throw new Error(`start refused: ${started.body}`);
    const attemptId = started.json().id as string;
    const answers = (await rightAnswers(t, attemptId)).map((a, i) => (i < right ? a : []));
    clock += seconds * 1000;
    const graded = await post(`/learning/attempts/${attemptId}/submit`, member.auth, { answers });
    expect(graded.statusCode).toBe(200);
    clock += 1000;
    return { attemptId, result: graded.json() };
  }
  const mineOf = async (member: TestMember, id: string) => json(await get(`/learning/contests/${id}`, member.auth)).mine;

  it('lists the contest with the tries left today, apart from the tests, and allows three tries a Beijing day', async () => {
    const id = await createContest(xjkAdmin, orgs.xjk!, { triesPerDay: 3 });
    const member = await createMember(t, 'xjk');
    const listed = json(await get('/learning/contests', member.auth)).items.find((c: { id: string }) => c.id === id);
    expect(listed).toMatchObject({ title: '劳动法知识竞赛', triesPerDay: 3, prizePoints: 50, mine: { triesLeftToday: 3, bestScore: null, rank: null } });
    // Not a test of its own: not listed there, and its attempts start only through the contest (which counts the tries).
    expect(json(await get('/learning/tests', member.auth)).items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await post(`/learning/tests/${id}/attempts`, member.auth)).statusCode).toBe(404);

    await take(member, id, 2, 60);
    await take(member, id, 5, 60);
    await take(member, id, 3, 60);
    expect(await mineOf(member, id)).toMatchObject({ triesToday: 3, triesLeftToday: 0, attempts: 3, bestScore: 100, bestSeconds: 60, rank: null });
    const fourth = await post(`/learning/contests/${id}/attempts`, member.auth);
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().error.code).toBe('learning.no_tries_today');

    // Midnight in Beijing (16:00 UTC) starts a new day: three more.
    clock = Date.parse('2026-07-06T16:00:30Z');
    expect(await mineOf(member, id)).toMatchObject({ triesToday: 0, triesLeftToday: 3, bestScore: 100 });
    expect((await post(`/learning/contests/${id}/attempts`, member.auth)).statusCode).toBe(201);
  });

  it('ranks by best score and then time; members see only their own total until the window closes', async () => {
    const id = await createContest(operator, orgs.xc!);
    const [a, b, f] = await createMembers(t, 'xjk', 3);
    const c = await createMember(t, 'sfxc');
    const d = await createMember(t, 'xsb');
    const { attemptId: aBest } = await take(a!, id, 5, 120);
    await take(a!, id, 2, 30); // a worse try does not lower the best
    await take(b!, id, 5, 90);
    await take(f!, id, 5, 90); // the same score in the same time: the same place
    await take(c, id, 4, 60);
    await take(d, id, 3, 200);

    expect(await mineOf(a!, id)).toMatchObject({ attempts: 2, bestScore: 100, bestSeconds: 120, rank: null });
    for (const url of [`/learning/contests/${id}/ranking`, `/learning/contests/${id}/units`]) {
      const res = await get(url, a!.auth);
      expect({ url, status: res.statusCode, code: res.json().error?.code }).toEqual({ url, status: 409, code: 'learning.ranking_after_close' });
    }
    expect(json(await get(`/learning/attempts/${aBest}/review`, a!.auth)).error.code).toBe('learning.review_after_close');

    // Staff read it live.
    const live = json(await get(`/staff/learning/contests/${id}/ranking`, operator));
    expect(live.ranked).toBe(5);
    expect(live.top.map((r: { rank: number; score: number; seconds: number }) => [r.rank, r.score, r.seconds])).toEqual([
      [1, 100, 90],
      [1, 100, 90],
      [3, 100, 120],
      [4, 80, 60],
      [5, 60, 200],
    ]);
    expect(live.top[0]).toMatchObject({ name: '李*试', orgName: '西城区新街口街道总工会' });
    expect(live.mine).toBeNull();

    // After the close: members see the ranking, their place, and the answers.
    clock = Date.parse(json(await get(`/learning/contests/${id}`, a!.auth)).closesAt) + 1000;
    const ranking = json(await get(`/learning/contests/${id}/ranking?limit=2`, a!.auth));
    expect(ranking.top).toHaveLength(2);
    expect(ranking.mine).toMatchObject({ rank: 3, score: 100, seconds: 120 });
    expect(json(await get(`/learning/contests/${id}/ranking`, d.auth)).mine).toMatchObject({ rank: 5, score: 60 });
    expect(await mineOf(c, id)).toMatchObject({ rank: 4, triesLeftToday: 0 });
    const review = await get(`/learning/attempts/${aBest}/review`, a!.auth);
    expect(review.statusCode).toBe(200);
    expect(review.json().questions[0].correctOptions.length).toBeGreaterThan(0);
    expect((await post(`/learning/contests/${id}/attempts`, a!.auth)).json().error.code).toBe('learning.not_open');
  });

  it('gives every member the place a naive ranking over all the attempts gives (ties share it; better tries move it)', async () => {
    const id = await createContest(xjkAdmin, orgs.xjk!);
    const members = await createMembers(t, 'xjk', 30);
    // Few distinct times, so that many share a ten-second slice of the ranking and some tie exactly.
    for (const [i, m] of members.entries()) {
      await take(m, id, (i * 7) % 6, [40, 45, 45, 52, 300][i % 5]!);
      if (i % 3 === 0) await take(m, id, (i * 5) % 6, [41, 45, 90][i % 3]!);
    }
    clock += 4 * 86_400_000;
    const naive = (await t.database.db.execute(sql`
      with best as (
        select distinct on (account_id) account_id, score, graded_at - started_at as took from test_attempts
        where test_id = ${id} order by account_id, score desc, graded_at - started_at
      )
      select account_id, (rank() over (order by score desc, took))::int as rank from best`)) as unknown as { rows: { account_id: string; rank: number }[] };
    const expected = Object.fromEntries(naive.rows.map((r) => [r.account_id, r.rank]));
    for (const m of members) {
      const mine = json(await get(`/learning/contests/${id}/ranking?limit=1`, m.auth)).mine;
      expect({ member: m.accountId, rank: mine.rank }).toEqual({ member: m.accountId, rank: expected[m.accountId] });
      expect((await mineOf(m, id)).rank).toBe(expected[m.accountId]);
    }
  });

  it('ranks unions under the contest’s union by participation (members who took part / members of the subtree)', async () => {
    const id = await createContest(operator, orgs.xc!);
    const counts = async () => {
      const res = (await t.database.db.execute(sql`
        select o.code, count(m.id)::int as n from orgs o left join memberships m on m.org_id = o.id and m.status <> 'left' group by o.code`)) as unknown as {
        rows: { code: string; n: number }[];
      };
      return Object.fromEntries(res.rows.map((r) => [r.code, r.n]));
    };
    const [x1, x2] = await createMembers(t, 'xjk', 2);
    const s1 = await createMember(t, 'xsb');
    const [f1] = await createMembers(t, 'sfxc', 2);
    await take(x1!, id, 5, 60);
    await take(x2!, id, 3, 60);
    await take(s1, id, 4, 60);
    await take(f1!, id, 2, 60);
    const n = await counts();

    const units = json(await get(`/staff/learning/contests/${id}/units`, operator));
    expect(units.under).toMatchObject({ id: orgs.xc, name: '西城区总工会' });
    expect(units.participants).toBe(4);
    const byName = Object.fromEntries(units.items.map((u: { orgName: string }) => [u.orgName, u]));
    const xjkMembers = n.xjk! + n.xsb!;
    expect(byName['西城区新街口街道总工会']).toMatchObject({
      participants: 3,
      members: xjkMembers,
      ratePermille: Math.round(3000 / xjkMembers),
      averageScore: 80,
    });
    expect(byName['顺丰速运北京西城分部工会']).toMatchObject({ participants: 1, members: n.sfxc, ratePermille: Math.round(1000 / n.sfxc!), averageScore: 40 });
    // Ranked by rate: the higher participation first.
    const rates = units.items.map((u: { ratePermille: number | null }) => u.ratePermille ?? -1);
    expect(rates).toEqual([...rates].sort((p: number, q: number) => q - p));

    // One level down: the community union below 新街口, and 新街口's own members (本级).
    const under = json(await get(`/staff/learning/contests/${id}/units?under=${orgs.xjk}`, operator));
    expect(under.items.map((u: { orgName: string; participants: number }) => [u.orgName, u.participants]).sort()).toEqual(
      [
        ['新街口街道西四北社区工会', 1],
        ['西城区新街口街道总工会（本级）', 2],
      ].sort(),
    );

    const csv = await get(`/staff/learning/contests/${id}/export?by=unit`, operator);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.startsWith('\ufeff名次,单位,参与人数,会员人数,参与率,平均分')).toBe(true);
    expect(csv.body).toContain('顺丰速运北京西城分部工会,1,');
    const people = await get(`/staff/learning/contests/${id}/export?by=person`, operator);
    expect(people.body.split('\r\n')[1]).toBe('1,李*试,西城区新街口街道总工会,100,60');
  });

  it('flags answers faster than a person can read: out of the ranking until staff approve; rejected stays out; audited', async () => {
    const id = await createContest(xjkAdmin, orgs.xjk!);
    const [fast, slow, bot, blank] = await createMembers(t, 'xjk', 4);
    await take(fast!, id, 5, 2);
    await take(slow!, id, 3, 100);
    const { attemptId: botAttempt } = await take(bot!, id, 5, 1);
    await take(blank!, id, 0, 1); // nothing right: nothing to flag

    expect(await mineOf(fast!, id)).toMatchObject({ attempts: 1, bestScore: null, pendingReview: 1 });
    expect(json(await get(`/staff/learning/contests/${id}/ranking`, xjkAdmin)).top.map((r: { score: number }) => r.score)).toEqual([60, 0]);
    const flagged = json(await get(`/staff/learning/contests/${id}/flagged`, xjkAdmin)).items;
    expect(flagged).toHaveLength(2);
    expect(flagged[0]).toMatchObject({ flag: 'pending', score: 100 });
    expect(flagged[0].seconds).toBeLessThan(flagged[0].minSeconds);
    const fastAttempt = flagged.find((f: { attemptId: string }) => f.attemptId !== botAttempt).attemptId as string;

    const approved = await post(`/staff/learning/contest-attempts/${fastAttempt}/review`, xjkAdmin, { decision: 'approve' });
    expect(approved.json()).toMatchObject({ attemptId: fastAttempt, flag: 'approved' });
    expect(json(await post(`/staff/learning/contest-attempts/${botAttempt}/review`, xjkAdmin, { decision: 'reject' })).flag).toBe('rejected');
    const after = json(await get(`/staff/learning/contests/${id}/ranking`, xjkAdmin));
    expect(after.top.map((r: { score: number; seconds: number }) => [r.score, r.seconds])).toEqual([
      [100, 2],
      [60, 100],
      [0, 1],
    ]);
    expect(await mineOf(fast!, id)).toMatchObject({ bestScore: 100, pendingReview: 0 });
    expect(await mineOf(bot!, id)).toMatchObject({ bestScore: null, pendingReview: 0 });
    const staffList = json(await get('/staff/learning/contests', xjkAdmin)).items.find((c: { id: string }) => c.id === id);
    expect(staffList).toMatchObject({ participants: 4, pendingReview: 0 });
    const audit = (await t.database.db.execute(
      sql`select detail->>'decision' as decision from audit_log where action = 'learning.contest_flag_review' and target_id in (${fastAttempt}, ${botAttempt}) order by created_at`,
    )) as unknown as { rows: { decision: string }[] };
    expect(audit.rows.map((r) => r.decision)).toEqual(['approved', 'rejected']);
  });

  it('settles a closed contest once: the top places get the contest_place points; not before the close, nor while a flag waits', async () => {
    const id = await createContest(xjkAdmin, orgs.xjk!, { prizePlaces: 2 });
    const [first, second, third, quick] = await createMembers(t, 'xjk', 4);
    await take(first!, id, 5, 100);
    await take(second!, id, 4, 100);
    await take(third!, id, 3, 100);
    const { attemptId: quickAttempt } = await take(quick!, id, 5, 1);

    const early = await post(`/staff/learning/contests/${id}/settle`, xjkAdmin);
    expect(early.json().error.code).toBe('learning.contest_not_closed');
    clock += 4 * 86_400_000;
    expect(json(await post(`/staff/learning/contests/${id}/settle`, xjkAdmin)).error.code).toBe('learning.flags_pending');
    await post(`/staff/learning/contest-attempts/${quickAttempt}/review`, xjkAdmin, { decision: 'reject' });

    const settled = await post(`/staff/learning/contests/${id}/settle`, xjkAdmin);
    expect(settled.statusCode).toBe(200);
    expect(
      settled.json().prizes.map((p: { place: number; score: number; pointsPaid: number; voucher: null }) => [p.place, p.score, p.pointsPaid, p.voucher]),
    ).toEqual([
      [1, 100, 50, null],
      [2, 80, 50, null],
    ]);
    const points = json(await get('/points/mine', first!.auth));
    expect(points).toMatchObject({ balance: 50, items: [{ rule: 'contest_place', label: '劳动法知识竞赛 第1名', delta: 50 }] });
    expect(json(await get('/points/mine', third!.auth)).balance).toBe(0);

    // Again: the same places, nothing paid twice; and the flags are final now.
    expect(json(await post(`/staff/learning/contests/${id}/settle`, xjkAdmin)).prizes).toEqual(settled.json().prizes);
    const ledger = (await t.database.db.execute(
      sql`select count(*)::int as n from points_ledger where rule = 'contest_place' and source_id = ${id}`,
    )) as unknown as { rows: { n: number }[] };
    expect(ledger.rows[0]!.n).toBe(2);
    expect(json(await post(`/staff/learning/contest-attempts/${quickAttempt}/review`, xjkAdmin, { decision: 'approve' })).error.code).toBe(
      'learning.contest_settled',
    );
    expect(json(await get(`/staff/learning/contests`, xjkAdmin)).items.find((c: { id: string }) => c.id === id).settledAt).not.toBeNull();
  });

  it('pays the places a voucher from a voucher campaign too, once', async () => {
    clock = Date.now(); // inside the demo campaign's window
    const campaigns = (await t.database.db.execute(sql`select id, kind from benefit_campaigns`)) as unknown as { rows: { id: string; kind: string }[] };
    const voucher = campaigns.rows.find((c) => c.kind === 'voucher')!.id;
    const gift = campaigns.rows.find((c) => c.kind !== 'voucher')!.id;
    const refused = await post('/staff/learning/contests', operator, {
      orgId: orgs.xc,
      bankId: json(await post('/staff/learning/banks', operator, { orgId: orgs.xc, title: '题库', csv: SAMPLE_BANK_CSV })).bank.id,
      title: '礼品不是券',
      questionCount: 5,
      timeLimitMinutes: 10,
      prizeCampaignId: gift,
      opensAt: new Date(clock).toISOString(),
      closesAt: new Date(clock + 86_400_000).toISOString(),
    });
    expect(refused.json().error).toMatchObject({ code: 'learning.prize_campaign_invalid', field: 'prizeCampaignId' });
    // A campaign of the city union is outside 新街口's admin's scope.
    await expect(createContest(xjkAdmin, orgs.xjk!, { prizeCampaignId: voucher })).rejects.toThrow(/prize_campaign_invalid/);

    const id = await createContest(operator, orgs.xc!, { prizePlaces: 1, prizeCampaignId: voucher });
    expect(json(await get('/staff/learning/contests', operator)).items.find((c: { id: string }) => c.id === id).prizeVoucher).toBe('留京过年消费券 4×40元');
    const [winner, runnerUp] = await createMembers(t, 'xjk', 2);
    await take(winner!, id, 5, 100);
    await take(runnerUp!, id, 4, 100);
    clock += 4 * 86_400_000;
    const settled = json(await post(`/staff/learning/contests/${id}/settle`, operator));
    expect(settled.prizes).toEqual([expect.objectContaining({ place: 1, score: 100, pointsPaid: 50, voucher: 'granted', voucherNote: null })]);
    const vouchers = json(await get('/benefits/claims/mine', winner!.auth)).items;
    expect(vouchers).toEqual([expect.objectContaining({ campaignId: voucher, voucher: true })]);
    await post(`/staff/learning/contests/${id}/settle`, operator);
    expect(json(await get('/benefits/claims/mine', winner!.auth)).items).toHaveLength(1);
    expect(json(await get('/benefits/claims/mine', runnerUp!.auth)).items).toHaveLength(0);
  });

  it('keeps contests and their rankings to the staffer’s subtree', async () => {
    const id = await createContest(operator, orgs.xc!);
    const member = await createMember(t, 'xjk');
    await take(member, id, 5, 2);
    const attemptId = json(await get(`/staff/learning/contests/${id}/flagged`, operator)).items[0].attemptId as string;
    // 八里庄 is elsewhere; 新街口 lies below 西城 but the contest is 西城's.
    for (const staff of [blzAdmin, xjkAdmin]) {
      expect(json(await get('/staff/learning/contests', staff)).items.map((c: { id: string }) => c.id)).not.toContain(id);
      for (const url of ['ranking', 'units', 'export', 'flagged']) {
        const res = await get(`/staff/learning/contests/${id}/${url}`, staff);
        expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
      }
      expect((await post(`/staff/learning/contests/${id}/settle`, staff)).statusCode).toBe(404);
      expect((await post(`/staff/learning/contest-attempts/${attemptId}/review`, staff, { decision: 'approve' })).statusCode).toBe(404);
    }
    // A union outside the contest's subtree is no place to read it under.
    expect((await get(`/staff/learning/contests/${id}/units?under=${orgs.blz}`, operator)).json().error.code).toBe('orgs.not_found');
    // Nor does a member elsewhere see it.
    const elsewhere = await createMember(t, 'blz');
    expect((await get(`/learning/contests/${id}`, elsewhere.auth)).statusCode).toBe(404);
    expect((await post(`/learning/contests/${id}/attempts`, elsewhere.auth)).statusCode).toBe(404);
  });

  onRealPostgres('keeps the ranking whole when forty members hand in at once, and a member’s parallel starts use one try', async () => {
    const id = await createContest(xjkAdmin, orgs.xjk!);
    const members = [...(await createMembers(t, 'xjk', 25)), ...(await createMembers(t, 'xsb', 15))];
    const attempts = await Promise.all(members.map(async (m) => (await post(`/learning/contests/${id}/attempts`, m.auth)).json().id as string));
    const answers = await Promise.all(attempts.map((a) => rightAnswers(t, a)));
    clock += 60_000;
    const graded = await Promise.all(
      attempts.map((a, i) => post(`/learning/attempts/${a}/submit`, members[i]!.auth, { answers: answers[i]!.map((x, j) => (j < i % 6 ? x : [])) })),
    );
    expect(graded.map((g) => g.statusCode)).toEqual(Array(40).fill(200));
    const figures = (await t.database.db.execute(sql`
      select (select count(*) from contest_entries where contest_id = ${id} and rank_key is not null)::int as entries,
        (select sum(ranked) from contest_org_stats where contest_id = ${id})::int as ranked,
        (select sum(participants) from contest_org_stats where contest_id = ${id})::int as participants,
        (select sum(n) from contest_rank_buckets where contest_id = ${id})::int as sliced`)) as unknown as { rows: Record<string, number>[] };
    expect(figures.rows[0]).toEqual({ entries: 40, ranked: 40, participants: 40, sliced: 40 });

    // Two tries used today; ten starts at once open one attempt between them, the third and last.
    const member = members[0]!;
    clock += 60_000;
    await take(member, id, 1, 30);
    const starts = await Promise.all(Array.from({ length: 10 }, () => post(`/learning/contests/${id}/attempts`, member.auth)));
    expect(starts.map((s) => s.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(starts.map((s) => s.json().id)).size).toBe(1);
    expect(await mineOf(member, id)).toMatchObject({ triesToday: 3, triesLeftToday: 0 });
  });

  onRealPostgres('pays each place once when twenty settles race', async () => {
    const id = await createContest(xjkAdmin, orgs.xjk!, { prizePlaces: 3 });
    const members = await createMembers(t, 'xjk', 4);
    for (const [i, m] of members.entries()) await take(m, id, 5 - i, 100);
    clock += 4 * 86_400_000;
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(`/staff/learning/contests/${id}/settle`, xjkAdmin)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
    const places = answers.map((a) => JSON.stringify(a.json().prizes));
    expect(new Set(places).size).toBe(1);
    expect(answers[0]!.json().prizes).toHaveLength(3);
    const ledger = (await t.database.db.execute(
      sql`select account_id, sum(delta)::int as paid from points_ledger where rule = 'contest_place' and source_id = ${id} group by account_id`,
    )) as unknown as { rows: { account_id: string; paid: number }[] };
    expect(ledger.rows.map((r) => r.paid)).toEqual([50, 50, 50]);
    const audits = (await t.database.db.execute(
      sql`select count(*)::int as n from audit_log where action = 'learning.contest_settle' and target_id = ${id}`,
    )) as unknown as { rows: { n: number }[] };
    expect(audits.rows[0]!.n).toBe(1);
  });
});
