// Nearest rest stations on real PostgreSQL: loads N stations (1,000,000 by default) into a fresh database
// with generate_series, starts the server on it, and lets autocannon's C clients (50) ask
// GET /api/v1/stations?near=… at random points around Beijing, with and without filters.
// Drops the database afterwards.
//
//   node scripts/bench/stations.mjs [--stations 1000000] [--connections 50] [--duration 20] [--workers 1] [--rate 200] [--memory 512] [--keep name]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
// --keep <name> loads into database <name> only if it holds no stations yet, and keeps it afterwards (for repeated runs).
// --workers 2 runs the server under cli/cluster.ts (one process per core) instead of one process.
// Without --rate the clients go back to back (saturation: the queries per second); with --rate they
// send that many requests per second in all (the latency members see below saturation).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import pg from 'pg';
import { freePort, loadLine, rssMb, treeCpuMs } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'server', 'package.json'));
const autocannon = require('autocannon');

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const STATIONS = Number(args.stations ?? 1_000_000);
const CONNECTIONS = Number(args.connections ?? 50);
const DURATION = Number(args.duration ?? 20);
const WORKERS = Number(args.workers ?? 1);
const RATE = args.rate ? Number(args.rate) : undefined;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KEEP = args.keep;
// --memory 0 keeps the search in PostgreSQL (STATIONS_MEMORY_MB=0): the figures before the in-memory copy.
const STATIONS_MEMORY_MB = String(args.memory ?? 512);

/** A deterministic generator, so runs ask the same points. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A country's worth of stations: 40% around Beijing (the density members there see), the rest over
 * China's populated east. Facilities with the demo's frequencies (bits as in shared STATION_FACILITIES),
 * hours mixing 24 h, daytime, weekdays only and overnight.
 */
async function load(db, n) {
  const started = Date.now();
  const { rows } = await db.query(
    `insert into orgs (code, name, kind, path, region_code) values ('bench', '压测总工会', 'federation', 'bench', '110000') returning id`,
  );
  const orgId = rows[0].id;
  await db.query('drop index stations_earth_idx');
  await db.query("set maintenance_work_mem = '256MB'");
  const share = [0.98, 0.7, 0.95, 0.5, 0.3, 0.8, 0.7, 0.95, 0.8, 0.5, 0.3, 0.05, 0.1, 0.2];
  const facilities = `array_remove(array[${share.map((p, i) => `case when random() < ${p} then ${i} end`).join(', ')}]::smallint[], null)`;
  await db.query(
    `
    insert into stations (code, name, host_kind, address, district, lat, lng, facility_ids, hours, is24h, open_week, org_id)
    select 'BENCH-' || g, '压测驿站' || g, (enum_range(null::station_host_kind))[1 + g % 9], '压测地址' || g, null,
           case when g % 5 < 2 then 39.55 + random() * 0.8 else 22 + random() * 20 end,
           case when g % 5 < 2 then 115.9 + random() * 1.1 else 102 + random() * 20 end,
           ${facilities},
           (array['24小时', '每天 08:00-20:00', '周一至周五 09:00-17:00', '每天 20:00-08:00'])[1 + g % 4],
           g % 4 = 0,
           (array['{[0,10080)}', '{[480,1200),[1920,2640),[3360,4080),[4800,5520),[6240,6960),[7680,8400),[9120,9840)}',
                  '{[540,1020),[1980,2460),[3420,3900),[4860,5340),[6300,6780)}',
                  '{[0,480),[1200,1920),[2640,3360),[4080,4800),[5520,6240),[6960,7680),[8400,9120),[9840,10080)}'])[1 + g % 4]::int4multirange,
           $1::uuid
    from generate_series(1, ${n}) g`,
    [orgId],
  );
  const inserted = Date.now();
  await db.query('create index stations_earth_idx on stations using gist (ll_to_earth(lat, lng))');
  const indexed = Date.now();
  await db.query('vacuum analyze stations');
  // Write the load out now, so the measured runs do not share the disk with the checkpoint that would follow it.
  await db.query('checkpoint');
  console.log(
    `loaded ${n.toLocaleString('en')} stations: insert ${((inserted - started) / 1000).toFixed(1)} s, GiST index ${((indexed - inserted) / 1000).toFixed(1)} s, vacuum analyze and checkpoint ${((Date.now() - indexed) / 1000).toFixed(1)} s`,
  );
}

async function explain(db, query) {
  const { rows } = await db.query(`explain (analyze, buffers) ${query}`);
  return rows.map((r) => r['QUERY PLAN']);
}

function run(url, points, query, route = '/api/v1/stations') {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: DURATION,
        ...(RATE ? { overallRate: RATE } : {}),
        requests: [
          {
            setupRequest: (req) => {
              const [lat, lng] = points[i++ % points.length];
              return { ...req, path: query === null ? route : `${route}?near=${lat},${lng}${query}` };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function main() {
  const dbName = KEEP ?? `union_bench_stations_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [dbName])).rowCount > 0;
  if (!exists) await admin.query(`create database "${dbName}"`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: dbUrl.toString(),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    MIGRATE_ON_START: 'false',
    // One load generator on one address plays every member.
    RATE_LIMIT_MULTIPLIER: '100000',
    SERVICE_CARD_SYNC_MS: '0',
    STATIC_DIR: '/nonexistent',
    STATIONS_MEMORY_MB,
  };
  let server;
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  try {
    const migrate = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/cli/migrate.ts'], { cwd: ROOT, env, encoding: 'utf8' });
    if (migrate.status !== 0) throw new Error(`migrate failed: ${migrate.stderr}`);
    await db.connect();
    const present = exists ? Number((await db.query('select count(*)::int as n from stations')).rows[0].n) : 0;
    if (present === 0) await load(db, STATIONS);
    else console.log(`kept database ${dbName}: ${present.toLocaleString('en')} stations`);

    const rand = random(1);
    const points = Array.from({ length: 10_000 }, () => [(39.75 + rand() * 0.35).toFixed(5), (116.2 + rand() * 0.45).toFixed(5)]);
    const [lat, lng] = points[0];
    const base = `select id from stations s where %s order by ll_to_earth(lat, lng) <-> ll_to_earth(${lat}, ${lng}) limit 21`;
    for (const [what, where] of [
      ['nearest 21', 'true'],
      ['nearest 21 with a microwave', "facility_ids @> '{1}'"],
      ['nearest 21 with a massage chair (5%)', "facility_ids @> '{11}'"],
      ['nearest 21 with a massage chair and car charging (0.5%)', "facility_ids @> '{11,12}'"],
      ['nearest 21 open at Tuesday 03:00', 'open_week @> 1620'],
    ]) {
      const plan = await explain(db, base.replace('%s', where));
      console.log(
        `EXPLAIN ANALYZE ${what}: ${plan.find((l) => l.includes('Execution Time'))?.trim()}; ${
          plan
            .find((l) => l.includes('Index Scan'))
            ?.trim()
            .slice(0, 60) ?? plan[1]?.trim()
        }`,
      );
    }

    const port = await freePort();
    const entry = WORKERS > 1 ? ['server/src/cli/cluster.ts', '--workers', String(WORKERS)] : ['server/src/server.ts'];
    server = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), entry, {
      cwd: ROOT,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', DATABASE_POOL_SIZE: String(Math.ceil(40 / WORKERS)) },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${url}/api/v1/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (i > 120) throw new Error('server did not become ready');
      await new Promise((r) => setTimeout(r, 500));
    }
    const loadStarted = Date.now();
    let source;
    for (let i = 0; i < 600; i++) {
      source = (await (await fetch(`${url}/api/v1/ready`)).json()).stations;
      if (source === 'memory' || STATIONS_MEMORY_MB === '0') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(
      `nearest-first search answered from ${source}${source === 'memory' ? ` (copy loaded ${((Date.now() - loadStarted) / 1000).toFixed(1)} s after ready; server RSS ${rssMb(server.pid)} MB)` : ''}`,
    );
    const sample = await (await fetch(`${url}/api/v1/stations?near=${lat},${lng}&limit=3`)).json();
    console.log(`sample: ${sample.items.map((s) => `${s.name} ${s.distance} m`).join(', ')}`);

    console.log(`\nwarming up (5 s)…`);
    await new Promise((resolve, reject) =>
      autocannon({ url: `${url}/api/v1/stations?near=${lat},${lng}`, connections: CONNECTIONS, duration: 5 }, (e, r) => (e ? reject(e) : resolve(r))),
    );

    console.log(`\n${loadLine()}`);
    console.log(
      `GET /api/v1/stations?near=… on ${STATIONS.toLocaleString('en')} stations, ${CONNECTIONS} connections, ${DURATION} s each, ${RATE ? `${RATE} requests/s in all` : 'back to back'}, server ${WORKERS > 1 ? `cluster of ${WORKERS}` : 'one process'}`,
    );
    for (const [what, query] of [
      ['GET /health (the floor: no database, no query)', null],
      ['nearest 20', ''],
      ['nearest 20, microwave', '&facility=microwave'],
      ['nearest 20, microwave + toilet + open now', '&facility=microwave,toilet&openNow=true'],
      ['nearest 20, massage chair (5%)', '&facility=massage_chair'],
      ['nearest 20, massage chair + car charging (0.5%)', '&facility=massage_chair,car_charging'],
    ]) {
      const cpuBefore = treeCpuMs(server.pid);
      const r = await run(url, points, query, query === null ? '/api/v1/health' : undefined);
      const cpuPerRequest = ((treeCpuMs(server.pid) - cpuBefore) / Math.max(r.requests.total, 1)) * 1000;
      const errors = r.errors + r.non2xx + r.timeouts;
      console.log(
        `${what.padEnd(50)} ${String(Math.round(r.requests.average)).padStart(5)} req/s  p50 ${String(r.latency.p50).padStart(3)} ms  p90 ${String(r.latency.p90).padStart(3)} ms  p99 ${String(r.latency.p99).padStart(3)} ms  max ${r.latency.max} ms  (${r.requests.total} requests, ${errors} errors)  server CPU ${cpuPerRequest.toFixed(0)} µs/request`,
      );
      if (errors > 0) process.exitCode = 1;
    }
  } finally {
    if (server) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
    }
    await db.end().catch(() => undefined);
    if (!KEEP) await admin.query(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
