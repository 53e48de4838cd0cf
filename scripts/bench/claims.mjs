// Benchmark of benefit claims on real PostgreSQL, through HTTP, counting SUCCESSFUL claims (201), not requests.
// Starts its own server on a fresh database and drops it afterwards.
//
//   node scripts/bench/claims.mjs [--seconds 10] [--members 400000] [--surge 60000] [--workers 1] [--trigger-pairs 3]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default); BENCH_FIGURES_TRIGGERS=off runs without the
//   figures' capture triggers (what they cost the claim writer, in a paired run).
//
// 1. claims/s and latency at 20 and at 100 connections, every request a different member (quota never reached); then
//    what the figures' capture triggers cost the writer: --trigger-pairs pairs of windows at 20 connections with the
//    triggers off and on, interleaved (off/on, on/off, …) in the same run, so the machine's other work falls on both;
// 2. the naive baseline (count, then insert, one READ COMMITTED transaction per claim, straight on the database
//    with a 20-connection pool): its throughput, and its over-claims when 200 members race for a quota of 100;
// 3. 200 members racing for 100 through our HTTP path (must be exactly 100);
// 4. the surge: a 60,000-voucher campaign and more members than vouchers hammering it; time to drain, oversell,
//    and how many requests were shed with 429/503;
// 5. the 积分商城's slower path beside it: exchanges of a point-priced voucher (claim and spend in one transaction) at
//    20 connections, every request a new member with points enough.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { accessTokenSigner, figuresTriggers, freePort, loadLine, setFiguresTriggers, treeCpuMs, waitReady } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const SECONDS = Number(args.seconds ?? 10);
const MEMBERS = Number(args.members ?? 400_000);
const SURGE = Number(args.surge ?? 60_000);
const WORKERS = Number(args.workers ?? 1);
/** Pairs of 20-connection windows with the figures triggers off and on, interleaved in this run (0: none). */
const TRIGGER_PAIRS = Number(args['trigger-pairs'] ?? 3);
const SURGE_CONNECTIONS = Number(args['surge-connections'] ?? 200);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const JWT_SECRET = `bench-${randomUUID()}-${randomUUID()}`;

const accessToken = accessTokenSigner(JWT_SECRET);

async function main() {
  const dbName = `union_bench_claims_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${dbName}"`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const port = await freePort();
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // --workers N runs the server under cli/cluster.ts (N processes sharing the port), as a city would per core.
  const entry = WORKERS > 1 ? ['server/src/cli/cluster.ts', '--workers', String(WORKERS)] : ['server/src/server.ts'];
  const server = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [...nodeArgs, ...entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl.toString(),
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      // One machine plays every member from one address: lift the abuse limits, measure the claim path.
      SMS_HOURLY_LIMIT_PER_IP: '100000',
      SMS_DAILY_LIMIT_TOTAL: '10000000',
      RATE_LIMIT_MULTIPLIER: '100000',
      STATIC_DIR: '/nonexistent',
      SERVICE_CARD_SYNC_MS: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  const db = new pg.Pool({ connectionString: dbUrl.toString(), max: 20 });
  try {
    await waitReady(base);
    await figuresTriggers(db);
    const call = async (method, url, token, body) => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), authorization: `Bearer ${token}` },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = await res.json();
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const sms = await fetch(`${base}/auth/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '13800000001' }),
    }).then((r) => r.json());
    const staff = (
      await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: '13800000001', code: sms.devCode }),
      }).then((r) => r.json())
    ).accessToken;
    const me = await call('GET', '/me', staff);
    const orgId = me.grants[0].orgId;
    const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const event = await call('POST', '/staff/events', staff, {
      orgId,
      title: '夏送清凉',
      place: '新街口暖心驿站',
      startsAt: new Date().toISOString(),
      endsAt: inAYear,
    });
    // The poster code: static, so one code serves the whole run (a rotating code costs the same HMAC to check).
    const poster = await call('POST', `/admin/places/event/${event.id}/poster`, staff);
    const campaign = (title, quota, kind = 'gift', extra = {}) =>
      call('POST', '/admin/benefits', staff, {
        ...extra,
        orgId,
        title,
        kind,
        quota,
        period: 'once',
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: inAYear,
        eligibleOrgId: orgId,
        places: [{ kind: 'event', id: event.id }],
        requiresRotatingCode: false,
      });

    console.log(`creating ${MEMBERS} members in SQL…`);
    let t0 = performance.now();
    const { rows } = await db.query(
      `with a as (insert into accounts (id) select gen_random_uuid() from generate_series(1, $1) returning id),
       numbered as (select id, row_number() over () as n from a)
       insert into memberships (member_no, person_id_hash, account_id, org_id, status, name, gender, id_enc, phone_enc)
       select 'B' || n, 'bench-' || id, id, $2, 'active', '李测试', 'male', 'x', 'x' from numbered returning account_id`,
      [MEMBERS, orgId],
    );
    const tokens = rows.map((r) => accessToken(r.account_id));
    // As autovacuum would soon after a real import: plans are made with the tables' real sizes.
    await db.query('analyze accounts, memberships');
    console.log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s (with analyze)`);
    let nextMember = 0;
    // Every claim a new member: a member taken twice would be refused (one claim each) and the figures would be wrong.
    const takeToken = () => {
      if (nextMember >= tokens.length) throw new Error(`every one of the ${tokens.length} members has claimed: run again with a larger --members`);
      return tokens[nextMember++];
    };

    const load = async (name, campaignId, connections, opts, action = 'claims') => {
      const statuses = {};
      const cpuBefore = treeCpuMs(server.pid);
      const result = await autocannon({
        url: `http://127.0.0.1:${port}`,
        connections,
        ...opts,
        requests: [
          {
            method: 'POST',
            path: `/api/v1/benefits/${campaignId}/${action}`,
            setupRequest: (req) => ({
              ...req,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${takeToken()}`, 'idempotency-key': randomUUID() },
              body: JSON.stringify(action === 'claims' ? { placeToken: poster.code } : {}),
            }),
            onResponse: (status) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
            },
          },
        ],
      });
      const ok = statuses[201] ?? 0;
      const cpuPerRequest = ((treeCpuMs(server.pid) - cpuBefore) / Math.max(result.requests.total, 1)) * 1000;
      const line = `${name.padEnd(34)} ${String(Math.round(ok / result.duration)).padStart(6)} claims/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  max ${result.latency.max} ms  statuses ${JSON.stringify(statuses)}  errors ${result.errors} timeouts ${result.timeouts}  server CPU ${cpuPerRequest.toFixed(0)} µs/request`;
      console.log(line);
      return { result, statuses, ok };
    };
    const counts = async (id) => {
      const { rows } = await db.query(
        'select c.quota, (select sum(claimed)::int from benefit_campaign_shards s where s.campaign_id = c.id) as claimed, (select count(*)::int from benefit_claims x where x.campaign_id = c.id) as rows from benefit_campaigns c where c.id = $1',
        [id],
      );
      return rows[0];
    };

    console.log(`\n${loadLine()}; server ${WORKERS > 1 ? `cluster of ${WORKERS}` : 'one process'}`);
    console.log('— throughput: every request a new member, quota never reached —');
    const big = await campaign('吞吐量测试', 10_000_000);
    await load('warm-up (3 s, 20 connections)', big.id, 20, { duration: 3 });
    const r20 = await load(`${SECONDS} s at 20 connections`, big.id, 20, { duration: SECONDS });
    const r100 = await load(`${SECONDS} s at 100 connections`, big.id, 100, { duration: SECONDS });
    const bigCounts = await counts(big.id);
    console.log(
      `  after the runs: ${bigCounts.rows} claim rows, counter ${bigCounts.claimed}, claimed + remaining = ${bigCounts.claimed + (bigCounts.quota - bigCounts.claimed)} = quota ${bigCounts.quota}`,
    );

    if (TRIGGER_PAIRS > 0 && process.env.BENCH_FIGURES_TRIGGERS !== 'off') {
      console.log(`\n— the figures triggers, off and on in turn: ${TRIGGER_PAIRS} pairs of ${SECONDS} s at 20 connections —`);
      const rates = { off: [], on: [] };
      for (let i = 0; i < TRIGGER_PAIRS; i++) {
        for (const on of i % 2 === 0 ? [false, true] : [true, false]) {
          await setFiguresTriggers(db, on);
          const r = await load(`triggers ${on ? 'on ' : 'off'} (pair ${i + 1})`, big.id, 20, { duration: SECONDS });
          rates[on ? 'on' : 'off'].push(r.ok / r.result.duration);
        }
      }
      await setFiguresTriggers(db, true);
      const median = (xs) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const mid = Math.floor(sorted.length / 2);
        return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
      };
      const ratios = rates.on.map((v, i) => v / rates.off[i]);
      console.log(
        `  claims/s with the triggers on ÷ off: median ${median(ratios).toFixed(2)} (pairs ${ratios.map((x) => x.toFixed(2)).join(', ')}); medians on ${Math.round(median(rates.on))}, off ${Math.round(median(rates.off))}`,
      );
    }

    console.log('\n— 200 members race for a quota of 100 —');
    const race = await campaign('200 抢 100', 100);
    const raceTokens = Array.from({ length: 200 }, takeToken);
    const raceResults = await Promise.all(
      raceTokens.map((token) =>
        fetch(`${base}/benefits/${race.id}/claims`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
          body: JSON.stringify({ placeToken: poster.code }),
        }).then((r) => r.status),
      ),
    );
    const raceCounts = await counts(race.id);
    console.log(
      `  ours (group commit, HTTP): ${raceResults.filter((s) => s === 201).length} successes, ${raceCounts.rows} rows, ${raceCounts.rows - 100} over-claims`,
    );

    console.log('\n— naive baseline: select count(*), then insert, one READ COMMITTED transaction, 20 connections, no HTTP —');
    await db.query(
      'create table naive_claims (id uuid primary key default gen_random_uuid(), campaign_id int not null, account_id uuid not null, claimed_at timestamptz not null default now())',
    );
    await db.query('create index on naive_claims (campaign_id)');
    const naiveClaim = async (campaignId, quota, accountId) => {
      const client = await db.connect();
      try {
        await client.query('begin');
        const { rows } = await client.query('select count(*)::int as n from naive_claims where campaign_id = $1', [campaignId]);
        if (rows[0].n >= quota) {
          await client.query('rollback');
          return false;
        }
        await client.query('insert into naive_claims (campaign_id, account_id) values ($1, $2)', [campaignId, accountId]);
        await client.query('commit');
        return true;
      } finally {
        client.release();
      }
    };
    const naiveRace = await Promise.all(rows.slice(0, 200).map((r) => naiveClaim(1, 100, r.account_id)));
    const naiveRows = (await db.query('select count(*)::int as n from naive_claims where campaign_id = 1')).rows[0].n;
    console.log(`  naive, 200 racing for 100: ${naiveRace.filter(Boolean).length} successes, ${naiveRows} rows, ${naiveRows - 100} over-claims`);
    let naiveOk = 0;
    const naiveTimes = [];
    const naiveEnd = performance.now() + SECONDS * 1000;
    let n = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (performance.now() < naiveEnd) {
          const started = performance.now();
          if (await naiveClaim(2, 10_000_000, rows[n++ % rows.length].account_id)) naiveOk++;
          naiveTimes.push(performance.now() - started);
        }
      }),
    );
    naiveTimes.sort((a, b) => a - b);
    console.log(
      `  naive, ${SECONDS} s at 20 connections: ${Math.round(naiveOk / SECONDS)} claims/s, p99 ${naiveTimes[Math.floor(naiveTimes.length * 0.99)].toFixed(1)} ms (database only, no HTTP)`,
    );

    console.log(`\n— surge: a ${SURGE}-voucher campaign, ${Math.round(SURGE * 1.3)} members, ${SURGE_CONNECTIONS} connections —`);
    const surge = await campaign('春节留京消费券', SURGE, 'voucher');
    const started = performance.now();
    let drainedAt = null;
    const watcher = setInterval(async () => {
      if (drainedAt) return;
      const c = await counts(surge.id);
      if (c.claimed >= SURGE) drainedAt = performance.now();
    }, 100);
    const s = await load('surge', surge.id, SURGE_CONNECTIONS, { amount: Math.round(SURGE * 1.3) });
    clearInterval(watcher);
    const sc = await counts(surge.id);
    const drainSeconds = ((drainedAt ?? performance.now()) - started) / 1000;
    const shed = (s.statuses[429] ?? 0) + (s.statuses[503] ?? 0);
    console.log(
      `  drained ${sc.claimed}/${SURGE} in ${drainSeconds.toFixed(1)} s; ${sc.rows} voucher rows; oversell ${sc.rows - SURGE}; counter matches rows: ${sc.claimed === sc.rows}; shed with 429/503: ${shed}`,
    );

    console.log('\n— 积分商城: exchanges of a point-priced voucher (claim and spend in one transaction), every request a new member —');
    // Every member has points enough, as the learning ledger would have paid them (the spend reads only the balance row).
    await db.query('insert into points_balances (account_id, balance) select account_id, 1000 from memberships where member_no like $1', ['B%']);
    const mall = await campaign('洗车券（积分兑换）', 10_000_000, 'voucher', { voucherValue: 20, pointsPrice: 20 });
    const m20 = await load(`${SECONDS} s at 20 connections`, mall.id, 20, { duration: SECONDS }, 'exchange');
    // Requests still in flight when autocannon stops are finished by the server: let them land, then count both at once.
    await new Promise((r) => setTimeout(r, 2_000));
    const { rows: paid } = await db.query(
      `select (select count(*)::int from benefit_claims where campaign_id = $1) as rows,
              (select sum(claimed)::int from benefit_campaign_shards where campaign_id = $1) as claimed,
              (select count(*)::int from points_ledger where rule = 'spend') as spent`,
      [mall.id],
    );
    const mallCounts = paid[0];
    const spent = mallCounts.spent;
    console.log(`  ${mallCounts.rows} claims, counter ${mallCounts.claimed}, ${spent} spend entries (one per claim: ${spent === mallCounts.rows})`);

    console.log('\nsummary');
    console.log(
      `  claims/s at 20 connections: ${Math.round(r20.ok / r20.result.duration)} (p99 ${r20.result.latency.p99} ms); at 100: ${Math.round(r100.ok / r100.result.duration)} (p99 ${r100.result.latency.p99} ms); 积分商城 exchanges/s at 20: ${Math.round(m20.ok / m20.result.duration)} (p99 ${m20.result.latency.p99} ms)`,
    );
    if (sc.rows !== Math.min(SURGE, sc.rows) || raceCounts.rows !== 100 || sc.claimed !== sc.rows || spent !== mallCounts.rows) process.exitCode = 1;
  } finally {
    await db.end();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await admin.query(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
