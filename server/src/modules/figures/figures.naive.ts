import { sql } from 'drizzle-orm';
import { DURATION_BUCKETS, WORKER_CATEGORY_CODES } from '@union/shared';
import type { Database } from '../../db/client';
import { NO_SUB } from './figures.table';

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
const num = (v: unknown) => Number(v ?? 0);

/** The subtree of any of `paths`, as plain SQL on a path column. */
function within(column: string, paths: string[]) {
  const list = JSON.stringify(paths);
  return sql.raw(
    `exists (select 1 from jsonb_array_elements_text('${list.replace(/'/g, "''")}'::jsonb) p(path) where ${column} = p.path or ${column} like p.path || '.%')`,
  );
}

const BOUNDS = `array[${DURATION_BUCKETS.filter((b) => b.upTo !== null)
  .map((b) => b.upTo)
  .join(',')}]`;
/** The Beijing day of a timestamptz column, spelled out. */
const dayOf = (column: string) => sql.raw(`((${column} at time zone 'UTC') + interval '8 hours')::date`);
const bucketOf = (seconds: string) => sql.raw(`(select count(*) from unnest(${BOUNDS}) b where b < ${seconds})::int`);

/**
 * The figures the way a typical implementation computes them: GROUP BY over the base tables, scanning every
 * application, booking and claim of the range at each request. The rollups must give the same numbers (the tests
 * compare them; the bench times both). Station searches exist only as counts, so they are not here. A 积分商城 exchange
 * (a points-priced campaign's claim) is counted at the pseudo place `mall:<nil uuid>`, not at the place it was recorded at.
 */
export async function naiveFigures(db: Database, paths: string[], range: { from: string; to: string }, units: { id: string; path: string }[] = []) {
  const r = sql`between ${range.from}::date and ${range.to}::date`;
  const joins = rowsOf<{ day: string; category: string; bucket: number; n: string }>(
    await db.execute(sql`
      select ${dayOf('a.decided_at')}::text as day, a.category::text as category,
        ${bucketOf('extract(epoch from a.decided_at - a.submitted_at)')} as bucket, count(*) as n
      from applications a join orgs o on o.id = a.org_id
      where a.kind = 'join' and a.status = 'approved' and ${within('o.path', paths)} and ${dayOf('a.decided_at')} ${r}
      group by 1, 2, 3`),
  );
  const cards = rowsOf<{ bucket: number; n: string }>(
    await db.execute(sql`
      select ${bucketOf('extract(epoch from sc.issued_at - a.submitted_at)')} as bucket, count(*) as n
      from service_cards sc join memberships m on m.id = sc.membership_id join applications a on a.id = m.application_id join orgs o on o.id = a.org_id
      where sc.status = 'issued' and ${within('o.path', paths)} and ${dayOf('sc.issued_at')} ${r}
      group by 1`),
  );
  const bookings = rowsOf<{ id: string; status: string; n: string }>(
    await db.execute(sql`
      select s.id, b.status::text as status, count(*) as n
      from bookings b join services s on s.id = b.service_id join orgs o on o.id = s.org_id
      where ${within('o.path', paths)} and ${dayOf('b.slot_starts_at')} ${r}
      group by 1, 2`),
  );
  const claims = rowsOf<{ id: string; kind: string; place: string; n: string }>(
    await db.execute(sql`
      select c.id, case when c.points_price is null then x.place_kind::text else 'mall' end as kind,
        case when c.points_price is null then x.place_id else ${NO_SUB}::uuid end as place, count(*) as n
      from benefit_claims x join benefit_campaigns c on c.id = x.campaign_id join orgs o on o.id = c.org_id
      where ${within('o.path', paths)} and ${dayOf('x.claimed_at')} ${r}
      group by 1, 2, 3`),
  );
  const events = rowsOf<{ id: string; n: string }>(
    await db.execute(sql`
      select e.id, count(*) as n
      from applications a join stall_events e on e.id = a.event_id join orgs eo on eo.id = e.org_id join orgs ao on ao.id = a.org_id
      where a.kind = 'join' and a.status = 'approved' and ${within('eo.path', paths)} and ${within('ao.path', paths)} and ${dayOf('a.decided_at')} ${r}
      group by 1`),
  );
  const pending = rowsOf<{ n: string }>(
    await db.execute(sql`select count(*) as n from applications a join orgs o on o.id = a.org_id where a.status = 'pending' and ${within('o.path', paths)}`),
  );
  // Per union one level down: one GROUP BY per base table, each row matched to the unit whose subtree holds it.
  const unitsSql = sql.raw(`(select * from jsonb_to_recordset('${JSON.stringify(units).replace(/'/g, "''")}'::jsonb) as u(id uuid, path text))`);
  const inUnit = sql.raw(`(o.path = u.path or o.path like u.path || '.%')`);
  const perUnitRows = async (query: ReturnType<typeof sql>) => new Map(rowsOf<{ id: string; n: string }>(await db.execute(query)).map((r) => [r.id, num(r.n)]));
  const unitJoins = units.length
    ? await perUnitRows(sql`select u.id, count(*) as n from applications a join orgs o on o.id = a.org_id join ${unitsSql} u on ${inUnit}
        where a.kind = 'join' and a.status = 'approved' and ${dayOf('a.decided_at')} ${r} group by u.id`)
    : new Map<string, number>();
  const unitBookings = units.length
    ? await perUnitRows(sql`select u.id, count(*) as n from bookings b join services s on s.id = b.service_id join orgs o on o.id = s.org_id join ${unitsSql} u on ${inUnit}
        where b.status in ('booked', 'offered', 'checked_in', 'no_show') and ${dayOf('b.slot_starts_at')} ${r} group by u.id`)
    : new Map<string, number>();
  const unitClaims = units.length
    ? await perUnitRows(sql`select u.id, count(*) as n from benefit_claims x join benefit_campaigns c on c.id = x.campaign_id join orgs o on o.id = c.org_id
        join ${unitsSql} u on ${inUnit} where ${dayOf('x.claimed_at')} ${r} group by u.id`)
    : new Map<string, number>();
  const perUnit = units.map((u) => ({ id: u.id, joins: unitJoins.get(u.id) ?? 0, bookings: unitBookings.get(u.id) ?? 0, claims: unitClaims.get(u.id) ?? 0 }));

  const sum = <T>(rows: T[], n: (row: T) => unknown, keep: (row: T) => boolean = () => true) => rows.filter(keep).reduce((a, row) => a + num(n(row)), 0);
  const held = ['booked', 'offered', 'checked_in', 'no_show'];
  const byKey = <T>(rows: T[], key: (row: T) => string, n: (row: T) => unknown, keep: (row: T) => boolean = () => true) => {
    const out: Record<string, number> = {};
    for (const row of rows.filter(keep)) out[key(row)] = (out[key(row)] ?? 0) + num(n(row));
    return out;
  };
  return {
    totals: {
      joins: sum(joins, (j) => j.n),
      bookings: sum(
        bookings,
        (b) => b.n,
        (b) => held.includes(b.status),
      ),
      checkedIn: sum(
        bookings,
        (b) => b.n,
        (b) => b.status === 'checked_in',
      ),
      noShows: sum(
        bookings,
        (b) => b.n,
        (b) => b.status === 'no_show',
      ),
      claims: sum(claims, (c) => c.n),
      pending: num(pending[0]?.n),
    },
    joinsByDay: byKey(
      joins,
      (j) => j.day,
      (j) => j.n,
    ),
    joinsByCategory: Object.fromEntries(
      WORKER_CATEGORY_CODES.map((c) => [
        c,
        sum(
          joins,
          (j) => j.n,
          (j) => j.category === c,
        ),
      ]),
    ),
    approvalBuckets: DURATION_BUCKETS.map((_, i) =>
      sum(
        joins,
        (j) => j.n,
        (j) => Number(j.bucket) === i,
      ),
    ),
    cardBuckets: DURATION_BUCKETS.map((_, i) =>
      sum(
        cards,
        (c) => c.n,
        (c) => Number(c.bucket) === i,
      ),
    ),
    joinsByEvent: byKey(
      events,
      (e) => e.id,
      (e) => e.n,
    ),
    bookingsByService: byKey(
      bookings,
      (b) => b.id,
      (b) => b.n,
      (b) => held.includes(b.status),
    ),
    checkInsByService: byKey(
      bookings,
      (b) => b.id,
      (b) => b.n,
      (b) => b.status === 'checked_in',
    ),
    claimsByCampaign: byKey(
      claims,
      (c) => c.id,
      (c) => c.n,
    ),
    claimsByPlace: byKey(
      claims,
      (c) => `${c.kind}:${c.place}`,
      (c) => c.n,
    ),
    byUnion: perUnit,
  };
}

export type NaiveFigures = Awaited<ReturnType<typeof naiveFigures>>;
