import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, inArray } from 'drizzle-orm';
import { BANK_CONSENT_VERSION, maskPhone, PRIVACY_NOTICE_VERSION } from '@union/shared';
import type { RealNameProvider } from '../../adapters/realname/realname.adapter';
import { buildTestApp, json, login, testIdNumber, type TestApp } from '../../../test/helpers';
import { createFieldCrypto } from '../../lib/crypto';
import { auditTrail } from '../audit/audit.repository';
import { membershipHistory } from '../members/members.repository';
import { memberNoCounters } from '../members/members.table';
import { orgs } from '../orgs/orgs.table';
import { applications } from './applications.table';

/** Real-name stand-in: IDs in `reject` fail, IDs in `down` cannot be checked. */
const reject = new Set<string>();
const down = new Set<string>();
const realName: RealNameProvider = {
  name: 'test',
  async verify({ idNumber }) {
    if (reject.has(idNumber)) return { outcome: 'failed', reason: 'mismatch' };
    if (down.has(idNumber)) return { outcome: 'unavailable', reason: 'carrier timeout' };
    return { outcome: 'passed' };
  },
};

const form = (n: number, extra: Record<string, unknown> = {}) => ({
  name: '李长财',
  idNumber: testIdNumber(n),
  employer: '美团',
  category: 'rider',
  workDistrict: '110102',
  consentVersion: PRIVACY_NOTICE_VERSION,
  ...extra,
});

let t: TestApp;
type Auth = { authorization: string };

async function call(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, auth?: Auth, payload?: unknown) {
  const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: auth, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return res;
}

let applicantSeq = 0;
async function applicant() {
  applicantSeq++;
  return (await login(t.app, `1391${String(applicantSeq).padStart(7, '0')}`)).auth;
}

let xjk: Auth, blz: Auth, xcDistrict: Auth, kdhy: Auth, scanner: Auth, zgc: Auth, operator: Auth;
let zgcAccessToken = '';

beforeAll(async () => {
  t = await buildTestApp({ realName, env: { BANK_DEV_ISSUE_DELAY_MS: '0' } });
  xjk = (await login(t.app, '13800000001')).auth;
  blz = (await login(t.app, '13800000002')).auth;
  kdhy = (await login(t.app, '13800000004')).auth;
  scanner = (await login(t.app, '13800000005')).auth;
  xcDistrict = (await login(t.app, '13800000006')).auth;
  const zgcLogin = await login(t.app, '13800000003');
  zgc = zgcLogin.auth;
  zgcAccessToken = zgcLogin.accessToken;
  operator = (await login(t.app, '13800000000')).auth;
});
afterAll(() => t.close());

describe('the staff queue puts the person in front of them first', () => {
  it('lists the newest first, filters by stall event and finds an applicant by the last 4 digits of the phone', async () => {
    const orgId = (await json(await call('GET', '/me', xjk))).grants[0].orgId;
    const startsAt = new Date();
    const event = json(
      await call('POST', '/staff/events', xjk, {
        orgId,
        title: '外卖骑手专场',
        place: '新街口外大街8号',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
      }),
    );
    const early = await login(t.app, '13977770101');
    const late = await login(t.app, '13977770202');
    const first = json(await call('POST', '/applications', early.auth, form(901, { orgId })));
    const second = json(await call('POST', '/applications', late.auth, form(902, { eventCode: event.code })));

    const all = json(await call('GET', '/staff/applications', xjk)).items.map((i: { id: string }) => i.id);
    expect(all.indexOf(second.id)).toBeLessThan(all.indexOf(first.id));
    expect(all.indexOf(second.id)).toBe(0);

    const byEvent = json(await call('GET', `/staff/applications?eventId=${event.id}`, xjk));
    expect(byEvent.items.map((i: { id: string }) => i.id)).toEqual([second.id]);
    expect(byEvent.total).toBe(1);

    const byPhone = json(await call('GET', '/staff/applications?phoneLast4=0101', xjk));
    expect(byPhone.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
    expect(byPhone.items[0].phone).toBe('139****0101');

    const bad = await call('GET', '/staff/applications?phoneLast4=01a1', xjk);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('请输入手机号后4位');
    // Another union's staff find nothing by the same digits.
    expect(json(await call('GET', '/staff/applications?phoneLast4=0101', blz)).items).toEqual([]);
  });
});

describe('入会到: the union that will review, as soon as the district is chosen', () => {
  it('previews the routing a submission would use, without signing in', async () => {
    const at = async (query: string) => (await call('GET', `/applications/route-preview?${query}`)).json();
    // No union of the worker's own: the street union of the work district (兜底入会)...
    expect((await at('district=110102&category=other')).org).toMatchObject({ name: '西城区新街口街道总工会' });
    expect((await at('district=110105&category=other')).org).toMatchObject({ name: '朝阳区八里庄街道总工会', contact: { phone: '010-85763344' } });
    // ...and a union the worker chose wins.
    const chosen = (await at('district=110102&category=other')).org.id;
    expect((await at(`district=110105&category=other&orgId=${chosen}`)).org.id).toBe(chosen);
    // An unknown stall code or union names nothing rather than failing.
    expect((await at('district=110102&category=other&eventCode=NOSUCH99')).org).toBeNull();
    const bad = await call('GET', '/applications/route-preview?district=abc&category=courier');
    expect(bad.statusCode).toBe(400);
  });
});

describe('join at the stall', () => {
  it('takes an application from a stall QR to an approved member with a card and a bank card', async () => {
    const startsAt = new Date();
    const event = await call('POST', '/staff/events', xjk, {
      orgId: (await json(await call('GET', '/me', xjk))).grants[0].orgId,
      title: '快递员专场职工沟通会',
      place: '新街口快递分拣中心暖心驿站',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
    });
    expect(event.statusCode).toBe(201);
    const { code, joinUrl, weappPath } = event.json();
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    expect(joinUrl).toBe(`/#/pages/join/index?event=${code}`);
    expect(weappPath).toBe(`pages/join/index?scene=${code}`);
    expect(json(await call('GET', `/events/${code}`)).orgName).toBe('西城区新街口街道总工会');

    // 入会到 names the union before anything is submitted: the stall's, whatever district is chosen.
    const preview = await call('GET', `/applications/route-preview?district=110105&category=courier&eventCode=${code}`);
    expect(preview.json().org).toMatchObject({ name: '西城区新街口街道总工会', contact: { phone: '010-83259876', officeHoursText: '周一至周五 8:30-17:30' } });

    const me = await applicant();
    const submitted = await call('POST', '/applications', me, form(1, { eventCode: code, workDistrict: '110105' }));
    expect(submitted.statusCode).toBe(201);
    const application = submitted.json();
    expect(application).toMatchObject({
      status: 'pending',
      kind: 'join',
      orgName: '西城区新街口街道总工会',
      orgContact: { phone: '010-83259876', officeHours: '1-5 08:30-17:30', officeHoursText: '周一至周五 8:30-17:30' },
      eventTitle: '快递员专场职工沟通会',
      idNumber: `110***********${testIdNumber(1).slice(-4)}`,
      gender: 'male',
      birthDate: '1990-03-02',
    });

    const queue = json(await call('GET', '/staff/applications', xjk));
    const item = queue.items.find((i: { id: string }) => i.id === application.id);
    expect(item).toMatchObject({
      age: expect.any(Number),
      phone: expect.stringMatching(/^139\*{4}\d{4}$/),
      eventTitle: '快递员专场职工沟通会',
      warnings: [],
      realName: 'passed',
    });
    // The district union above sees it too; a union elsewhere does not.
    expect(json(await call('GET', '/staff/applications', xcDistrict)).items.map((i: { id: string }) => i.id)).toContain(application.id);
    expect(json(await call('GET', '/staff/applications', blz)).items.map((i: { id: string }) => i.id)).not.toContain(application.id);

    const approved = await call('POST', `/staff/applications/${application.id}/approve`, xjk);
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('approved');
    expect(approved.json().memberNo).toMatch(new RegExp(`^110102${String(new Date().getFullYear() % 100)}\\d{6}$`));
    const again = await call('POST', `/staff/applications/${application.id}/approve`, xjk);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('applications.already_decided');
    expect((await call('POST', `/staff/applications/${application.id}/reject`, xjk, { reason: '信息不完整' })).statusCode).toBe(409);

    const card = json(await call('GET', '/members/me/card', me));
    expect(card).toMatchObject({
      memberNo: approved.json().memberNo,
      name: '李长财',
      orgName: '西城区新街口街道总工会',
      status: 'active',
      serviceCard: { status: 'none' },
    });
    expect(json(await call('GET', '/me', me)).roles).toEqual(['member']);

    const noConsent = await call('POST', '/members/me/service-card', me, { consentVersion: 'x' });
    expect(noConsent.statusCode).toBe(400);
    const applied = await call('POST', '/members/me/service-card', me, { consentVersion: BANK_CONSENT_VERSION });
    expect(applied.statusCode).toBe(202);
    expect(['applying', 'issued']).toContain(applied.json().serviceCard.status);
    await new Promise((r) => setTimeout(r, 2_100));
    const issued = json(await call('GET', '/members/me/card', me));
    expect(issued.serviceCard).toMatchObject({ status: 'issued', bankName: '北京银行', cardNo: expect.stringMatching(/^\d{4} \*{4} \*{4} \d{4}$/) });
    expect((await call('POST', '/members/me/service-card', me, { consentVersion: BANK_CONSENT_VERSION })).json().error.code).toBe(
      'members.service_card_exists',
    );

    const trail = await auditTrail(t.database.db, 'application', application.id);
    expect(trail.map((a) => a.action)).toEqual(['application.submit', 'application.approve']);
  });

  it('keeps one pending application per person and offers a transfer to a member', async () => {
    const me = await applicant();
    expect((await call('POST', '/applications', me, form(2))).statusCode).toBe(201);
    const dup = await call('POST', '/applications', me, form(2, { employer: '饿了么' }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'applications.duplicate', message: '您已有一份待审核的入会申请，请等待审核结果' });
    // Another account with the same ID number is the same person.
    expect((await call('POST', '/applications', await applicant(), form(2))).json().error.code).toBe('applications.duplicate');

    const pending = json(await call('GET', '/staff/applications', xjk)).items.find((i: { idNumber: string }) => i.idNumber.endsWith(testIdNumber(2).slice(-4)));
    await call('POST', `/staff/applications/${pending.id}/approve`, xjk);
    const member = await call('POST', '/applications', me, form(2, { orgId: await orgId('kdhy') }));
    expect(member.statusCode).toBe(409);
    expect(member.json().error).toMatchObject({ code: 'members.already_member', canTransfer: true, orgName: '西城区新街口街道总工会' });
    const sameUnion = await call('POST', '/applications', me, form(2));
    expect(sameUnion.json().error).toMatchObject({ code: 'members.already_member', canTransfer: false });
    // A member moves by a transfer of the membership (members.lifecycle.test.ts), never by a second application.
    expect((await call('POST', '/applications', me, form(2, { orgId: await orgId('kdhy'), transfer: true }))).json().error).toMatchObject({
      code: 'request.invalid',
      field: 'transfer',
    });
    const history = await membershipHistory(t.database.db, await personHash(testIdNumber(2)));
    expect(history.map((h) => h.kind)).toEqual(['join']);
  });

  it('lets the applicant withdraw a pending application and correct a rejected one', async () => {
    const me = await applicant();
    const first = json(await call('POST', '/applications', me, form(3)));
    const withdrawn = await call('POST', `/applications/${first.id}/withdraw`, me);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect((await call('POST', `/applications/${first.id}/withdraw`, me)).json().error.code).toBe('applications.not_editable');

    const second = json(await call('POST', '/applications', me, form(3)));
    const rejected = await call('POST', `/staff/applications/${second.id}/reject`, xjk, { reason: '身份信息与证件不符' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectReason: '身份信息与证件不符' });
    const mine = json(await call('GET', '/applications/mine', me)).items;
    expect(mine.map((a: { status: string }) => a.status)).toEqual(['rejected', 'withdrawn']);

    const corrected = await call('PUT', `/applications/${second.id}`, me, form(3, { name: '李长才' }));
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json()).toMatchObject({ status: 'pending', name: '李长才', rejectReason: null });
    expect(json(await call('GET', `/staff/applications/${second.id}`, xjk)).warnings).toEqual([{ code: 'resubmitted', message: '驳回后第1次重新提交' }]);
    expect((await call('PUT', `/applications/${second.id}`, me, form(3))).json().error.code).toBe('applications.not_editable');
    // Someone else's application looks missing.
    expect((await call('POST', `/applications/${second.id}/withdraw`, await applicant())).statusCode).toBe(404);
  });
});

describe('routing to the union that decides (兜底入会)', () => {
  it('sends a worker without a union to the street union of the work district, else the industry union', async () => {
    expect(json(await call('POST', '/applications', await applicant(), form(10, { workDistrict: '110105' }))).orgName).toBe('朝阳区八里庄街道总工会');
    expect(json(await call('POST', '/applications', await applicant(), form(11, { workDistrict: '110106', category: 'courier' }))).orgName).toBe(
      '北京市快递行业工会联合会',
    );
    const none = await call('POST', '/applications', await applicant(), form(12, { workDistrict: '110106', category: 'domestic' }));
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('applications.no_union');
  });

  it('refuses a federation as the chosen union, and unknown events', async () => {
    const res = await call('POST', '/applications', await applicant(), form(13, { orgId: await orgId('bj') }));
    expect(res.json().error.code).toBe('orgs.not_joinable');
    expect((await call('POST', '/applications', await applicant(), form(14, { eventCode: 'ZZZZZZZZ' }))).json().error.code).toBe('events.not_found');
  });

  it('lets staff hand an application to another union with a reason, after which only that union sees it', async () => {
    const app = json(await call('POST', '/applications', await applicant(), form(15)));
    const moved = await call('POST', `/staff/applications/${app.id}/reassign`, xjk, { orgId: await orgId('kdhy'), reason: '快递员由行业工会受理' });
    expect(moved.json().orgName).toBe('北京市快递行业工会联合会');
    expect((await call('GET', `/staff/applications/${app.id}`, xjk)).statusCode).toBe(404);
    expect((await call('GET', `/staff/applications/${app.id}`, kdhy)).statusCode).toBe(200);
    const trail = await auditTrail(t.database.db, 'application', app.id);
    expect(trail.at(-1)).toMatchObject({ action: 'application.reassign', detail: { reason: '快递员由行业工会受理' } });
  });
});

describe('real-name checks', () => {
  it('tells the applicant to check their details when the three-factor check fails, and stores nothing', async () => {
    const me = await applicant();
    reject.add(testIdNumber(20));
    const res = await call('POST', '/applications', me, form(20));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'applications.realname_failed', field: 'idNumber' });
    expect(res.json().error.message).toContain('请核对后重新提交');
    expect(json(await call('GET', '/applications/mine', me)).items).toEqual([]);
  });

  it('sends the application to manual review with a warning when the check is unavailable', async () => {
    down.add(testIdNumber(21));
    const app = json(await call('POST', '/applications', await applicant(), form(21)));
    const seen = json(await call('GET', `/staff/applications/${app.id}`, xjk));
    expect(seen.realName).toBe('unavailable');
    expect(seen.warnings.map((w: { code: string }) => w.code)).toEqual(['realname_unverified']);
  });

  it('approves at once where the union switched on automatic approval, but never an unverified one', async () => {
    // A reviewer is not an admin; another union's admin cannot even see the union.
    expect((await call('PATCH', `/staff/orgs/${await orgId('zgc')}`, zgc, { autoApprove: true })).statusCode).toBe(403);
    expect((await call('PATCH', `/staff/orgs/${await orgId('zgc')}`, xjk, { autoApprove: true })).statusCode).toBe(404);
    const on = await call('PATCH', `/staff/orgs/${await orgId('zgc')}`, operator, { autoApprove: true });
    expect(on.json()).toMatchObject({ name: '海淀区中关村街道总工会', autoApprove: true });
    expect((await auditTrail(t.database.db, 'org', await orgId('zgc'))).map((a) => a.action)).toEqual(['org.settings']);
    const me = await applicant();
    const auto = json(await call('POST', '/applications', me, form(22, { workDistrict: '110108' })));
    expect(auto).toMatchObject({ status: 'approved', orgName: '海淀区中关村街道总工会', memberNo: expect.stringMatching(/^110108/) });
    expect(json(await call('GET', '/members/me/card', me)).status).toBe('active');
    down.add(testIdNumber(23));
    expect(json(await call('POST', '/applications', await applicant(), form(23, { workDistrict: '110108' }))).status).toBe('pending');
  });
});

describe('staff scope, reveal and audit', () => {
  it('answers 404 on every application route for a union the staffer does not cover', async () => {
    const app = json(await call('POST', '/applications', await applicant(), form(30)));
    for (const [method, url, payload] of [
      ['GET', `/staff/applications/${app.id}`],
      ['POST', `/staff/applications/${app.id}/approve`],
      ['POST', `/staff/applications/${app.id}/reject`, { reason: '不属于本工会受理范围' }],
      ['POST', `/staff/applications/${app.id}/reassign`, { orgId: await orgId('blz'), reason: '转交' }],
      ['POST', `/staff/applications/${app.id}/reveal`, { field: 'idNumber', reason: '核对' }],
    ] as const) {
      const res = await call(method, url, blz, payload);
      expect([method, url, res.statusCode]).toEqual([method, url, 404]);
    }
    expect((await call('GET', `/staff/applications/${app.id}`, xjk)).statusCode).toBe(200);
  });

  it('keeps applicants and scanners out of the review queue', async () => {
    expect((await call('GET', '/staff/applications', await applicant())).statusCode).toBe(403);
    expect((await call('GET', '/staff/applications', scanner)).statusCode).toBe(403);
  });

  it('reveals a full ID number to a reviewer only with a reason, and records it', async () => {
    const app = json(await call('POST', '/applications', await applicant(), form(31)));
    expect((await call('POST', `/staff/applications/${app.id}/reveal`, xjk, { field: 'idNumber' })).statusCode).toBe(400);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/applications/${app.id}/reveal`,
      headers: xjk,
      payload: { field: 'idNumber', reason: '现场核对身份证' },
    });
    expect(res.json()).toEqual({ field: 'idNumber', value: testIdNumber(31) });
    const trail = await auditTrail(t.database.db, 'application', app.id);
    expect(trail.at(-1)).toMatchObject({ action: 'application.reveal', detail: { field: 'idNumber', reason: '现场核对身份证' } });
  });
});

describe('bad input on the application form', () => {
  it.each([
    ['idNumber', '110105194912310021', '身份证号有误，请逐位核对'],
    ['idNumber', '110105491231002', '身份证号应为18位，当前15位'],
    ['idNumber', '11010519491231002', '身份证号应为18位，当前17位'],
    ['idNumber', '11010519491231002X1', '身份证号应为18位，当前19位'],
    ['idNumber', '11010519900230002X', '身份证号中的出生日期不正确'],
    ['idNumber', '110105 19491231002X', '身份证号中不能有空格'],
    ['idNumber', '1101051949123100AX', '身份证号只能是数字，最后一位可以是X'],
    ['name', '', '请输入姓名'],
    ['name', '张'.repeat(31), '姓名不能超过30个字'],
    ['name', '张三😀', '姓名中有不支持的字符'],
    ['name', '张\u202E三', '姓名中有不支持的字符'],
    ['name', '张\u0000三', '姓名中有不支持的字符'],
    ['name', '<img src=x>', '姓名中有不支持的字符'],
    ['employer', '<script>alert(1)</script>', '工作单位或平台中有不支持的字符'],
    ['category', 'pilot', '请选择职业类别'],
    ['workDistrict', '310101', '请选择工作区域'],
    ['consentVersion', 'old', '请阅读并同意个人信息保护说明'],
  ])('rejects %s %j with 400 naming the field', async (field, value, message) => {
    const res = await call('POST', '/applications', await applicant(), { ...form(40), [field]: value });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'request.invalid', field, message });
  });

  it('normalises a lowercase x and full-width digits', async () => {
    const id = testIdNumber(41);
    const wide = id.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).toLowerCase();
    const res = await call('POST', '/applications', await applicant(), form(41, { idNumber: wide, name: '阿依古丽•买买提' }));
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe('阿依古丽·买买提');
  });
});

describe('concurrency', () => {
  it('creates exactly one application from 50 identical parallel submissions', async () => {
    const me = await applicant();
    const results = await Promise.all(Array.from({ length: 50 }, () => call('POST', '/applications', me, form(50))));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409 && r.json().error.code === 'applications.duplicate')).toHaveLength(49);
    expect(json(await call('GET', '/applications/mine', me)).items).toHaveLength(1);
  });

  it('lets exactly one of 20 parallel approvals win and issues one member number', async () => {
    const app = json(await call('POST', '/applications', await applicant(), form(51)));
    const results = await Promise.all(Array.from({ length: 20 }, () => call('POST', `/staff/applications/${app.id}/approve`, xjk)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(19);
  });

  it('never gives two members the same number when many approvals run at once', async () => {
    const apps = [];
    for (let n = 60; n < 80; n++) apps.push(json(await call('POST', '/applications', await applicant(), form(n))));
    const approved = await Promise.all(apps.map((a) => call('POST', `/staff/applications/${a.id}/approve`, xjk)));
    const numbers = approved.map((r) => r.json().memberNo);
    expect(new Set(numbers).size).toBe(20);
  });
});

describe('live updates', () => {
  it('pushes a new application to the staff queue stream within 2 seconds', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const { ticket } = json(await call('POST', '/live/ticket', xjk));
    let text = '';
    let contentType = '';
    const req = http.get(`http://127.0.0.1:${port}/api/v1/live?ticket=${encodeURIComponent(ticket)}`, { agent: false });
    const arrived = new Promise<void>((resolve) => {
      req.on('response', (res) => {
        contentType = String(res.headers['content-type']);
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('event: application')) resolve();
        });
      });
    });
    req.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const app = json(await call('POST', '/applications', await applicant(), form(90)));
    await Promise.race([arrived, new Promise((r) => setTimeout(r, 2_000))]);
    req.destroy();
    expect(contentType).toContain('text/event-stream');
    expect(text).toContain(`"id":"${app.id}"`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(t.logs()).not.toContain(ticket);
  });

  it('refuses the stream without a valid ticket', async () => {
    expect((await call('GET', '/live?ticket=not-a-valid-ticket-at-all')).statusCode).toBe(401);
    expect((await call('GET', `/live?ticket=${zgcAccessToken}`)).statusCode).toBe(401);
  });
});

describe('privacy', () => {
  it('never puts a full ID or phone number in a response (except an audited reveal) or a log line', async () => {
    // Its own flow through every application route, scanning only what this test produced.
    const seen: string[] = [];
    const logStart = t.logs().length;
    const hit = async (method: 'GET' | 'POST' | 'PUT', url: string, auth?: Auth, payload?: unknown) => {
      const res = await call(method, url, auth, payload);
      seen.push(res.body);
      return res;
    };
    const phone = '13912345678';
    const me = (await login(t.app, phone)).auth;
    const id = testIdNumber(95);
    const submitted = json(await hit('POST', '/applications', me, form(95)));
    await hit('GET', '/applications/mine', me);
    await hit('GET', '/staff/applications', xjk);
    await hit('GET', `/staff/applications/${submitted.id}`, xjk);
    await hit('POST', `/staff/applications/${submitted.id}/reject`, xjk, { reason: '信息不完整' });
    await hit('PUT', `/applications/${submitted.id}`, me, form(95, { employer: '饿了么' }));
    await hit('POST', `/staff/applications/${submitted.id}/approve`, xjk);
    await hit('GET', '/staff/applications?status=approved', xjk);
    await hit('GET', '/members/me/card', me);
    await hit('GET', '/me', me);
    await hit('POST', '/applications', me, form(95));
    const revealed = await call('POST', `/staff/applications/${submitted.id}/reveal`, xjk, { field: 'idNumber', reason: '现场核对身份证' });
    expect(revealed.json().value).toBe(id);

    const all = seen.join('\n');
    const logs = t.logs().slice(logStart);
    // Digit boundaries: a float such as 16.329138000000057 must not count as 13800000005.
    for (const secret of [id, phone, '13800000001']) {
      const standalone = new RegExp(`(?<![0-9])${secret}(?![0-9])`);
      expect(all).not.toMatch(standalone);
      expect(logs).not.toMatch(standalone);
    }
    expect(all).toContain(maskPhone(phone));
    // Staff see the age, never the birth date that would narrow the masked ID down to a few candidates.
    const staffViews = [
      json(await call('GET', '/staff/applications?status=approved', xjk)),
      json(await call('GET', `/staff/applications/${submitted.id}`, xjk)),
    ];
    expect(JSON.stringify(staffViews)).not.toContain('birthDate');
    expect(JSON.stringify(staffViews)).not.toContain(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
    expect(staffViews[1]).toMatchObject({ age: expect.any(Number), idNumber: `110***********${id.slice(-4)}` });
  });
});

describe('review rules (security review)', () => {
  it('refuses applicants under 16, the legal working age', async () => {
    const thisYear = new Date().getFullYear();
    const res = await call('POST', '/applications', await applicant(), form(1, { idNumber: testIdNumber(96, `${thisYear - 15}0101`) }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'request.invalid', field: 'idNumber', message: '未满16周岁（法定劳动年龄），暂不能申请入会' });
    // Sixteen today is old enough.
    const sixteen = await call('POST', '/applications', await applicant(), form(1, { idNumber: testIdNumber(97, `${thisYear - 17}0101`) }));
    expect(sixteen.statusCode).toBe(201);
  });

  it('does not tell someone who fails the real-name check where an ID number is a member', async () => {
    // The demo member 王建国 belongs to 新街口; a stranger submits his ID number.
    const stranger = await applicant();
    const probe = { ...form(1), name: '张三', idNumber: '110102198805170032' };
    reject.add('110102198805170032');
    const failed = await call('POST', '/applications', stranger, probe);
    reject.delete('110102198805170032');
    expect(failed.statusCode).toBe(400);
    expect(failed.json().error.code).toBe('applications.realname_failed');
    expect(failed.body).not.toContain('新街口');

    down.add('110102198805170032');
    const unverified = await call('POST', '/applications', stranger, probe);
    down.delete('110102198805170032');
    expect(unverified.statusCode).toBe(409);
    expect(unverified.json().error.code).toBe('members.already_member');
    expect(unverified.json().error.orgName).toBeUndefined();
    expect(unverified.body).not.toContain('新街口');
  });

  it('lets one account hold only one open application, whatever ID it names', async () => {
    const me = await applicant();
    expect((await call('POST', '/applications', me, form(98))).statusCode).toBe(201);
    const second = await call('POST', '/applications', me, form(99));
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('applications.duplicate');
  });

  it('never lets a reviewer decide their own application', async () => {
    const own = await call('POST', '/applications', xjk, { ...form(100), name: '赵审核' });
    expect(own.statusCode).toBe(201);
    for (const path of ['approve', 'reject']) {
      const res = await call('POST', `/staff/applications/${own.json().id}/${path}`, xjk, path === 'reject' ? { reason: '测试驳回' } : undefined);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('applications.own_application');
    }
    expect(json(await call('GET', `/staff/applications/${own.json().id}`, xjk)).status).toBe('pending');
    // A colleague higher up may decide it.
    expect((await call('POST', `/staff/applications/${own.json().id}/approve`, xcDistrict)).statusCode).toBe(200);
  });

  it('never approves for a union that an application was moved away from while the reviewer looked at it', async () => {
    // Approvals by 新街口 race reassignments to 八里庄: whichever lands first, no application ends up
    // approved by 新街口's reviewer while it belongs to 八里庄, and its number has 八里庄's region when 八里庄 decides.
    const blzId = await orgId('blz');
    const apps = [];
    for (let n = 110; n < 130; n++) apps.push(json(await call('POST', '/applications', await applicant(), form(n))));
    const xjkReviewer = json(await call('GET', '/me', xjk)).account.id;
    await Promise.all(
      apps.flatMap((a) => [
        call('POST', `/staff/applications/${a.id}/approve`, xjk),
        call('POST', `/staff/applications/${a.id}/reassign`, operator, { orgId: blzId, reason: '工作地在朝阳' }),
      ]),
    );
    const rows = await t.database.db
      .select()
      .from(applications)
      .where(
        inArray(
          applications.id,
          apps.map((a) => a.id),
        ),
      );
    expect(rows).toHaveLength(apps.length);
    expect(rows.filter((r) => r.status === 'approved' && r.decidedBy === xjkReviewer && r.orgId === blzId)).toEqual([]);
    // Each one went one way or the other: approved by 新街口 where it stood, or moved to 八里庄 still pending.
    const xjkId = await orgId('xjk');
    const outcome = (r: (typeof rows)[number]) =>
      r.orgId === xjkId && r.status === 'approved' && r.decidedBy === xjkReviewer
        ? 'approved at 新街口'
        : r.orgId === blzId && r.status === 'pending'
          ? 'moved to 八里庄'
          : `${r.status} at ${r.orgId}`;
    expect(rows.map(outcome).filter((o) => o !== 'approved at 新街口' && o !== 'moved to 八里庄')).toEqual([]);
  });

  it("spends exactly one member number on one approval however many reviewers race for it, with the deciding union's region", async () => {
    const count = async (region: string) => {
      const rows = await t.database.db.select().from(memberNoCounters).where(eq(memberNoCounters.regionCode, region));
      return rows.reduce((n, r) => n + r.last, 0);
    };
    const before = await count('110102');
    const app = json(await call('POST', '/applications', await applicant(), form(131)));
    const results = await Promise.all(Array.from({ length: 20 }, () => call('POST', `/staff/applications/${app.id}/approve`, xjk)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(await count('110102')).toBe(before + 1);

    // Moved to the courier federation (region 110000) before anyone decides: its number follows.
    const moved = json(await call('POST', '/applications', await applicant(), form(132, { category: 'courier' })));
    await call('POST', `/staff/applications/${moved.id}/reassign`, xjk, { orgId: await orgId('kdhy'), reason: '快递行业工会受理' });
    const approved = await call('POST', `/staff/applications/${moved.id}/approve`, kdhy);
    expect(approved.json().memberNo).toMatch(/^110000/);
  });
});

async function orgId(code: string) {
  const [row] = await t.database.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, code));
  return row!.id;
}

async function personHash(idNumber: string) {
  return createFieldCrypto(t.config.crypto).blindIndex('id', idNumber);
}
