import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { submitApplication, type TestApp } from './helpers';

type Row = Record<string, unknown>;

async function one(t: TestApp, query: ReturnType<typeof sql>): Promise<Row> {
  const result = (await t.database.db.execute(query)) as unknown as { rows: Row[] };
  return result.rows[0]!;
}

async function account(t: TestApp): Promise<string> {
  return String((await one(t, sql`insert into accounts (id) values (gen_random_uuid()) returning id`)).id);
}

/** The union with this code: id and path. */
export async function orgByCode(t: TestApp, code: string): Promise<{ id: string; path: string; name: string }> {
  const row = await one(t, sql`select id, path, name from orgs where code = ${code}`);
  return { id: String(row.id), path: String(row.path), name: String(row.name) };
}

interface ApplicationFixture {
  org: string;
  category: string;
  submittedAt: string;
  decidedAt?: string;
  status?: 'pending' | 'approved' | 'rejected';
  kind?: 'join' | 'transfer';
  event?: string;
}

/** An application straight into the table (the join flow has its own tests); returns its id. */
export async function insertApplication(t: TestApp, a: ApplicationFixture): Promise<string> {
  const accountId = await account(t);
  const org = await orgByCode(t, a.org);
  const status = a.status ?? 'approved';
  const row = await one(
    t,
    sql`insert into applications (account_id, kind, status, org_id, event_id, name, id_enc, id_hash, phone_enc, phone_hash, gender, birth_date,
          employer, category, work_district, consent_version, consent_at, real_name, submitted_at, decided_at)
        values (${accountId}, ${a.kind ?? 'join'}, ${status}, ${org.id}, ${a.event ?? null}, '测试', 'x', ${`fx-${randomUUID()}`}, 'x', ${`fx-${randomUUID()}`},
          'male', '1990-01-01', '美团', ${a.category}, '110102', 'v1', ${a.submittedAt}, 'passed', ${a.submittedAt}, ${a.decidedAt ?? null})
        returning id`,
  );
  return String(row.id);
}

/** A claim straight into the table by a new member of the campaign's union (the claim flow has its own tests). */
export async function insertClaim(t: TestApp, campaignId: string, kind: string, placeId: string, at: string): Promise<void> {
  const who = await account(t);
  const m = await one(
    t,
    sql`insert into memberships (member_no, person_id_hash, account_id, org_id, status, name, gender, id_enc, phone_enc)
        select ${`FX${randomUUID().slice(0, 8)}`}, ${`fx-${randomUUID()}`}, ${who}, org_id, 'active', '测试', 'male', 'x', 'x' from benefit_campaigns where id = ${campaignId}
        returning id`,
  );
  await t.database.db.execute(
    sql`insert into benefit_claims (id, campaign_id, account_id, membership_id, period_key, place_kind, place_id, idempotency_key, request_hash, claimed_at)
        values (gen_random_uuid(), ${campaignId}, ${who}, ${m.id}, 'o', ${kind}, ${placeId}, ${randomUUID()}, 'h', ${at})`,
  );
}

/**
 * A small, known month of figures (March 2026, Beijing time) in two street unions: 新街口 (xjk, with 西四北 xsb below
 * it) and 八里庄 (blz). Every name of 八里庄's things carries 八里庄 and every one of 新街口's carries 新街口, so a leak
 * shows in a response's text.
 */
export async function figuresDataset(t: TestApp) {
  const operator = await one(t, sql`select account_id as id from staff_grants where role = 'operator' limit 1`);
  const creator = String(operator.id);
  const xjk = await orgByCode(t, 'xjk');
  const blz = await orgByCode(t, 'blz');
  const event = async (org: { id: string }, title: string, at: string) =>
    String(
      (
        await one(
          t,
          sql`insert into stall_events (code, org_id, title, place, starts_at, ends_at, created_by)
              values (${`FX${randomUUID().slice(0, 8)}`}, ${org.id}, ${title}, ${`${title}现场`}, ${at}, ${at}::timestamptz + interval '8 hours', ${creator}) returning id`,
        )
      ).id,
    );
  const eventX = await event(xjk, '新街口快递员入会专场', '2026-03-10T01:00:00Z');
  const eventY = await event(blz, '八里庄货车司机入会专场', '2026-03-12T01:00:00Z');

  // Joins: 5 in March (two on the 10th, one on the 11th by Beijing time, one on the 14th, one on the 20th).
  const app1 = await insertApplication(t, {
    org: 'xjk',
    category: 'courier',
    submittedAt: '2026-03-10T02:00:00Z',
    decidedAt: '2026-03-10T02:00:05Z',
    event: eventX,
  });
  await insertApplication(t, { org: 'xjk', category: 'rider', submittedAt: '2026-03-10T03:00:00Z', decidedAt: '2026-03-10T03:04:00Z', event: eventX });
  await insertApplication(t, { org: 'xsb', category: 'rider', submittedAt: '2026-03-10T16:00:00Z', decidedAt: '2026-03-10T16:30:00Z' });
  await insertApplication(t, { org: 'blz', category: 'truck', submittedAt: '2026-03-12T01:00:00Z', decidedAt: '2026-03-14T01:00:00Z', event: eventY });
  // Routed to 八里庄 from 新街口's stall: 八里庄's join, counted for the stall only where both unions are covered.
  await insertApplication(t, { org: 'blz', category: 'courier', submittedAt: '2026-03-20T02:00:00Z', decidedAt: '2026-03-20T02:10:00Z', event: eventX });
  // Not joins of March: April, rejected, a transfer.
  await insertApplication(t, { org: 'xjk', category: 'courier', submittedAt: '2026-04-02T02:00:00Z', decidedAt: '2026-04-02T02:01:00Z' });
  await insertApplication(t, { org: 'xjk', category: 'domestic', submittedAt: '2026-03-11T02:00:00Z', decidedAt: '2026-03-11T03:00:00Z', status: 'rejected' });
  await insertApplication(t, { org: 'xjk', category: 'rider', submittedAt: '2026-03-11T02:00:00Z', decidedAt: '2026-03-11T02:30:00Z', kind: 'transfer' });
  // Waiting now: one at 新街口 since two days ago, one at 八里庄 since just now.
  // Through the join flow (so it can be approved through the API later), then dated back.
  const pendingX = (await submitApplication(t.app, '13900000071', 771, xjk.id)).id;
  await t.database.db.execute(sql`update applications set submitted_at = now() - interval '2 days' where id = ${pendingX}`);
  await insertApplication(t, { org: 'blz', category: 'other', submittedAt: new Date().toISOString(), status: 'pending' });

  // The bank card of the first: issued 3 days after the application.
  const member = await one(
    t,
    sql`insert into memberships (member_no, person_id_hash, account_id, org_id, application_id, status, name, gender, id_enc, phone_enc, joined_at)
        select ${`FX${randomUUID().slice(0, 8)}`}, ${`fx-${randomUUID()}`}, a.account_id, a.org_id, a.id, 'active', '测试', 'male', 'x', 'x', a.decided_at
        from applications a where a.id = ${app1} returning id, account_id`,
  );
  await t.database.db.execute(
    sql`insert into service_cards (membership_id, status, bank_name, consent_version, consent_at, requested_at, issued_at)
        values (${member.id}, 'applying', '北京银行', 'v1', '2026-03-10T02:00:05Z', '2026-03-10T02:00:05Z', null)`,
  );
  await t.database.db.execute(sql`update service_cards set status = 'issued', issued_at = '2026-03-13T02:00:00Z' where membership_id = ${member.id}`);

  // Bookings on the 15th: 新街口's service 2 booked, 3 checked in, 1 not come, 1 cancelled; 八里庄's 1 checked in, 1 not come.
  const service = async (org: { id: string }, title: string) => {
    const s = await one(
      t,
      sql`insert into services (kind, org_id, title, description, address, eligible_org_id) values ('legal_aid', ${org.id}, ${title}, '律师答疑', '现场', ${org.id}) returning id`,
    );
    const slot = await one(
      t,
      sql`insert into service_slots (service_id, starts_at, ends_at, capacity) values (${s.id}, '2026-03-15T02:00:00Z', '2026-03-15T03:00:00Z', 50) returning id`,
    );
    return { id: String(s.id), slot: String(slot.id) };
  };
  const serviceX = await service(xjk, '新街口劳动争议咨询');
  const serviceY = await service(blz, '八里庄心理疏导');
  const book = async (s: { id: string; slot: string }, status: string) =>
    t.database.db.execute(
      sql`insert into bookings (slot_id, service_id, account_id, status, slot_starts_at) values (${s.slot}, ${s.id}, ${await account(t)}, ${status}, '2026-03-15T02:00:00Z')`,
    );
  for (const status of ['booked', 'booked', 'checked_in', 'checked_in', 'checked_in', 'no_show', 'cancelled']) await book(serviceX, status);
  for (const status of ['checked_in', 'no_show']) await book(serviceY, status);

  // Claims: 新街口's campaign 4 at its stall and 2 at a station; 八里庄's 3 at its stall.
  const stationX = String((await one(t, sql`select id from stations where org_id = ${xjk.id} order by code limit 1`)).id);
  const campaign = async (org: { id: string; path: string }, title: string, places: { kind: string; id: string; name: string }[]) => {
    const c = await one(
      t,
      sql`insert into benefit_campaigns (org_id, title, kind, quota, period, starts_at, ends_at, eligible_org_id, eligible_path, requires_rotating_code, created_by)
          values (${org.id}, ${title}, 'gift', 1000, 'daily', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', ${org.id}, ${org.path}, false, ${creator}) returning id`,
    );
    for (const p of places)
      await t.database.db.execute(sql`insert into benefit_campaign_places (campaign_id, kind, place_id, name) values (${c.id}, ${p.kind}, ${p.id}, ${p.name})`);
    return String(c.id);
  };
  const campaignX = await campaign(xjk, '新街口夏送清凉', [
    { kind: 'event', id: eventX, name: '新街口快递员入会专场' },
    { kind: 'station', id: stationX, name: '新街口暖心驿站（测试）' },
  ]);
  const campaignY = await campaign(blz, '八里庄冬送温暖', [{ kind: 'event', id: eventY, name: '八里庄货车司机入会专场' }]);
  const claim = (campaignId: string, kind: string, placeId: string, at: string) => insertClaim(t, campaignId, kind, placeId, at);
  for (let i = 0; i < 4; i++) await claim(campaignX, 'event', eventX, '2026-03-16T02:00:00Z');
  for (let i = 0; i < 2; i++) await claim(campaignX, 'station', stationX, '2026-03-17T02:00:00Z');
  for (let i = 0; i < 3; i++) await claim(campaignY, 'event', eventY, '2026-03-18T02:00:00Z');

  return { xjk, blz, eventX, eventY, serviceX: serviceX.id, serviceY: serviceY.id, campaignX, campaignY, stationX, pendingX };
}

export type FiguresDataset = Awaited<ReturnType<typeof figuresDataset>>;
