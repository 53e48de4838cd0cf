import { buildTestApp, createMembers, json, login, type TestApp } from '../../../test/helpers';
import { inHours, serviceWithSlot } from '../../../test/booking-fixtures';

let t: TestApp;
let operator: Record<string, string>;
let staffX: Record<string, string>;
let staffY: Record<string, string>;
let scanner: Record<string, string>;
let member: Record<string, string>;
let orgX = '';
let orgY = '';

beforeAll(async () => {
  t = await buildTestApp({ env: { NOTIFY_DISPATCH_MS: '0', BOOKING_JOBS_MS: '0' } });
  operator = (await login(t.app, '13800000000')).auth;
  staffX = (await login(t.app, '13800000001')).auth;
  staffY = (await login(t.app, '13800000002')).auth;
  scanner = (await login(t.app, '13800000005')).auth;
  member = (await login(t.app, '13900000002')).auth;
  orgX = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: staffX })).json().grants[0].orgId;
  orgY = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: staffY })).json().grants[0].orgId;
});
afterAll(() => t.close());

const post = (url: string, headers: Record<string, string>, payload: unknown) => t.app.inject({ method: 'POST', url, headers, payload: payload as object });

describe('setting up services', () => {
  it("lets the owning union's admin create a service with its rules, and shows it to members of that union", async () => {
    const res = await post('/api/v1/admin/services', staffX, {
      kind: 'sanatorium',
      orgId: orgX,
      title: '职工疗休养（北戴河）',
      description: '一线职工五天四晚疗休养，含往返交通',
      place: { address: '河北省秦皇岛市北戴河区', stationId: null },
      perMemberLimit: { count: 1, period: 'year' },
      cancelCutoffMinutes: 1440,
      promotion: 'offer',
      offerHoldMinutes: 60,
      noShowLimit: 2,
    });
    expect(res.statusCode).toBe(201);
    const service = res.json();
    expect(service).toMatchObject({
      kind: 'sanatorium',
      orgName: '西城区新街口街道总工会',
      eligibleOrgId: orgX,
      perMemberLimit: { count: 1, period: 'year' },
      promotion: 'offer',
      offerHoldMinutes: 60,
      noShowLimit: 2,
      allowOverlap: false,
    });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/services?kind=sanatorium', headers: member });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((s: { id: string }) => s.id)).toContain(service.id);
  });

  it('edits a service (PATCH) and hides a withdrawn one from members', async () => {
    const { serviceId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 2 });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/services/${serviceId}`,
      headers: staffX,
      payload: { title: '法律咨询（周末）', perMemberLimit: { count: 2, period: 'month' } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ title: '法律咨询（周末）', perMemberLimit: { count: 2, period: 'month' } });
    await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/services/${serviceId}`, headers: staffX, payload: { active: false } });
    const slots = await t.app.inject({ method: 'GET', url: `/api/v1/services/${serviceId}/slots`, headers: member });
    expect(slots.statusCode).toBe(404);
  });

  it("refuses another union's staff and scanners, and hides another union's services from members", async () => {
    const { serviceId } = await serviceWithSlot(t.app, staffY, orgY, { capacity: 2 });
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/services/${serviceId}`, headers: staffX, payload: { title: '改名' } })).statusCode).toBe(
      404,
    );
    expect((await post(`/api/v1/admin/services/${serviceId}/slots`, staffX, { startsAt: inHours(5), endsAt: inHours(6), capacity: 1 })).statusCode).toBe(404);
    expect(
      (
        await post('/api/v1/admin/services', staffX, { kind: 'event', orgId: orgY, title: '联谊会', description: '青年职工联谊', place: { address: '朝阳区' } })
      ).json().error.code,
    ).toBe('orgs.not_found');
    expect(
      (
        await post('/api/v1/admin/services', scanner, {
          kind: 'event',
          orgId: orgX,
          title: '联谊会',
          description: '青年职工联谊',
          place: { address: '西城区' },
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/services/${serviceId}/slots`, headers: member })).statusCode).toBe(404);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/services', headers: member })).json().items as { id: string }[];
    expect(mine.map((s) => s.id)).not.toContain(serviceId);
    // The operator of the federation above both may manage either.
    expect(
      (await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/services/${serviceId}`, headers: operator, payload: { title: '朝阳法律咨询' } })).statusCode,
    ).toBe(200);
  });

  it('shows its managers one service, withdrawn or not, with its upcoming slots; others get 404', async () => {
    const { serviceId, slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 4 });
    await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/services/${serviceId}`, headers: staffX, payload: { active: false } });
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/admin/services/${serviceId}`, headers: staffX });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: serviceId, active: false, orgId: orgX });
    const slots = await t.app.inject({ method: 'GET', url: `/api/v1/admin/services/${serviceId}/slots`, headers: staffX });
    expect(slots.statusCode).toBe(200);
    expect(slots.json().items).toEqual([expect.objectContaining({ id: slotId, capacity: 4, remaining: 4 })]);
    for (const headers of [staffY, scanner, member]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/admin/services/${serviceId}/slots`, headers });
      expect([403, 404]).toContain(res.statusCode);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/admin/services/${serviceId}`, headers: staffY })).json().error.code).toBe('services.not_found');
  });

  it('holds a service at a real station, and answers an unknown station with 404 stations.not_found, not a 500', async () => {
    const station = (await t.app.inject({ method: 'GET', url: `/api/v1/stations?orgId=${orgX}&limit=1` })).json().items[0];
    const base = { kind: 'legal_aid', orgId: orgX, title: '驿站法律咨询', description: '律师在驿站现场解答' };
    const ok = await post('/api/v1/admin/services', staffX, { ...base, place: { stationId: station.id, address: station.address } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().place).toEqual({ stationId: station.id, address: station.address });
    const unknown = '00000000-0000-4000-8000-000000000000';
    const created = await post('/api/v1/admin/services', staffX, { ...base, place: { stationId: unknown, address: '北京市西城区' } });
    expect(created.statusCode).toBe(404);
    expect(created.json().error).toMatchObject({ code: 'stations.not_found', field: 'place.stationId' });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/services/${ok.json().id}`,
      headers: staffX,
      payload: { place: { stationId: unknown, address: '北京市西城区' } },
    });
    expect(patched.statusCode).toBe(404);
    expect(patched.json().error.code).toBe('stations.not_found');
    // Another union's station looks like none: 八里庄's station is not 新街口's to hold services at.
    const theirs = (await t.app.inject({ method: 'GET', url: `/api/v1/stations?orgId=${orgY}&limit=1` })).json().items[0];
    expect(theirs).toBeDefined();
    const elsewhere = await post('/api/v1/admin/services', staffX, { ...base, place: { stationId: theirs.id, address: theirs.address } });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().error.code).toBe('stations.not_found');
    // Nothing changed: the service still names its station.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/admin/services/${ok.json().id}`, headers: staffX })).json().place.stationId).toBe(station.id);
  });

  it('answers services only to members', async () => {
    const applicant = (await login(t.app, '13900000001')).auth;
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/services', headers: applicant });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('members.not_member');
  });
});

describe('slots', () => {
  let serviceId = '';
  beforeAll(async () => {
    serviceId = (await serviceWithSlot(t.app, staffX, orgX, { capacity: 3 })).serviceId;
  });

  it.each([
    ['ends before it starts', { startsAt: inHours(10), endsAt: inHours(9), capacity: 1 }, 400, 'services.slot_ends_before_start'],
    ['has no length', { startsAt: inHours(10), endsAt: inHours(10), capacity: 1 }, 400, 'services.slot_zero_length'],
    ['is in the past', { startsAt: inHours(-3), endsAt: inHours(-2), capacity: 1 }, 400, 'services.slot_in_past'],
    ['overlaps another slot of a service that forbids it', { startsAt: inHours(48.5), endsAt: inHours(49.5), capacity: 1 }, 409, 'services.slot_overlap'],
    ['has no capacity', { startsAt: inHours(70), endsAt: inHours(71), capacity: 0 }, 400, 'request.invalid'],
  ])('refuses a slot that %s', async (_what, payload, status, code) => {
    const res = await post(`/api/v1/admin/services/${serviceId}/slots`, staffX, payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });

  it('allows overlapping slots where the service allows them (two counsellors at once)', async () => {
    const { serviceId: id } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1, kind: 'counselling', rules: { allowOverlap: true } });
    const res = await post(`/api/v1/admin/services/${id}/slots`, staffX, { startsAt: inHours(48), endsAt: inHours(49), capacity: 1 });
    expect(res.statusCode).toBe(201);
  });

  it('generates slots from a weekly schedule on Beijing dates, and lists them with what is left', async () => {
    const { serviceId: id } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 1, kind: 'course', startsInHours: 24 * 40 });
    const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 15 * 86_400_000).toISOString().slice(0, 10);
    const res = await post(`/api/v1/admin/services/${id}/slots/generate`, staffX, {
      weekdays: [2, 4],
      times: [
        { start: '09:00', end: '10:30' },
        { start: '14:00', end: '15:30' },
      ],
      from,
      to,
      capacity: 20,
    });
    expect(res.statusCode).toBe(201);
    const { items, created } = res.json();
    expect(created).toBeGreaterThanOrEqual(6);
    expect(created).toBeLessThanOrEqual(8);
    for (const slot of items) {
      const local = new Date(new Date(slot.startsAt).getTime() + 8 * 3_600_000);
      expect([2, 4]).toContain(local.getUTCDay());
      expect(['09:00', '14:00']).toContain(local.toISOString().slice(11, 16));
      expect(slot).toMatchObject({ capacity: 20, remaining: 20, waitlisted: 0 });
    }
    // The same schedule again overlaps every slot it made.
    expect(
      (
        await post(`/api/v1/admin/services/${id}/slots/generate`, staffX, {
          weekdays: [2, 4],
          times: [{ start: '09:00', end: '10:30' }],
          from,
          to,
          capacity: 20,
        })
      ).json().error.code,
    ).toBe('services.slot_overlap');
    expect(
      (
        await post(`/api/v1/admin/services/${id}/slots/generate`, staffX, {
          weekdays: [1],
          times: [{ start: '09:00', end: '10:30' }],
          from: to,
          to: from,
          capacity: 5,
        })
      ).json().error.code,
    ).toBe('services.slot_ends_before_start');
    const listed = await t.app.inject({ method: 'GET', url: `/api/v1/services/${id}/slots?limit=100`, headers: member });
    expect(listed.json().items).toHaveLength(created + 1);
  });

  it.each(['0', '-1', '1000000000', 'abc'])('refuses a paging limit of %s', async (limit) => {
    for (const url of [`/api/v1/services?limit=${limit}`, `/api/v1/services/${serviceId}/slots?limit=${limit}`, `/api/v1/bookings/mine?limit=${limit}`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: member });
      expect(res.statusCode).toBe(400);
      expect(json(res).error.code).toBe('request.invalid');
    }
  });

  it('lets members of a union below the eligible one book, and no one else', async () => {
    const [below] = await createMembers(t, 'xsb', 1);
    const [elsewhere] = await createMembers(t, 'blz', 1);
    const { slotId } = await serviceWithSlot(t.app, staffX, orgX, { capacity: 5, kind: 'event' });
    expect((await post('/api/v1/bookings', below!.auth, { slotId })).statusCode).toBe(201);
    const refused = await post('/api/v1/bookings', elsewhere!.auth, { slotId });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('bookings.not_eligible');
  });
});
