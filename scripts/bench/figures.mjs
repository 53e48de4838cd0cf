// 数据概览 at city scale on real PostgreSQL: makes a throwaway database with a city's union tree (1 city, 16 districts,
// 320 street unions, 1,600 enterprise unions), 1,000,000 members, 2,000,000 applications, 5,000,000 benefit claims and
// 1,000,000 bookings spread over the last year (generate_series, triggers off while loading, then figures_rebuild()),
// starts the server on it and asks GET /api/v1/admin/figures/overview as the city's operator and as one street union's
// admin: the default range (the last 30 days) and a whole year. Beside each it prints the same figures computed by
// plain GROUP BY over the base tables (figures.naive.ts, what the tests compare the rollups with) in the same run.
// Drops the database afterwards.
//
//   node scripts/bench/figures.mjs [--requests 60] [--naive-runs 2] [--scale 1] [--keep name]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
// --scale 0.1 makes a tenth of every table (a quick look); --keep <name> loads into database <name> only if it is
// empty, and keeps it afterwards (for repeated runs).
// The rows are made for the figures: applications, bookings and claims name accounts that are not in `accounts`
// (foreign keys are not checked while loading); everything a figure reads is complete.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { register } from 'tsx/esm/api';
import { accessTokenSigner, freePort, loadLine, waitReady } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const REQUESTS = Number(args.requests ?? 60);
const NAIVE_RUNS = Number(args['naive-runs'] ?? 2);
const SCALE = Number(args.scale ?? 1);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KEEP = args.keep;
const JWT_SECRET = `bench-${randomUUID()}-${randomUUID()}`;
const accessToken = accessTokenSigner(JWT_SECRET);

const N = {
  applications: Math.round(2_000_000 * SCALE),
  claims: Math.round(5_000_000 * SCALE),
  bookings: Math.round(1_000_000 * SCALE),
  events: Math.round(20_000 * SCALE),
  services: 2_000,
  campaigns: 500,
};

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Runs one statement and says how long it took. */
async function step(db, label, text) {
  const started = Date.now();
  const res = await db.query(text);
  console.log(`  ${label}: ${res.rowCount ?? ''} ${seconds(Date.now() - started)}`);
}

async function load(db) {
  const started = Date.now();
  console.log('loading (triggers and foreign keys off)…');
  await db.query("set session_replication_role = replica; set maintenance_work_mem = '512MB'; set work_mem = '256MB'");
  await step(
    db,
    'unions',
    `with city as (insert into orgs (code, name, kind, path, region_code) values ('bj', '北京市总工会', 'federation', 'bj', '110000') returning id),
     d as (insert into orgs (code, name, kind, parent_id, path, region_code)
       select 'd' || i, '第' || i || '区总工会', 'district', city.id, 'bj.d' || i, '1101' || lpad(i::text, 2, '0') from city, generate_series(1, 16) i returning id, code, path, region_code),
     s as (insert into orgs (code, name, kind, parent_id, path, region_code, accepts_unaffiliated)
       select d.code || 's' || j, d.code || '第' || j || '街道总工会', 'street', d.id, d.path || '.' || d.code || 's' || j, d.region_code, true from d, generate_series(1, 20) j
       returning id, code, path, region_code)
     insert into orgs (code, name, kind, parent_id, path, region_code)
     select s.code || 'e' || k, s.code || '第' || k || '企业工会', 'enterprise', s.id, s.path || '.' || s.code || 'e' || k, s.region_code from s, generate_series(1, 5) k`,
  );
  // Where people join: any street or enterprise union (1,920 of them), alike.
  await db.query(`create temporary table leaf as select row_number() over (order by path) as n, id, kind from orgs where kind in ('street', 'enterprise')`);
  await db.query(`create temporary table street as select row_number() over (order by path) as n, id from orgs where kind = 'street'`);
  await db.query('create index on leaf (n); create index on street (n); analyze leaf; analyze street');
  await step(
    db,
    `${N.events} stall events`,
    `insert into stall_events (code, org_id, title, place, starts_at, ends_at, created_by)
     select 'E' || g, s.id, '入会专场' || g, '现场', t, t + interval '6 hours', gen_random_uuid()
     from generate_series(1, ${N.events}) g, lateral (select now() - random() * interval '365 days' as t) x,
       lateral (select id from street where n = 1 + (g % 320)) s`,
  );
  await db.query(`create temporary table ev as select row_number() over () as n, id, org_id from stall_events; create index on ev (n); analyze ev`);
  await step(
    db,
    `${N.applications} applications`,
    `insert into applications (account_id, kind, status, org_id, event_id, name, id_enc, id_hash, phone_enc, phone_hash, gender, birth_date, employer,
       category, work_district, consent_version, consent_at, real_name, submitted_at, decided_at)
     select gen_random_uuid(), 'join', st, l.id, case when r3 < 0.3 then (select id from ev where n = 1 + floor(r3 / 0.3 * ${N.events})::int) end,
       '压测', 'x', 'h' || g, 'x', 'p' || g, 'male', '1990-01-01', '美团',
       (array['courier','rider','ride_hailing','truck','domestic','security','other'])[1 + floor(r2 * 7)::int]::worker_category, '110102', 'v1', sub, 'passed',
       sub, case when st <> 'pending' then least(sub + exp(random() * ln(2592000)) * interval '1 second', now()) end
     from (select g, random() as r1, random() as r2, random() as r3, random() as r4, now() - random() * interval '365 days' as sub from generate_series(1, ${N.applications}) g) x,
       lateral (select case when r1 < 0.5 then 'approved' when r1 < 0.85 then 'rejected' when r1 < 0.99 then 'withdrawn' else 'pending' end::application_status as st) s,
       lateral (select id from leaf where n = 1 + floor(r4 * 1920)::int) l`,
  );
  await step(
    db,
    'members (the approved applications)',
    `insert into memberships (member_no, person_id_hash, account_id, org_id, application_id, status, name, gender, id_enc, phone_enc, joined_at)
     select 'M' || row_number() over (), id_hash, account_id, org_id, id, 'active', name, gender, 'x', 'x', decided_at from applications where status = 'approved'`,
  );
  await step(
    db,
    'service cards (half the members; issued 1-10 days after joining)',
    `insert into service_cards (membership_id, status, bank_name, consent_version, consent_at, requested_at, issued_at)
     select m.id, case when t < now() then 'issued' else 'applying' end::service_card_status, '北京银行', 'v1', m.joined_at, m.joined_at, case when t < now() then t end
     from memberships m, lateral (select m.joined_at + random() * interval '10 days' as t) x where random() < 0.5`,
  );
  await step(
    db,
    `${N.services} services, 100 slots each`,
    `with s as (insert into services (kind, org_id, title, description, address, eligible_org_id)
       select 'legal_aid', st.id, '法律咨询' || g, '律师答疑', '现场', st.id from generate_series(1, ${N.services}) g, lateral (select id from street where n = 1 + (g % 320)) st
       returning id)
     insert into service_slots (service_id, starts_at, ends_at, capacity)
     select s.id, t, t + interval '1 hour', 100 from s, generate_series(1, 100) k, lateral (select date_trunc('hour', now() - interval '340 days' + k * interval '3.6 days' + random() * interval '2 days') as t) x`,
  );
  const perSlot = Math.max(1, Math.round(N.bookings / (N.services * 100)));
  await step(
    db,
    `${N.bookings} bookings`,
    `insert into bookings (slot_id, service_id, account_id, status, slot_starts_at, created_at)
     select sl.id, sl.service_id, gen_random_uuid(),
       (case when sl.starts_at > now() then (array['booked','booked','booked','waitlisted','cancelled'])[1 + floor(random() * 5)::int]
             else (array['checked_in','checked_in','checked_in','checked_in','checked_in','no_show','cancelled','cancelled','expired','checked_in'])[1 + floor(random() * 10)::int] end)::booking_status,
       sl.starts_at, sl.starts_at - interval '2 days'
     from service_slots sl, generate_series(1, ${perSlot})`,
  );
  await step(
    db,
    `${N.campaigns} benefit campaigns, 4 places each`,
    `with c as (insert into benefit_campaigns (org_id, title, kind, quota, period, starts_at, ends_at, eligible_org_id, eligible_path, requires_rotating_code, created_by)
       select o.id, '福利活动' || g, 'gift', 100000, 'daily', now() - interval '366 days', now() + interval '30 days', o.id, o.path, false, gen_random_uuid()
       from generate_series(1, ${N.campaigns}) g, lateral (select o.id, o.path from street s join orgs o on o.id = s.id where s.n = 1 + (g % 320)) o
       returning id)
     insert into benefit_campaign_places (campaign_id, kind, place_id, name)
     select c.id, 'station', md5(c.id::text || k)::uuid, '暖心驿站' || k from c, generate_series(0, 3) k`,
  );
  await db.query(`create temporary table camp as select row_number() over () as n, id from benefit_campaigns; create index on camp (n); analyze camp`);
  await step(
    db,
    `${N.claims} claims`,
    `insert into benefit_claims (id, campaign_id, account_id, membership_id, period_key, place_kind, place_id, idempotency_key, request_hash, claimed_at)
     select gen_random_uuid(), c.id, gen_random_uuid(), gen_random_uuid(), 'o', 'station', md5(c.id::text || floor(random() * 4)::int)::uuid, 'k' || g, 'h',
       now() - random() * interval '365 days'
     from generate_series(1, ${N.claims}) g, lateral (select id from camp where n = 1 + (g % ${N.campaigns})) c`,
  );
  await step(
    db,
    'station searches (counts per street and day)',
    `insert into figure_deltas (org_id, metric, day, dim, n)
     select s.id, 'station_search', (now() at time zone 'Asia/Shanghai')::date - d, '', 1 + floor(random() * 50)::int from street s, generate_series(0, 364) d`,
  );
  await db.query('reset session_replication_role');
  await step(db, 'figures_rebuild()', 'select figures_rebuild()');
  await step(db, 'vacuum analyze', 'vacuum analyze');
  console.log(`loaded in ${seconds(Date.now() - started)}`);
}

async function main() {
  const dbName = KEEP ?? `union_bench_figures_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [dbName])).rowCount > 0;
  if (!exists) await admin.query(`create database "${dbName}"`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const env = { ...process.env, NODE_ENV: 'development', DATABASE_URL: dbUrl.toString() };
  let server;
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  try {
    // On a kept database a new figures migration rebuilds the rollups here (minutes at scale 1).
    const migrateStarted = Date.now();
    const migrate = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/cli/migrate.ts'], { cwd: ROOT, env, encoding: 'utf8' });
    if (migrate.status !== 0) throw new Error(`migrate failed: ${migrate.stderr}`);
    console.log(`migrations: ${seconds(Date.now() - migrateStarted)}`);
    if ((await db.query('select count(*)::int as n from orgs')).rows[0].n === 0) await load(db);
    // Rollups a migration just rebuilt on a kept database: their visibility map and statistics, as the load's vacuum
    // gives a new one (autovacuum would, a little later).
    else await step(db, 'vacuum analyze (the rollups)', 'vacuum analyze figure_deltas, figure_org_days, figure_item_days');
    const sizes = await db.query(
      `select (select count(*) from memberships) as members, (select count(*) from applications) as applications,
         (select count(*) from benefit_claims) as claims, (select count(*) from bookings) as bookings, (select count(*) from orgs) as unions,
         (select count(*) from figure_org_days) as org_days, (select count(*) from figure_item_days) as item_days,
         pg_size_pretty(pg_database_size(current_database())) as size`,
    );
    console.log('data:', sizes.rows[0]);

    // The city's operator and the admin of one street union (第1区第1街道, with 5 enterprise unions below it).
    const grant = async (code, role) => {
      const id = randomUUID();
      await db.query(`insert into accounts (id) values ($1)`, [id]);
      await db.query(`insert into staff_grants (account_id, org_id, role) select $1, id, $2 from orgs where code = $3`, [id, role, code]);
      return id;
    };
    const operator = await grant('bj', 'operator');
    const streetAdmin = await grant('d1s1', 'admin');
    const street = (await db.query(`select id, path from orgs where code = 'd1s1'`)).rows[0];

    const port = await freePort();
    server = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/server.ts'], {
      cwd: ROOT,
      env: {
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        JWT_SECRET,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_MULTIPLIER: '100000',
        SERVICE_CARD_SYNC_MS: '0',
        BOOKING_JOBS_MS: '0',
        STATIC_DIR: '/nonexistent',
        STATIONS_MEMORY_MB: '0',
        SHUTDOWN_DELAY_MS: '0',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}/api/v1`;
    await waitReady(base);

    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const dayBefore = (days) => new Date(Date.parse(today) - days * 86_400_000).toISOString().slice(0, 10);
    const ranges = { 'last 30 days (default)': { from: dayBefore(29), to: today }, 'a whole year': { from: dayBefore(365), to: today } };
    const who = { city: { account: operator, paths: ['bj'] }, 'one street union': { account: streetAdmin, paths: [street.path] } };

    register();
    const { naiveFigures } = await import('../../server/src/modules/figures/figures.naive.ts');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    // Its own pool, without the app's 10-second statement timeout: the plain GROUP BY takes what it takes.
    const naivePool = new pg.Pool({ connectionString: dbUrl.toString(), max: 2 });
    const naiveDb = { db: drizzle(naivePool), close: () => naivePool.end() };

    console.log(`\n${loadLine()}`);
    const results = [];
    for (const [rangeName, range] of Object.entries(ranges)) {
      for (const [name, w] of Object.entries(who)) {
        const token = accessToken(w.account);
        const url = `${base}/admin/figures/overview?from=${range.from}&to=${range.to}`;
        const ask = async () => {
          const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
          if (res.status !== 200) throw new Error(`overview: ${res.status} ${await res.text()}`);
          return res.json();
        };
        for (let i = 0; i < 5; i++) await ask();
        const times = [];
        let o;
        for (let i = 0; i < REQUESTS; i++) {
          const t0 = performance.now();
          o = await ask();
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        console.log(
          `\n${name}, ${rangeName}: overview through HTTP p50 ${times[Math.floor(times.length / 2)].toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms (max ${times.at(-1).toFixed(0)} ms, ${REQUESTS} requests); ${loadLine()}`,
        );
        const units = (await db.query(`select id, path from orgs where parent_id = (select id from orgs where path = $1) order by path`, [w.paths[0]])).rows;
        const naiveTimes = [];
        let naive;
        for (let i = 0; i < NAIVE_RUNS; i++) {
          const t0 = performance.now();
          naive = await naiveFigures(naiveDb.db, w.paths, range, units);
          naiveTimes.push(performance.now() - t0);
        }
        naiveTimes.sort((a, b) => a - b);
        const exact = (
          await db.query(
            `select percentile_cont(0.5) within group (order by s) as p50, percentile_cont(0.9) within group (order by s) as p90
             from (select extract(epoch from a.decided_at - a.submitted_at) as s from applications a join orgs o on o.id = a.org_id
                   where a.kind = 'join' and a.status = 'approved' and (o.path = $1 or o.path like $1 || '.%')
                     and ((a.decided_at at time zone 'UTC') + interval '8 hours')::date between $2 and $3) x`,
            [w.paths[0], range.from, range.to],
          )
        ).rows[0];
        const bucketP = (buckets, share) => {
          const n = buckets.reduce((a, b) => a + b, 0);
          let seen = 0;
          for (let i = 0; i < buckets.length; i++) if ((seen += buckets[i]) >= share * n) return i;
          return null;
        };
        const row = {
          range: rangeName,
          who: name,
          rollup: { p50: times[Math.floor(times.length / 2)], p95: percentile(times, 95), max: times.at(-1) },
          groupBy: { median: naiveTimes[Math.floor(naiveTimes.length / 2)] },
          figures: {
            joins: [o.totals.joins, naive.totals.joins],
            bookings: [o.totals.bookings, naive.totals.bookings],
            checkedIn: [o.totals.checkedIn, naive.totals.checkedIn],
            noShows: [o.totals.noShows, naive.totals.noShows],
            claims: [o.totals.claims, naive.totals.claims],
            approvalP50Bucket: [o.approvalTime.p50, bucketP(naive.approvalBuckets, 0.5)],
            approvalP90Bucket: [o.approvalTime.p90, bucketP(naive.approvalBuckets, 0.9)],
            cardP50Bucket: [o.cardTime.p50, bucketP(naive.cardBuckets, 0.5)],
            topCampaignClaims: [o.claimsByCampaign[0]?.n, Math.max(...Object.values(naive.claimsByCampaign))],
          },
          exactApproval: { p50: Math.round(exact.p50), p90: Math.round(exact.p90) },
          pending: o.totals.pending,
          stationSearches: o.totals.stationSearches,
        };
        results.push(row);
        const same = Object.values(row.figures).every(([a, b]) => a === b);
        console.log(
          `  plain GROUP BY over the base tables: ${row.groupBy.median.toFixed(0)} ms (median of ${NAIVE_RUNS}, same figures: ${same ? 'yes' : 'NO'})` +
            `\n  figures [rollup, GROUP BY]: ${JSON.stringify(row.figures)}` +
            `\n  approval time exact (percentile_cont, s): p50 ${row.exactApproval.p50}, p90 ${row.exactApproval.p90}; pending now ${row.pending}; station searches ${row.stationSearches}`,
        );
      }
    }
    await naiveDb.close();
    console.log(`\n${loadLine()}`);
    console.log(JSON.stringify(results));
  } finally {
    server?.kill('SIGTERM');
    await db.end();
    if (!KEEP) await admin.query(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
