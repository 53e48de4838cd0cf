// Benchmark of member-code scans on real PostgreSQL: staff (and merchant clerks) POST /staff/scan with the
// member codes of many distinct members, as fast as the server answers. Starts its own server on a fresh
// database and drops it afterwards.
//
//   node scripts/bench/scan.mjs [--members 20000] [--connections 20,100] [--seconds 15] [--workers 1] [--cache-ms 5000]
//
// Codes are signed here with the CODE_KEY the bench gives the server (the same format as
// server/src/lib/signed-codes.ts); one code is also fetched through POST /members/me/code and checked.
// Every response is checked: a scan counts only when it is 200 and says the member is valid.
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort, loadLine, treeCpuMs, waitReady } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const MEMBERS = Number(args.members ?? 20_000);
const CONNECTIONS = String(args.connections ?? '20,100').split(',').map(Number);
const SECONDS = Number(args.seconds ?? 15);
const WORKERS = Number(args.workers ?? 1);
const CACHE_MS = String(args['cache-ms'] ?? 5000);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const CODE_KEY = randomBytes(32);
const CODE_KID = 'b1';
const STEP_SECONDS = 30;

/** A rotating member code for the current 30-second step, as lib/signed-codes.ts makes it. */
function memberCode(membershipId, now = Date.now() / 1000) {
  const packed = Buffer.from(membershipId.replace(/-/g, ''), 'hex').toString('base64url');
  const body = `m.${CODE_KID}.${packed}.${Math.floor(now / STEP_SECONDS).toString(36)}`;
  return `${body}.${createHmac('sha256', CODE_KEY).update(body).digest().subarray(0, 16).toString('base64url')}`;
}

async function main() {
  const dbName = `union_bench_scan_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${dbName}"`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;

  const port = await freePort();
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const entry = WORKERS > 1 ? ['server/src/cli/cluster.ts', '--workers', String(WORKERS)] : ['server/src/server.ts'];
  const server = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [...nodeArgs, ...entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl.toString(),
      // Each worker's pool; PostgreSQL's 100 connections are shared by the workers.
      DATABASE_POOL_SIZE: String(Math.max(5, Math.floor(40 / WORKERS))),
      LOG_LEVEL: 'warn',
      CODE_KEY: CODE_KEY.toString('base64'),
      CODE_KEY_ID: CODE_KID,
      SCAN_CACHE_MS: CACHE_MS,
      // A handful of staff accounts play every station's scanner: lift the abuse limits, measure the path.
      RATE_LIMIT_MULTIPLIER: '100000',
      SMS_HOURLY_LIMIT_PER_IP: '100000',
      SERVICE_CARD_SYNC_MS: '0',
      STATIC_DIR: '/nonexistent',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  try {
    await waitReady(base);
    await db.connect();

    const post = async (url, body, token) => {
      const res = await fetch(`${base}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body ?? {}),
      });
      return { status: res.status, json: await res.json() };
    };
    const login = async (phone) => {
      const sms = await post('/auth/sms', { phone });
      const res = await post('/auth/login', { phone, code: sms.json.devCode });
      if (res.status !== 200) throw new Error(`login ${phone}: ${res.status} ${JSON.stringify(res.json)}`);
      return res.json.accessToken;
    };

    // Distinct members, half in 新街口 (in the scanning staff's scope), half in 八里庄 (outside it).
    const started = performance.now();
    const { rows: orgRows } = await db.query(`select id, code from orgs where code in ('xjk', 'blz') order by code`);
    const ids = [];
    for (const [i, org] of orgRows.entries()) {
      const n = Math.ceil(MEMBERS / orgRows.length);
      const { rows } = await db.query(
        `with a as (
           insert into accounts (phone_hash, phone_enc) select 'bench-' || $2 || '-' || g, 'x' from generate_series(1, $1) g returning id, phone_hash
         )
         insert into memberships (member_no, person_id_hash, account_id, org_id, name, gender, id_enc, phone_enc)
         select '9' || $2 || lpad(row_number() over ()::text, 12, '0'), a.phone_hash, a.id, $3, '测试会员', 'male', 'x', 'x' from a
         returning id`,
        [n, i, org.id],
      );
      ids.push(...rows.map((r) => r.id));
    }
    await db.query('analyze');
    console.log(`${ids.length} members created in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // The real issuing path, once: the demo member's code from the API verifies.
    const memberToken = await login('13900000002');
    const issued = await post('/members/me/code', {}, memberToken);
    const staffTokens = [];
    for (const phone of ['13800000001', '13800000005', '13800000006', '13800000002']) staffTokens.push(await login(phone));
    const check = await post('/staff/scan', { token: issued.json.code }, staffTokens[0]);
    if (check.status !== 200 || !check.json.valid) throw new Error(`the issued code did not verify: ${check.status} ${JSON.stringify(check.json)}`);

    console.log(`\nmember-code scans on PostgreSQL, ${WORKERS} server process(es), member cache ${CACHE_MS} ms, ${ids.length} distinct members, ${SECONDS} s per run`);
    console.log(loadLine());
    let failed = false;
    for (const connections of CONNECTIONS) {
      const codes = ids.map((id) => memberCode(id));
      let next = 0;
      let valid = 0;
      let wrong = 0;
      const samples = [];
      const cpuBefore = treeCpuMs(server.pid);
      const result = await autocannon({
        url: `${base}/staff/scan`,
        connections,
        duration: SECONDS,
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              const n = next++;
              return {
                ...req,
                headers: { 'content-type': 'application/json', authorization: `Bearer ${staffTokens[n % staffTokens.length]}` },
                body: JSON.stringify({ token: codes[n % codes.length] }),
              };
            },
            onResponse: (status, body) => {
              if (status === 200 && body.includes('"valid":true')) valid++;
              else if (samples.length < 3) samples.push(`${status} ${body.slice(0, 200)}`);
              else wrong++;
            },
          },
        ],
      });
      const cpuUsed = treeCpuMs(server.pid) - cpuBefore;
      const total = result.requests.total;
      const failures = total - valid;
      console.log(
        `${String(connections).padStart(4)} connections: ${(valid / SECONDS).toFixed(0).padStart(6)} valid scans/s` +
          `  latency p50 ${result.latency.p50} ms  p97.5 ${result.latency.p97_5} ms  p99 ${result.latency.p99} ms  max ${result.latency.max} ms` +
          `  (${valid} valid of ${total}; ${failures} not valid, ${result.errors} errors, ${result.timeouts} timeouts)` +
          `  server CPU ${((cpuUsed / Math.max(total, 1)) * 1000).toFixed(0)} µs per scan`,
      );
      if (samples.length) console.log('  examples of failures:', samples);
      if (failures > 0 || result.errors > 0) failed = true;
    }
    const { rows: audited } = await db.query(`select count(*)::int as n from audit_log where action = 'member_code.scan'`);
    console.log(`audit rows for scans: ${audited[0].n} (written in batches)`);
    if (failed) process.exitCode = 1;
  } finally {
    await db.end().catch(() => undefined);
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
