import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { PRIVACY_NOTICE_VERSION, type StaffRole } from '@union/shared';
import { accounts } from '../../src/modules/auth';
import { insertGrant } from '../../src/modules/access';
import { notificationsOf } from '../../src/modules/notifications';
import { DEMO_CLERK } from '../../src/seed/merchants-seed';
import { serviceWithSlot } from '../booking-fixtures';
import { rightAnswers, sampleTest, SAMPLE_BANK_CSV } from '../learning-fixtures';
import { bearer, buildTestApp, createMembers, login, signAccessToken, testIdNumber, type TestApp } from '../helpers';
import {
  isStaffOperation,
  loadOperations,
  outcome,
  PUBLIC_OPERATIONS,
  STREAMING_OPERATIONS,
  validRequest,
  type Operation,
  type SampleContext,
} from './openapi';

/**
 * Access control for every operation in the OpenAPI document: without a token, across roles, across
 * members and across unions, and for fields no caller may set. Each check collects every offending
 * operation, so one run names all of them.
 */

type Auth = Record<string, string>;
interface Actor {
  name: string;
  auth: Auth;
}

let t: TestApp;
let ops: Operation[];
const actors = {} as Record<'operator' | 'staffX' | 'staffY' | 'member' | 'applicantA' | 'applicantB', Actor>;
/** Union X (新街口, staffX) and union Y (八里庄, staffY). */
let orgX = '';
let orgY = '';
/** Pending applications: A's with union X, B's with union Y. */
let appA = '';
let appB = '';
let liveTicket = '';
/** Services of union X and of union Y, and two bookings of members none of the actors is. */
let serviceX = '';
/** A slot of serviceX ({slotId} in the admin slot routes). */
let slotX = '';
let serviceY = '';
/** A class (a 技能培训 service) of union X and one of union Y: no actor is a member of Y. */
let classX = '';
let classY = '';
let bookingA = '';
let bookingB = '';
/** The notices those two bookings wrote to each member's 消息. */
let messageA = '';
let messageB = '';
/** A 普惠商户 signed by union X, and one by union Y. */
let merchantX = '';
let merchantY = '';
/** Stall events (places where benefits are claimed) of union X and Y, and a benefit campaign of each. */
let eventX = '';
let eventY = '';
let campaignX = '';
let campaignY = '';
/** A staff grant of union X and one of union Y, and the accounts holding them (a scanner each). */
let grantX = '';
let grantY = '';
let staffAccountX = '';
let staffAccountY = '';
/** A staff invitation of union X and one of union Y, waiting for people none of the actors is. */
let invitationX = '';
let invitationY = '';
/** A test set by union Y, and attempts at it by two members none of the actors is. */
let testY = '';
let attemptA = '';
let attemptB = '';
/** A course of union Y and its lesson: no actor is a member there. */
let courseY = '';
let lessonY = '';
/** A member of union X and one of union Y, each asking to move to the courier federation (neither X nor Y). */
let memberX = '';
let memberY = '';
let transferX = '';
let transferY = '';
/** A contest of each union, and an attempt at each answered faster than anyone reads (flagged for staff review). */
let contestX = '';
let contestY = '';
let contestAttemptX = '';
let contestAttemptY = '';
/** Certificates of the two members none of the actors is. */
let certificateA = '';
let certificateB = '';
let calls = 0;
/** One caller of every kind, with the staff roles it holds: none for a member, an applicant or a shop's clerk. */
let callers: { actor: Actor; roles: StaffRole[] }[] = [];

async function send(options: InjectOptions): Promise<LightMyRequestResponse> {
  calls++;
  return t.app.inject(options);
}

/**
 * Which resource a path's {id} names: the segment before it (/staff/applications/{id} -> applications).
 * A new kind of resource must be added here, or the suite fails and says so.
 */
function resourceOf(op: Operation): { ofA: string; ofB: string; ofX: string; ofY: string; kind?: string } {
  const segments = op.path.split('/');
  const segment = segments[segments.indexOf('{id}') - 1];
  switch (segment) {
    case '{kind}':
      return { ofA: '', ofB: '', ofX: eventX, ofY: eventY, kind: 'event' };
    case 'benefits':
      // A campaign belongs to no member: the member route (claim) gets an id no one can claim, which must be 404.
      return isStaffOperation(op) ? { ofA: '', ofB: '', ofX: campaignX, ofY: campaignY } : { ofA: randomUUID(), ofB: randomUUID(), ofX: '', ofY: '' };
    case 'applications':
      return { ofA: appA, ofB: appB, ofX: appA, ofY: appB };
    case 'orgs':
      return { ofA: '', ofB: '', ofX: orgX, ofY: orgY };
    case 'services':
      // Members see a service only when their union may use it: union Y's is nobody's here but Y's.
      return { ofA: serviceY, ofB: serviceY, ofX: serviceX, ofY: serviceY };
    case 'bookings':
      return { ofA: bookingA, ofB: bookingB, ofX: bookingA, ofY: bookingB };
    case 'merchants':
      return { ofA: '', ofB: '', ofX: merchantX, ofY: merchantY };
    case 'messages':
      return { ofA: messageA, ofB: messageB, ofX: '', ofY: '' };
    case 'invitations':
      // A staff invitation is its union's admins' to withdraw.
      if (isStaffOperation(op)) return { ofA: '', ofB: '', ofX: invitationX, ofY: invitationY };
      // A clerk invitation is the invited person's: nobody here was invited, so every answer must be 404.
      return { ofA: merchantX, ofB: merchantY, ofX: '', ofY: '' };
    case 'staff-invitations':
      // So is a staff invitation: nobody here was invited to these, so every answer must be 404.
      return { ofA: invitationX, ofB: invitationY, ofX: '', ofY: '' };
    case 'grants':
      return { ofA: '', ofB: '', ofX: grantX, ofY: grantY };
    case 'accounts':
      return { ofA: '', ofB: '', ofX: staffAccountX, ofY: staffAccountY };
    case 'tests':
      // A test of union Y: no actor is a member there.
      return { ofA: testY, ofB: testY, ofX: '', ofY: '' };
    case 'attempts':
      return { ofA: attemptA, ofB: attemptB, ofX: '', ofY: '' };
    case 'courses':
      return { ofA: courseY, ofB: courseY, ofX: '', ofY: '' };
    case 'lessons':
      return { ofA: lessonY, ofB: lessonY, ofX: '', ofY: '' };
    case 'members':
      return { ofA: '', ofB: '', ofX: memberX, ofY: memberY };
    case 'transfers':
      return { ofA: '', ofB: '', ofX: transferX, ofY: transferY };
    case 'contests':
      // A contest of union Y: no actor is a member there.
      return { ofA: contestY, ofB: contestY, ofX: contestX, ofY: contestY };
    case 'contest-attempts':
      return { ofA: '', ofB: '', ofX: contestAttemptX, ofY: contestAttemptY };
    case 'classes':
      return { ofA: classY, ofB: classY, ofX: classX, ofY: classY };
    case 'certificates':
      return { ofA: certificateA, ofB: certificateB, ofX: '', ofY: '' };
    default:
      throw new Error(`${op.name}: no fixture for "${segment}" resources; add one to resourceOf() in access-control.test.ts`);
  }
}

const hasId = (op: Operation) => op.params.some((p) => p.name === 'id');
const privateOps = () => ops.filter((op) => !PUBLIC_OPERATIONS.has(op.name));
const staffOps = () => ops.filter(isStaffOperation);
const memberIdOps = () => privateOps().filter((op) => !isStaffOperation(op) && hasId(op));

beforeAll(async () => {
  t = await buildTestApp({ env: { BANK_DEV_ISSUE_DELAY_MS: '0' } });
  const as = async (name: string, phone: string) => ({ name, auth: (await login(t.app, phone)).auth });
  actors.operator = await as('operator', '13800000000');
  actors.staffX = await as('staff of union X', '13800000001');
  actors.staffY = await as('staff of union Y', '13800000002');
  actors.member = await as('member', '13900000002');
  actors.applicantA = await as('applicant A', '13900000001');
  actors.applicantB = await as('applicant B', '13900000088');
  const orgOf = async (a: Actor) => (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: a.auth })).json().grants[0].orgId as string;
  orgX = await orgOf(actors.staffX);
  orgY = await orgOf(actors.staffY);
  const submit = async (a: Actor, orgId: string, person: number, workDistrict: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: a.auth,
      payload: {
        name: '张三丰',
        idNumber: testIdNumber(person),
        employer: '美团',
        category: 'rider',
        workDistrict,
        orgId,
        consentVersion: PRIVACY_NOTICE_VERSION,
      },
    });
    if (res.statusCode !== 201) throw new Error(`fixture application: ${res.statusCode} ${res.body}`);
    return res.json().id as string;
  };
  const merchantOf = async (orgId: string) =>
    ((await t.database.db.execute(sql`select id from merchants where org_id = ${orgId} order by name limit 1`)) as unknown as { rows: { id: string }[] })
      .rows[0]!.id;
  merchantX = await merchantOf(orgX);
  merchantY = await merchantOf(orgY);
  appA = await submit(actors.applicantA, orgX, 301, '110102');
  appB = await submit(actors.applicantB, orgY, 302, '110105');
  const event = async (a: Actor, orgId: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/events',
        headers: a.auth,
        payload: { orgId, title: '夏送清凉', place: '暖心驿站', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() },
      })
    ).json().id as string;
  eventX = await event(actors.staffX, orgX);
  eventY = await event(actors.staffY, orgY);
  const campaign = async (a: Actor, orgId: string, eventId: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/benefits',
      headers: a.auth,
      payload: {
        orgId,
        title: '冰饮',
        kind: 'gift',
        quota: 10,
        period: 'daily',
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        eligibleOrgId: orgId,
        places: [{ kind: 'event', id: eventId }],
        requiresRotatingCode: false,
      },
    });
    if (res.statusCode !== 201) throw new Error(`fixture campaign: ${res.statusCode} ${res.body}`);
    return res.json().id as string;
  };
  campaignX = await campaign(actors.staffX, orgX, eventX);
  campaignY = await campaign(actors.staffY, orgY, eventY);
  liveTicket = (await t.app.inject({ method: 'POST', url: '/api/v1/live/ticket', headers: actors.applicantA.auth })).json().ticket;
  const x = await serviceWithSlot(t.app, actors.staffX.auth, orgX, { capacity: 5 });
  serviceX = x.serviceId;
  slotX = x.slotId;
  const y = await serviceWithSlot(t.app, actors.staffY.auth, orgY, { capacity: 5 });
  serviceY = y.serviceId;
  classX = (await serviceWithSlot(t.app, actors.staffX.auth, orgX, { capacity: 5, kind: 'course' })).serviceId;
  classY = (await serviceWithSlot(t.app, actors.staffY.auth, orgY, { capacity: 5, kind: 'course' })).serviceId;
  const [memberA, memberB] = await createMembers(t, 'blz', 2);
  const bookOf = async (auth: Record<string, string>) =>
    (await t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: auth, payload: { slotId: y.slotId } })).json().id as string;
  bookingA = await bookOf(memberA!.auth);
  bookingB = await bookOf(memberB!.auth);
  messageA = (await notificationsOf(t.database.db, memberA!.accountId))[0]!.id;
  messageB = (await notificationsOf(t.database.db, memberB!.accountId))[0]!.id;
  testY = (await sampleTest(t, actors.staffY.auth, orgY)).testId;
  const attemptOf = async (auth: Record<string, string>) =>
    (await t.app.inject({ method: 'POST', url: `/api/v1/learning/tests/${testY}/attempts`, headers: auth })).json().id as string;
  attemptA = await attemptOf(memberA!.auth);
  attemptB = await attemptOf(memberB!.auth);
  const course = await t.app.inject({
    method: 'POST',
    url: '/api/v1/staff/learning/courses',
    headers: actors.staffY.auth,
    payload: { orgId: orgY, title: '八里庄微课', lessons: [{ title: '入会须知', kind: 'text', body: '入会流程。' }] },
  });
  courseY = course.json().id;
  lessonY = (await t.app.inject({ url: `/api/v1/learning/courses/${courseY}`, headers: memberA!.auth })).json().lessons[0].id;
  const kdhy = ((await t.database.db.execute(sql`select id from orgs where code = 'kdhy'`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
  const mover = async (org: string) => {
    const [m] = await createMembers(t, org, 1);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/members/me/transfer',
      headers: m!.auth,
      payload: { orgId: kdhy, employer: '顺丰速运', category: 'courier' },
    });
    if (res.statusCode !== 201) throw new Error(`fixture transfer: ${res.statusCode} ${res.body}`);
    return { membershipId: m!.membershipId, transferId: res.json().id as string };
  };
  ({ membershipId: memberX, transferId: transferX } = await mover(orgX));
  ({ membershipId: memberY, transferId: transferY } = await mover(orgY));
  const contestOf = async (a: Actor, orgId: string) => {
    const bank = (
      await t.app.inject({ method: 'POST', url: '/api/v1/staff/learning/banks', headers: a.auth, payload: { orgId, title: '竞赛题库', csv: SAMPLE_BANK_CSV } })
    ).json();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/learning/contests',
      headers: a.auth,
      payload: {
        orgId,
        bankId: bank.bank.id,
        title: '普法知识竞赛',
        questionCount: 5,
        timeLimitMinutes: 10,
        opensAt: new Date().toISOString(),
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    if (res.statusCode !== 201) throw new Error(`fixture contest: ${res.statusCode} ${res.body}`);
    return res.json().id as string;
  };
  const flaggedAttempt = async (contestId: string, auth: Record<string, string>) => {
    const id = (await t.app.inject({ method: 'POST', url: `/api/v1/learning/contests/${contestId}/attempts`, headers: auth })).json().id as string;
    await t.app.inject({ method: 'POST', url: `/api/v1/learning/attempts/${id}/submit`, headers: auth, payload: { answers: await rightAnswers(t, id) } });
    return id;
  };
  contestX = await contestOf(actors.staffX, orgX);
  contestY = await contestOf(actors.staffY, orgY);
  contestAttemptX = await flaggedAttempt(contestX, (await createMembers(t, 'xjk', 1))[0]!.auth);
  contestAttemptY = await flaggedAttempt(contestY, memberA!.auth);
  const certificateOf = async (accountId: string, code: string) =>
    (
      (await t.database.db.execute(sql`
        insert into certificates (code, account_id, source, source_id, title, holder_name, org_id, org_name, issued_at)
        values (${code}, ${accountId}, 'test', ${testY}, '周五夜校测试', '李测试', ${orgY}, '八里庄', now()) returning id`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows[0]!.id;
  certificateA = await certificateOf(memberA!.accountId, 'AAAA2222');
  certificateB = await certificateOf(memberB!.accountId, 'BBBB2222');
  // An admin and nothing else: no demo login holds exactly that, so it is made here (a grant, then a token for it).
  const adminOnlyId = randomUUID();
  await t.database.db.insert(accounts).values({ id: adminOnlyId, phoneHash: `test-admin-only-${adminOnlyId}`, phoneEnc: null });
  await insertGrant(t.database.db, { accountId: adminOnlyId, orgId: orgX, role: 'admin' });
  const adminOnly = { name: 'an admin of union X (no other role)', auth: bearer(signAccessToken(t.config, { sub: adminOnlyId })) };
  // A scanner of each union, invited through the staff route and accepted, for the staff routes' {id} (a grant, an account).
  const invite = async (a: Actor, orgId: string, phone: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/staff', headers: a.auth, payload: { phone, orgId, role: 'scanner' } });
    if (res.statusCode !== 201) throw new Error(`fixture invitation: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; accountId: string };
  };
  const scannerOf = async (a: Actor, orgId: string, phone: string) => {
    const invitation = await invite(a, orgId, phone);
    const person = await login(t.app, phone);
    const accepted = await t.app.inject({ method: 'POST', url: `/api/v1/me/staff-invitations/${invitation.id}/accept`, headers: person.auth });
    if (accepted.statusCode !== 204) throw new Error(`fixture grant: ${accepted.statusCode} ${accepted.body}`);
    const staff = (await t.app.inject({ method: 'GET', url: `/api/v1/admin/staff?orgId=${orgId}`, headers: a.auth })).json().items as {
      id: string;
      accountId: string;
      status: string;
    }[];
    return staff.find((g) => g.accountId === invitation.accountId && g.status === 'active')!;
  };
  ({ id: grantX, accountId: staffAccountX } = await scannerOf(actors.staffX, orgX, '13700000201'));
  ({ id: grantY, accountId: staffAccountY } = await scannerOf(actors.staffY, orgY, '13700000202'));
  invitationX = (await invite(actors.staffX, orgX, '13700000203')).id;
  invitationY = (await invite(actors.staffY, orgY, '13700000204')).id;
  callers = [
    { actor: actors.member, roles: [] },
    { actor: actors.applicantA, roles: [] },
    { actor: await as('a clerk of a 普惠商户', DEMO_CLERK.phone), roles: [] },
    { actor: await as('a reviewer of 西城区 (no other role)', '13800000006'), roles: ['reviewer'] },
    { actor: await as('a scanner of union X (no other role)', '13800000005'), roles: ['scanner'] },
    { actor: adminOnly, roles: ['admin'] },
    { actor: actors.staffX, roles: ['reviewer', 'admin'] },
    { actor: actors.operator, roles: ['operator'] },
  ];
  ops = await loadOperations(t.app);
});
afterAll(async () => {
  console.log(
    `access control: ${ops.length} operations (${privateOps().length} private, ${staffOps().length} staff, ${ops.filter(hasId).length} with an id), ${calls} requests`,
  );
  await t.close();
});

describe('authentication', () => {
  it('lists public operations that exist', () => {
    const names = new Set(ops.map((op) => op.name));
    expect([...PUBLIC_OPERATIONS].filter((name) => !names.has(name))).toEqual([]);
    expect(ops.length).toBeGreaterThanOrEqual(25);
  });

  it('answers 401 on every other operation without a token, with a forged one, a live ticket or a refresh token, whatever the input', async () => {
    const forged = signAccessToken(t.config, { sub: randomUUID() }, { key: 'another-secret-that-is-long-enough-0123456789' });
    const { refreshToken } = await login(t.app, '13900000077');
    const credentials: [string, Auth][] = [
      ['no token', {}],
      ['a token signed with another key', { authorization: `Bearer ${forged}` }],
      ['a live ticket', { authorization: `Bearer ${liveTicket}` }],
      ['a refresh token', { authorization: `Bearer ${refreshToken}` }],
      ['not a bearer token', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
    ];
    const failures: string[] = [];
    for (const op of privateOps()) {
      for (const [what, headers] of credentials) {
        for (const options of [
          validRequest(op, { id: randomUUID(), orgId: orgX }, headers),
          { ...validRequest(op, { id: 'not-an-id' }, headers), ...(op.method === 'GET' ? {} : { payload: { status: 'approved', role: 'operator' } }) },
        ]) {
          const res = await send(options);
          if (res.statusCode !== 401 || !/^auth\./.test(res.json().error?.code ?? '')) failures.push(`${op.name} with ${what}: ${outcome(res)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers public operations without a token', async () => {
    const failures: string[] = [];
    for (const op of ops.filter((o) => PUBLIC_OPERATIONS.has(o.name) && !STREAMING_OPERATIONS.has(o.name))) {
      const res = await send({ ...validRequest(op, {}), remoteAddress: `10.77.0.${calls % 250}` });
      // A refresh with an unknown refresh token may be 401 auth.refresh_invalid; asking for a sign-in may not.
      const code = res.statusCode === 401 ? res.json().error?.code : '';
      if (code === 'auth.required' || /^auth\.token_/.test(code) || res.statusCode >= 500) failures.push(`${op.name}: ${outcome(res)}`);
    }
    expect(failures).toEqual([]);
  });

  it('opens the live stream only with a live ticket, never with an access token', async () => {
    const access = actors.applicantA.auth.authorization!.slice('Bearer '.length);
    const res = await send({ method: 'GET', url: `/api/v1/live?ticket=${access}` });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.token_invalid');
  });
});

describe('roles', () => {
  it('answers 403 to a member or an applicant on every staff route, whatever the body or id (role check before validation)', async () => {
    expect(staffOps().length).toBeGreaterThanOrEqual(8);
    const failures: string[] = [];
    for (const op of staffOps()) {
      const realIds = hasId(op) ? resourceOf(op) : undefined;
      const kind = realIds?.kind;
      for (const actor of [actors.member, actors.applicantA]) {
        const variants: [string, InjectOptions][] = [
          ['a valid request', validRequest(op, { id: realIds?.ofX, orgId: orgX, kind }, actor.auth)],
          ['an empty body', { ...validRequest(op, { id: randomUUID() }, actor.auth), ...(op.method === 'GET' ? {} : { payload: {} }) }],
          [
            'a malformed id and body',
            { ...validRequest(op, { id: 'not-an-id' }, actor.auth), ...(op.method === 'GET' ? {} : { payload: { autoApprove: 'yes', reason: 1 } }) },
          ],
          ['a bad query', { ...validRequest(op, { id: randomUUID() }, actor.auth), url: `${validRequest(op, { id: randomUUID() }).url}?limit=-1&status=nope` }],
        ];
        for (const [what, options] of variants) {
          const res = await send(options);
          if (res.statusCode !== 403) failures.push(`${op.name} as ${actor.name} with ${what}: ${outcome(res)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("checks every staff route's role before its input: every role without it gets 403, every role with it never does, whatever the body, query or id", async () => {
    const undeclared = staffOps()
      .filter((op) => !op.staffRoles?.length)
      .map((op) => op.name);
    expect(undeclared).toEqual([]);
    const failures: string[] = [];
    const refused = new Map<string, string[]>();
    const admitted = new Map<string, string[]>();
    for (const op of staffOps()) {
      for (const { actor, roles } of callers) {
        const allowed = roles.some((role) => op.staffRoles!.includes(role));
        const bad = validRequest(op, { id: 'not-an-id', kind: 'nope' }, actor.auth);
        const url = `${bad.url}${String(bad.url).includes('?') ? '&' : '?'}limit=-1&status=nope`;
        const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
        const variants: [string, InjectOptions][] = [
          ['an invalid id and query', { ...bad, url }],
          ...(hasBody
            ? ([
                ['an invalid body', { ...bad, payload: { autoApprove: 'yes', reason: 1, title: 7, token: 1, orgId: 'x' } }],
                ['malformed JSON', { ...bad, headers: { ...actor.auth, 'content-type': 'application/json' }, payload: '{"title":' }],
              ] as [string, InjectOptions][])
            : []),
        ];
        for (const [what, options] of variants) {
          const res = await send(options);
          const code = res.json().error?.code;
          const wrong = allowed
            ? res.statusCode === 401 || res.statusCode === 403 || res.statusCode >= 500
            : res.statusCode !== 403 || code !== 'auth.forbidden';
          if (wrong) failures.push(`${op.name} as ${actor.name} (needs ${op.staffRoles!.join('/')}) with ${what}: ${outcome(res)}`);
        }
        const list = allowed ? admitted : refused;
        list.set(actor.name, [...(list.get(actor.name) ?? []), op.name]);
      }
    }
    expect(failures).toEqual([]);
    // The suite tried both sides of the line for the staff roles, e.g. a scanner may scan but not edit a service.
    const scanner = callers.find((c) => c.roles.join() === 'scanner')!.actor.name;
    expect(refused.get(scanner)).toContain('PATCH /api/v1/admin/services/{id}');
    expect(admitted.get(scanner)).toEqual(expect.arrayContaining(['POST /api/v1/staff/scan', 'POST /api/v1/staff/bookings/check-in']));
    expect(refused.get(callers.find((c) => c.roles.join() === 'reviewer')!.actor.name)).toContain('POST /api/v1/admin/benefits');
    expect(admitted.get(callers.find((c) => c.roles.join() === 'admin')!.actor.name)).toContain('PATCH /api/v1/admin/services/{id}');
    expect(refused.get(actors.operator.name)).toBeUndefined();
  });

  it('lets staff read their own union through the same generated requests (the checks above can pass)', async () => {
    const failures: string[] = [];
    for (const op of staffOps().filter((o) => o.method === 'GET')) {
      const res = await send(
        validRequest(
          op,
          { id: hasId(op) ? resourceOf(op).ofX : undefined, kind: hasId(op) ? resourceOf(op).kind : undefined, orgId: orgX, slotId: slotX },
          actors.staffX.auth,
        ),
      );
      if (res.statusCode !== 200) failures.push(`${op.name} as staff of union X: ${outcome(res)}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('tenancy', () => {
  it("refuses staff of one union every route on another union's resources (403 or 404, never 2xx or 5xx)", async () => {
    const failures: string[] = [];
    const checked: string[] = [];
    for (const op of staffOps().filter(hasId)) {
      const { ofX, ofY, kind } = resourceOf(op);
      for (const [actor, id, orgId] of [
        [actors.staffY, ofX, orgY],
        [actors.staffX, ofY, orgX],
      ] as const) {
        const res = await send(validRequest(op, { id, orgId, kind }, actor.auth));
        checked.push(op.name);
        if (res.statusCode !== 403 && res.statusCode !== 404) failures.push(`${op.name} as ${actor.name} on the other union's ${id}: ${outcome(res)}`);
      }
    }
    expect(new Set(checked).size).toBeGreaterThanOrEqual(6);
    expect(failures).toEqual([]);
  });

  it("refuses everyone but the owner every member route on a member's resource", async () => {
    const failures: string[] = [];
    expect(memberIdOps().length).toBeGreaterThanOrEqual(2);
    for (const op of memberIdOps()) {
      const { ofA, ofB } = resourceOf(op);
      const attempts: [Actor, string][] = [
        [actors.applicantB, ofA],
        [actors.member, ofA],
        [actors.staffX, ofA],
        [actors.operator, ofA],
        [actors.applicantA, ofB],
      ];
      for (const [actor, id] of attempts) {
        const res = await send(validRequest(op, { id, orgId: orgX, person: 303 }, actor.auth));
        if (res.statusCode !== 403 && res.statusCode !== 404) failures.push(`${op.name} as ${actor.name} on someone else's ${id}: ${outcome(res)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('left both fixture applications untouched after all of the above', async () => {
    for (const [actor, id, orgId] of [
      [actors.applicantA, appA, orgX],
      [actors.applicantB, appB, orgY],
    ] as const) {
      const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/applications/mine', headers: actor.auth })).json().items as {
        id: string;
        status: string;
        orgId: string;
      }[];
      expect(mine.find((a) => a.id === id)).toMatchObject({ status: 'pending', orgId });
    }
  });
});

describe('fields no caller may set', () => {
  const FORBIDDEN = ['status', 'orgId', 'role', 'roles', 'memberNo', 'accountId', 'id', 'decidedBy', 'grants', 'isAdmin'];

  /** Who would send this operation for real, and with which ids. */
  function rightful(op: Operation): { auth: Auth; ctx: SampleContext } {
    if (PUBLIC_OPERATIONS.has(op.name)) return { auth: {}, ctx: {} };
    if (isStaffOperation(op))
      return {
        auth: actors.staffX.auth,
        ctx: { id: hasId(op) ? resourceOf(op).ofX : undefined, kind: hasId(op) ? resourceOf(op).kind : undefined, orgId: orgX },
      };
    if (hasId(op)) return { auth: actors.applicantA.auth, ctx: { id: resourceOf(op).ofA, orgId: orgX, person: 304 } };
    return { auth: actors.member.auth, ctx: { orgId: orgX, person: 305 } };
  }

  it('declares every request body closed (additionalProperties: false)', () => {
    const open = ops.filter((op) => op.body && op.body.additionalProperties !== false).map((op) => op.name);
    expect(open).toEqual([]);
  });

  it('answers 400 naming the field when a body carries status, orgId, role, memberNo or the like that its schema does not declare', async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const op of ops.filter((o) => o.body && !STREAMING_OPERATIONS.has(o.name))) {
      const { auth, ctx } = rightful(op);
      const base = validRequest(op, ctx, auth);
      for (const field of FORBIDDEN.filter((f) => !op.body!.properties?.[f])) {
        tried++;
        const payload = {
          ...(base.payload as object),
          [field]: field === 'status' ? 'approved' : field === 'role' ? 'operator' : field === 'orgId' ? orgY : 'x',
        };
        const res = await send({ ...base, payload, remoteAddress: `10.78.${tried % 250}.1` });
        const error = res.statusCode === 400 ? res.json().error : undefined;
        if (!error || error.code !== 'request.invalid' || !`${error.field} ${error.message}`.includes(field))
          failures.push(`${op.name} with ${field}: ${outcome(res)}`);
      }
    }
    expect(tried).toBeGreaterThanOrEqual(50);
    expect(failures).toEqual([]);
  });

  it('answers 400 to an undeclared query parameter on every operation that takes a query', async () => {
    const failures: string[] = [];
    for (const op of ops.filter((o) => o.query.length && !STREAMING_OPERATIONS.has(o.name))) {
      const { auth, ctx } = rightful(op);
      const base = validRequest(op, ctx, auth);
      const url = `${base.url}${String(base.url).includes('?') ? '&' : '?'}role=operator`;
      const res = await send({ ...base, url });
      if (res.statusCode !== 400 || res.json().error.code !== 'request.invalid') failures.push(`${op.name}: ${outcome(res)}`);
    }
    expect(failures).toEqual([]);
  });
});
