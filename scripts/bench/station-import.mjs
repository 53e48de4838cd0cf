// A 20,000-row station import (POST /admin/stations/import, text/csv) while members keep calling GET /health: the
// /health latencies and the server's longest event-loop delay during the import, and during the in-memory copy's reload
// that its commit sets off. Two servers in the same run, each on a fresh database with the demo seed:
//   naive    the same code with every turn of the event loop it takes resolved at once (scripts/bench/no-yield.cjs),
//            as the import ran before it took turns;
//   yielding the server as it is.
//
//   node scripts/bench/station-import.mjs [--rows 20000] [--rounds 1] [--interval 5] [--driver pg|pglite]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default, for --driver pg)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, loadLine, waitReady } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const ROWS = Number(args.rows ?? 20_000);
const ROUNDS = Number(args.rounds ?? 1);
const INTERVAL_MS = Number(args.interval ?? 5);
const DRIVER = args.driver ?? 'pg';
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** After the import's answer: long enough for the in-memory copy to reload (a few hundred ms for 22,000 stations). */
const TAIL_MS = 3_000;

function csv(round) {
  const lines = ['编号,名称,类型,地址,所在区,纬度,经度,设施,开放时间'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(
      `R${round}-${i},超市发测试${i}号店暖心驿站,连锁商超,北京市海淀区学院路${i}号,海淀区,${(39.95 + (i % 100) * 0.001).toFixed(4)},${(116.33 + Math.floor(i / 100) * 0.001).toFixed(4)},饮水、微波炉,07:00-23:00`,
    );
  }
  return Buffer.from(lines.join('\r\n'));
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

async function measure(kind, round) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'union-bench-import-'));
  const eldFile = path.join(tmp, 'eld');
  let dbName;
  let dbEnv;
  if (DRIVER === 'pg') {
    dbName = `union_bench_import_${Date.now()}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`create database "${dbName}"`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${dbName}`;
    dbEnv = { DATABASE_URL: url.toString() };
  } else {
    dbEnv = { PGLITE_DIR: path.join(tmp, 'pglite') };
  }
  const port = await freePort();
  const preload = [
    `--require ${path.join(ROOT, 'scripts/bench/event-loop-probe.cjs')}`,
    ...(kind === 'naive' ? [`--require ${path.join(ROOT, 'scripts/bench/no-yield.cjs')}`] : []),
  ];
  const server = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...dbEnv,
      NODE_OPTIONS: preload.join(' '),
      BENCH_ELD_FILE: eldFile,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      RATE_LIMIT_MULTIPLIER: '100000',
      STATIC_DIR: '/nonexistent',
      SERVICE_CARD_SYNC_MS: '0',
      // Overload shedding off: the bench wants every /health answer's latency, not a 503.
      MAX_EVENT_LOOP_DELAY_MS: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  try {
    await waitReady(base);
    for (let i = 0; i < 240 && (await (await fetch(`${base}/ready`)).json()).stations !== 'memory'; i++) await new Promise((r) => setTimeout(r, 250));
    const post = (url, body) =>
      fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    const sms = await post('/auth/sms', { phone: '13800000000' });
    const { accessToken } = await post('/auth/login', { phone: '13800000000', code: sms.devCode });
    const me = await (await fetch(`${base}/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
    const orgId = me.grants.find((g) => g.role === 'operator').orgId;
    const body = csv(round);

    // /health every INTERVAL_MS, without waiting for the previous answer: latency of each, by when it was sent.
    const samples = [];
    let sending = true;
    const pending = new Set();
    const sender = (async () => {
      while (sending) {
        const sent = Date.now();
        const started = performance.now();
        const p = fetch(`${base}/health`)
          .then((r) => r.arrayBuffer())
          .then(() => samples.push({ sent, ms: performance.now() - started }));
        pending.add(p);
        p.finally(() => pending.delete(p));
        await new Promise((r) => setTimeout(r, INTERVAL_MS));
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    const importStart = Date.now();
    const res = await fetch(`${base}/admin/stations/import?orgId=${orgId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'text/csv' },
      body,
    });
    const report = await res.json();
    const importEnd = Date.now();
    await new Promise((r) => setTimeout(r, TAIL_MS));
    sending = false;
    await sender;
    await Promise.all(pending);
    if (report.created + report.updated !== ROWS) throw new Error(`import failed: ${JSON.stringify(report).slice(0, 300)}`);

    const eld = fs
      .readdirSync(tmp)
      .filter((f) => f.startsWith('eld.'))
      .flatMap((f) => fs.readFileSync(path.join(tmp, f), 'utf8').trim().split('\n'))
      .map((l) => l.split(' ').map(Number));
    const window = (from, to) => {
      const lat = samples
        .filter((s) => s.sent >= from && s.sent < to)
        .map((s) => s.ms)
        .sort((a, b) => a - b);
      // A line covers the 100 ms before it, and a delay may be counted in the line after the one it ended in.
      const maxDelay = Math.max(0, ...eld.filter(([at]) => at > from && at - 200 < to).map(([, max]) => max));
      return `/health p50 ${percentile(lat, 50).toFixed(1)} ms  p99 ${percentile(lat, 99).toFixed(1)} ms  max ${percentile(lat, 100).toFixed(1)} ms (${lat.length} requests)  longest event-loop delay ${maxDelay.toFixed(0)} ms`;
    };
    console.log(`${kind.padEnd(8)} round ${round}: import of ${ROWS.toLocaleString('en')} rows answered in ${((importEnd - importStart) / 1000).toFixed(2)} s`);
    console.log(`  during the import            ${window(importStart, importEnd)}`);
    console.log(`  the ${TAIL_MS / 1000} s after (memory reload) ${window(importEnd, importEnd + TAIL_MS)}`);
  } finally {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
    if (dbName) {
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

console.log(loadLine());
console.log(`driver ${DRIVER}, /health sent every ${INTERVAL_MS} ms throughout`);
for (let round = 1; round <= ROUNDS; round++) {
  await measure('naive', round);
  await measure('yielding', round);
}
