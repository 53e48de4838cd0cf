// Benchmark of bookings on real PostgreSQL, through HTTP. Starts its own server on a fresh database (dropped
// afterwards) with the default pool (20 connections, 5 s wait), members made in SQL with signed tokens, then in ONE run:
//  1. spread: --bookings bookings by distinct (member, slot) pairs over --slots slots at --concurrency connections
//     (autocannon): bookings/s, p50, p99, server CPU per booking; no slot over capacity (checked in the database);
//  2. race: --race members book one slot of capacity --race-capacity at the same moment (one connection each), while
//     another member reads GET /benefits/claims/mine in a loop: every answer 2xx booked or waitlisted, positions
//     exactly 1..race-capacity, 5xx count, p99, exactly race-capacity booked in the database, the unrelated read's
//     worst latency;
//  3. baselines, served by a tiny node:http + pg server (scripts/bench/naive-bookings-server.mjs) in the same run:
//     the naive design (count the slot's bookings, then insert, in one transaction) with its bookings/s and p99 at
//     the same concurrency and its overbookings when --naive-race members race one slot; and the single-statement
//     design (guarded increment + insert) for scale.
//
//   node scripts/bench/bookings.mjs [--bookings 20000] [--slots 100] [--concurrency 50] [--race 3000] [--race-capacity 50] [--naive-race 300] [--workers 1] [--skip race,baselines]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default); BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof";
//   BENCH_KEEP_DB=1 keeps the bench's database afterwards (its name is printed), to look at plans in psql.
//   BENCH_FIGURES_TRIGGERS=off runs without the figures' capture triggers (what they cost the writers, in a paired run).
import { spawn } from 'node:child_process';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { accessTokenSigner, figuresTriggers, databaseCpuMs, freePort, loadLine, runQueueWaitMs, treeCpuMs, treeRunQueueWait, waitReady } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const BOOKINGS = Number(args.bookings ?? 20_000);
const SLOTS = Number(args.slots ?? 100);
const CONCURRENCY = Number(args.concurrency ?? 50);
const RACE = Number(args.race ?? 3_000);
const RACE_CAPACITY = Number(args['race-capacity'] ?? 50);
const NAIVE_RACE = Number(args['naive-race'] ?? 300);
const WARMUP = Number(args.warmup ?? 2_000);
/** --skip race,baselines: leave parts out (to profile one). */
const SKIP = new Set(String(args.skip ?? '').split(','));
const WORKERS = Number(args.workers ?? 1);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const JWT_SECRET = `bench-${randomUUID()}-${randomUUID()}`;

const accessToken = accessTokenSigner(JWT_SECRET);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (v) => `${v.toFixed(1)} ms`;

/** Spawns a process and resolves with it once a line of its output matches. */
function spawnUntil(cmd, argv, opts, pattern) {
  const child = spawn(cmd, argv, { ...opts, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = pattern.exec(out);
      if (m) resolve({ child, match: m });
    });
    child.once('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${out}`)));
  });
}

/** N requests over `connections` connections with autocannon; each request from `make(i)`. */
async function load({ url, connections, amount, make, dbName }) {
  const statuses = {};
  const pgBefore = dbName ? databaseCpuMs(dbName) : null;
  let i = 0;
  const result = await autocannon({
    url,
    connections,
    amount,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({ ...req, ...make(i++) }),
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  const ok = (statuses[200] ?? 0) + (statuses[201] ?? 0);
  const pgCpu = pgBefore === null ? null : ((databaseCpuMs(dbName) - pgBefore) / Math.max(result.requests.total, 1)) * 1000;
  return { result, statuses, ok, perSecond: ok / result.duration, pgCpu };
}

async function main() {
  const dbName = `union_bench_bookings_${Date.now()}`;
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
      // One machine plays thousands of phones from one address: lift the abuse limits, measure the booking path.
      // The pool keeps its defaults (20 connections, 5 s wait): a rush must not need a bigger one.
      SMS_HOURLY_LIMIT_PER_IP: '100000',
      SMS_DAILY_LIMIT_TOTAL: '10000000',
      RATE_LIMIT_MULTIPLIER: '100000',
      BANK_DEV_ISSUE_DELAY_MS: '0',
      SERVICE_CARD_SYNC_MS: '0',
      STATIC_DIR: '/nonexistent',
      // Stopped at the end without the deploy drain (nothing balances to it), so it exits at once and a
      // --cpu-prof profile is written.
      SHUTDOWN_DELAY_MS: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  const db = new pg.Pool({ connectionString: dbUrl.toString(), max: 5 });
  let naiveServer;
  try {
    await waitReady(base);
    await figuresTriggers(db);
    const call = async (method, url, token, body) => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = await res.json();
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const sms = await call('POST', '/auth/sms', null, { phone: '13800000001' });
    const staff = (await call('POST', '/auth/login', null, { phone: '13800000001', code: sms.devCode })).accessToken;
    const orgId = (await call('GET', '/me', staff)).grants.find((g) => g.role === 'admin').orgId;

    const memberCount = Math.max(RACE + 1, Math.ceil(BOOKINGS / SLOTS) + 1);
    console.log(`creating ${memberCount} members in SQL…`);
    const { rows } = await db.query(
      `with a as (insert into accounts (id) select gen_random_uuid() from generate_series(1, $1) returning id),
       numbered as (select id, row_number() over () as n from a)
       insert into memberships (member_no, person_id_hash, account_id, org_id, status, name, gender, id_enc, phone_enc)
       select 'B' || n, 'bench-' || id, id, $2, 'active', '李测试', 'male', 'x', 'x' from numbered returning account_id`,
      [memberCount, orgId],
    );
    await db.query('analyze accounts, memberships');
    const accounts = rows.map((r) => r.account_id);
    const tokens = accounts.map(accessToken);
    const reader = tokens.pop();
    accounts.pop();

    // A service with the default rules (no-show limit 3: the no-show check runs on every booking).
    const service = await call('POST', '/admin/services', staff, {
      kind: 'legal_aid',
      orgId,
      title: '压测法律咨询',
      description: '压测用服务',
      place: { address: '北京市西城区新街口外大街甲14号' },
    });
    const at = (h) => new Date(Date.now() + h * 3_600_000).toISOString();
    const slotCapacity = Math.ceil(BOOKINGS / SLOTS);
    const makeSlots = async (n, fromHour, capacity) => {
      const ids = [];
      for (let i = 0; i < n; i++)
        ids.push(
          (await call('POST', `/admin/services/${service.id}/slots`, staff, { startsAt: at(fromHour + i), endsAt: at(fromHour + i + 0.5), capacity })).items[0]
            .id,
        );
      return ids;
    };
    const warmSlots = await makeSlots(SLOTS, 48, Math.ceil(WARMUP / SLOTS));
    const spreadSlots = await makeSlots(SLOTS, 48 + SLOTS, slotCapacity);
    const [raceSlot] = await makeSlots(1, 48 + 2 * SLOTS, RACE_CAPACITY);

    // Job i: member i mod M, slot (floor(i / M) + i) mod S: distinct (member, slot) pairs, spread evenly.
    const M = accounts.length;
    const pick = (i, slots) => ({
      token: tokens[i % M],
      account: accounts[i % M],
      slot: slots[(Math.floor(i / M) + i) % slots.length],
      slotIndex: (Math.floor(i / M) + i) % slots.length,
    });
    const ours = (slots) => (i) => {
      const j = pick(i, slots);
      return {
        path: '/api/v1/bookings',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${j.token}` },
        body: JSON.stringify({ slotId: j.slot }),
      };
    };

    console.log(`\n${loadLine()}; server ${WORKERS > 1 ? `cluster of ${WORKERS}` : 'one process'}; compare the ratios printed in the same run`);
    console.log(
      `\n— 1. spread: ${BOOKINGS} bookings over ${SLOTS} slots (capacity ${slotCapacity}), ${CONCURRENCY} connections, distinct (member, slot) pairs —`,
    );
    await load({ url: `http://127.0.0.1:${port}`, connections: CONCURRENCY, amount: WARMUP, make: ours(warmSlots) });
    const cpuBefore = treeCpuMs(server.pid);
    const spread = await load({ url: `http://127.0.0.1:${port}`, connections: CONCURRENCY, amount: BOOKINGS, make: ours(spreadSlots), dbName });
    const cpuPer = ((treeCpuMs(server.pid) - cpuBefore) / Math.max(spread.result.requests.total, 1)) * 1000;
    const spreadDb = (
      await db.query(
        `select count(*) filter (where b.status = 'booked')::int as booked, count(*)::int as rows,
           (select count(*)::int from service_slots s where s.id = any($1::uuid[]) and s.taken > s.capacity) as over,
           (select count(*)::int from service_slots s where s.id = any($1::uuid[]) and s.taken <> (select count(*) from bookings x where x.slot_id = s.id and x.status = 'booked')) as drift
         from bookings b where b.slot_id = any($1::uuid[])`,
        [spreadSlots],
      )
    ).rows[0];
    console.log(
      `  ours: ${Math.round(spread.perSecond)} bookings/s  p50 ${spread.result.latency.p50} ms  p99 ${spread.result.latency.p99} ms  max ${spread.result.latency.max} ms  statuses ${JSON.stringify(spread.statuses)}  server CPU ${cpuPer.toFixed(0)} µs/booking, PostgreSQL CPU ${spread.pgCpu?.toFixed(0)} µs/booking`,
    );
    console.log(
      `  in the database: ${spreadDb.rows} bookings, ${spreadDb.booked} booked; slots over capacity ${spreadDb.over}; counters off ${spreadDb.drift}`,
    );
    // For scale: what any request costs this server before a handler runs (HTTP, hooks, headers), on the same machine now.
    const healthBefore = treeCpuMs(server.pid);
    const health = await autocannon({ url: `http://127.0.0.1:${port}/api/v1/health`, connections: CONCURRENCY, amount: 5_000 });
    console.log(
      `  for scale, GET /health: ${Math.round(health.requests.total / health.duration)}/s, server CPU ${(((treeCpuMs(server.pid) - healthBefore) / health.requests.total) * 1000).toFixed(0)} µs/request`,
    );

    if (SKIP.has('race')) return;
    console.log(`\n— 2. race: ${RACE} members book one slot of capacity ${RACE_CAPACITY} at once (one connection each, open beforehand), default pool —`);
    // Members who have the app open: each racer's connection is open (keep-alive) before 9:00, as a phone's is to the
    // gateway. Opening 3,000 TCP connections in the same instant is measured by the kernel's accept queue and the
    // load generator, not by the booking path (see the README note on the listen backlog).
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity });
    const readerAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let retries = 0;
    const request = (method, url, token, body, via, retry = true) =>
      new Promise((resolve) => {
        const started = performance.now();
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method,
            path: `/api/v1${url}`,
            agent: via,
            headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c) => (text += c));
            res.on('end', () => {
              let json = null;
              try {
                json = JSON.parse(text);
              } catch {
                json = { raw: text };
              }
              resolve({ status: res.statusCode, json, ms: performance.now() - started });
            });
          },
        );
        req.on('error', (error) => {
          // The server closed a kept-alive socket just as this request went out (its keep-alive timeout is 5 s): the
          // request never reached it, so send it again once, as browsers and gateways do (a booking is idempotent).
          if (retry && req.reusedSocket && error.code === 'ECONNRESET') {
            retries++;
            request(method, url, token, body, via, false).then((r) => resolve({ ...r, ms: performance.now() - started }));
          } else resolve({ status: 0, json: { error: String(error) }, ms: performance.now() - started });
        });
        req.end(body ? JSON.stringify(body) : undefined);
      });
    const racers = tokens.slice(0, RACE);
    let cpuMark = treeCpuMs(server.pid);
    const opened = await Promise.all(racers.map(() => request('GET', '/health', null, null, agent)));
    const healthCpu = ((treeCpuMs(server.pid) - cpuMark) / RACE) * 1000;
    const sockets = Object.values(agent.freeSockets).reduce((n, list) => n + list.length, 0);
    console.log(`  ${opened.filter((r) => r.status === 200).length} connections opened beforehand (${sockets} idle keep-alive sockets)`);
    let reading = true;
    const reads = [];
    const readLoop = (async () => {
      while (reading) {
        reads.push(await request('GET', '/benefits/claims/mine', reader, null, readerAgent));
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    // The connections were opened minutes before 9:00: let that burst leave the event-loop-delay reading first.
    await new Promise((r) => setTimeout(r, 1_500));
    cpuMark = treeCpuMs(server.pid);
    const pgMark = databaseCpuMs(dbName);
    const clientMark = process.cpuUsage();
    const waitMark = treeRunQueueWait(server.pid);
    const raceStarted = performance.now();
    const answers = await Promise.all(racers.map((token) => request('POST', '/bookings', token, { slotId: raceSlot }, agent)));
    const raceSeconds = (performance.now() - raceStarted) / 1000;
    const raceCpu = ((treeCpuMs(server.pid) - cpuMark) / RACE) * 1000;
    const racePgCpu = pgMark === null ? null : ((databaseCpuMs(dbName) - pgMark) / RACE) * 1000;
    const clientCpu = process.cpuUsage(clientMark);
    const raceClientCpu = (clientCpu.user + clientCpu.system) / RACE;
    const raceWait = runQueueWaitMs(waitMark, treeRunQueueWait(server.pid));
    reading = false;
    await readLoop;
    agent.destroy();
    readerAgent.destroy();
    const okRace = answers.filter((a) => a.status === 201);
    const bookedRace = okRace.filter((a) => a.json.status === 'booked').length;
    const positions = okRace
      .filter((a) => a.json.status === 'waitlisted')
      .map((a) => a.json.position)
      .sort((a, b) => a - b);
    const exact = positions.length === RACE - RACE_CAPACITY && positions.every((p, i) => p === i + 1);
    const fivexx = answers.filter((a) => a.status >= 500).length;
    const other = answers.filter((a) => a.status !== 201 && a.status < 500);
    const raceMs = answers.map((a) => a.ms).sort((a, b) => a - b);
    const raceDb = (
      await db.query(
        `select s.taken, s.waitlisted, (select count(*)::int from bookings b where b.slot_id = s.id and b.status = 'booked') as booked,
           (select count(*)::int from bookings b where b.slot_id = s.id and b.status = 'waitlisted') as waiting,
           (select count(distinct b.queue_no)::int from bookings b where b.slot_id = s.id and b.status = 'waitlisted') as queue_nos
         from service_slots s where s.id = $1`,
        [raceSlot],
      )
    ).rows[0];
    const readMs = reads.map((r) => r.ms).sort((a, b) => a - b);
    const readStatuses = reads.reduce((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    console.log(
      `  ours: all ${RACE} answered in ${raceSeconds.toFixed(2)} s${retries ? ` (${retries} sent again after the server closed an idle kept-alive socket)` : ''} (server CPU ${raceCpu.toFixed(0)} µs/booking, PostgreSQL CPU ${racePgCpu?.toFixed(0)} µs/booking, this load generator ${raceClientCpu.toFixed(0)} µs/request; ${healthCpu.toFixed(0)} µs for a GET /health on a new connection); 2xx ${okRace.length}, 5xx ${fivexx}, other ${other.length}${other.length ? ` ${JSON.stringify(other[0].json)}` : ''}`,
    );
    console.log(
      `  booked ${bookedRace}, waitlisted ${positions.length} at positions ${positions.length ? `${positions[0]}..${positions.at(-1)}` : '-'} (${exact ? `exactly 1..${RACE - RACE_CAPACITY}` : 'NOT EXACT'})`,
    );
    console.log(`  POST /bookings p50 ${ms(percentile(raceMs, 50))}  p99 ${ms(percentile(raceMs, 99))}  max ${ms(raceMs.at(-1))}`);
    // On a shared machine the server's event loop spends part of the race ready to run but waiting for a core.
    if (raceWait !== null)
      console.log(
        `  the server's event loop waited ${ms(raceWait)} for a CPU meanwhile (other work on the machine): p99 less that wait ${ms(percentile(raceMs, 99) - raceWait)} (rough: PostgreSQL and this load generator wait too)`,
      );
    console.log(
      `  in the database: ${raceDb.booked} booked (slot taken ${raceDb.taken}), ${raceDb.waiting} waiting (slot waitlisted ${raceDb.waitlisted}, ${raceDb.queue_nos} distinct queue numbers)`,
    );
    console.log(
      `  meanwhile GET /benefits/claims/mine: n=${reads.length} p50 ${ms(percentile(readMs, 50))} max ${ms(readMs.at(-1))} statuses ${JSON.stringify(readStatuses)}`,
    );

    if (SKIP.has('baselines')) return;
    console.log(`\n— 3. baselines on node:http + pg (pool 20, no auth, no rules), same database —`);
    const naive = await spawnUntil(
      process.execPath,
      [path.join(ROOT, 'scripts/bench/naive-bookings-server.mjs'), dbUrl.toString(), '20'],
      { cwd: ROOT },
      /listening (\d+)/,
    );
    naiveServer = naive.child;
    const naiveUrl = `http://127.0.0.1:${naive.match[1]}`;
    // Slots 1..S for the spread, S+1..2S for the guarded design, 0 for the race.
    await db.query('insert into naive_slots (id, capacity) select g, $1::int from generate_series(1, 2 * $2::int) g union all select 0, $3::int', [
      slotCapacity,
      SLOTS,
      RACE_CAPACITY,
    ]);
    const baseline = (route, offset) => (i) => {
      const j = pick(i, spreadSlots);
      return { path: route, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ slotId: offset + j.slotIndex + 1, accountId: j.account }) };
    };
    await load({
      url: naiveUrl,
      connections: CONCURRENCY,
      amount: 500,
      make: (i) => ({ path: '/naive', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ slotId: 1, accountId: accounts[i % M] }) }),
    });
    await db.query('delete from naive_bookings');
    const naiveLoad = await load({ url: naiveUrl, connections: CONCURRENCY, amount: BOOKINGS, make: baseline('/naive', 0), dbName });
    const guardedLoad = await load({ url: naiveUrl, connections: CONCURRENCY, amount: BOOKINGS, make: baseline('/guarded', SLOTS), dbName });
    // The naive race fires over connections opened beforehand too, so its 300 arrive together as ours do.
    const naiveAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity });
    const naivePost = (route, body) =>
      new Promise((resolve) => {
        const started = performance.now();
        const req = http.request({ host: '127.0.0.1', port: Number(naive.match[1]), method: 'POST', path: route, agent: naiveAgent }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ code: res.statusCode, ms: performance.now() - started, ...(text ? JSON.parse(text) : {}) }));
        });
        req.on('error', () => resolve({ code: 0, ms: performance.now() - started }));
        req.end(JSON.stringify(body));
      });
    await Promise.all(accounts.slice(0, RACE).map((a, i) => naivePost('/guarded', { slotId: 1 + (i % SLOTS) + SLOTS, accountId: a })));
    // The same rush as ours on the naive design, for a same-run latency ratio (and its overbookings).
    await db.query('insert into naive_slots (id, capacity) values (-1, $1::int)', [RACE_CAPACITY]);
    const naiveRushPgMark = databaseCpuMs(dbName);
    const naiveWaitMark = treeRunQueueWait(naiveServer.pid);
    const naiveRush = await Promise.all(accounts.slice(0, RACE).map((account) => naivePost('/naive', { slotId: -1, accountId: account })));
    const naiveRushPgCpu = naiveRushPgMark === null ? null : ((databaseCpuMs(dbName) - naiveRushPgMark) / RACE) * 1000;
    const naiveRushWait = runQueueWaitMs(naiveWaitMark, treeRunQueueWait(naiveServer.pid));
    const naiveRushMs = naiveRush.map((a) => a.ms).sort((a, b) => a - b);
    const naiveRushBooked = (await db.query("select count(*)::int as n from naive_bookings where slot_id = -1 and status = 'booked'")).rows[0].n;
    const naiveRace = await Promise.all(accounts.slice(0, NAIVE_RACE).map((account) => naivePost('/naive', { slotId: 0, accountId: account })));
    naiveAgent.destroy();
    const naiveBooked = (await db.query("select count(*)::int as n from naive_bookings where slot_id = 0 and status = 'booked'")).rows[0].n;
    const naivePositions = naiveRace.filter((a) => a.status === 'waitlisted').map((a) => a.position);
    console.log(
      `  naive (count, then insert): ${Math.round(naiveLoad.perSecond)} bookings/s  p50 ${naiveLoad.result.latency.p50} ms  p99 ${naiveLoad.result.latency.p99} ms  statuses ${JSON.stringify(naiveLoad.statuses)}  PostgreSQL CPU ${naiveLoad.pgCpu?.toFixed(0)} µs/booking`,
    );
    console.log(
      `  naive, ${NAIVE_RACE} racing one slot of ${RACE_CAPACITY}: ${naiveBooked} booked, ${naiveBooked - RACE_CAPACITY} overbookings; ${new Set(naivePositions).size} distinct positions among ${naivePositions.length} waitlisted`,
    );
    console.log(
      `  naive, ${RACE} racing one slot of ${RACE_CAPACITY} (as ours above): p99 ${ms(percentile(naiveRushMs, 99))}${naiveRushWait === null ? '' : ` (less its server's wait for a CPU: ${ms(percentile(naiveRushMs, 99) - naiveRushWait)})`}, PostgreSQL CPU ${naiveRushPgCpu?.toFixed(0)} µs/booking, 5xx ${naiveRush.filter((a) => a.code >= 500 || a.code === 0).length}, ${naiveRushBooked} booked (${naiveRushBooked - RACE_CAPACITY} overbookings)`,
    );
    console.log(
      `  single statement (guarded increment + insert): ${Math.round(guardedLoad.perSecond)} bookings/s  p50 ${guardedLoad.result.latency.p50} ms  p99 ${guardedLoad.result.latency.p99} ms  PostgreSQL CPU ${guardedLoad.pgCpu?.toFixed(0)} µs/booking`,
    );

    console.log('\nsummary');
    console.log(
      `  spread: ours ${Math.round(spread.perSecond)}/s p99 ${spread.result.latency.p99} ms; naive ${Math.round(naiveLoad.perSecond)}/s p99 ${naiveLoad.result.latency.p99} ms (ours ${(spread.perSecond / naiveLoad.perSecond).toFixed(2)}×); single statement ${Math.round(guardedLoad.perSecond)}/s (ours ${(spread.perSecond / guardedLoad.perSecond).toFixed(2)}×)`,
    );
    console.log(
      `  race of ${RACE} for ${RACE_CAPACITY}: ours p99 ${ms(percentile(raceMs, 99))}, 5xx ${fivexx}, booked ${raceDb.booked}, positions ${exact ? 'exact' : 'NOT EXACT'}; naive p99 ${ms(percentile(naiveRushMs, 99))} (ours ${(percentile(raceMs, 99) / percentile(naiveRushMs, 99)).toFixed(2)}× its latency) with ${naiveRushBooked - RACE_CAPACITY} overbookings; naive race of ${NAIVE_RACE}: ${naiveBooked - RACE_CAPACITY} overbookings`,
    );
    const spreadOk = spread.ok === BOOKINGS && spreadDb.over === 0 && spreadDb.drift === 0;
    const raceOk =
      fivexx === 0 && other.length === 0 && bookedRace === RACE_CAPACITY && exact && raceDb.booked === RACE_CAPACITY && raceDb.taken === RACE_CAPACITY;
    if (!spreadOk || !raceOk) process.exitCode = 1;
  } finally {
    naiveServer?.kill('SIGTERM');
    await db.end();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (process.env.BENCH_KEEP_DB) console.log(`kept the database ${dbName}`);
    else await admin.query(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
