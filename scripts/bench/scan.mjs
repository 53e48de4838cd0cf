// Benchmark of member-code scans on real PostgreSQL: staff (and merchant clerks) POST /staff/scan with the
// member codes of many distinct members, as fast as the server answers. Starts its own server on a fresh
// database and drops it afterwards.
//
//   node scripts/bench/scan.mjs [--members 20000] [--connections 20,100] [--seconds 15] [--workers 1] [--cache-ms 5000]
//                               [--client autocannon|wrk] [--threads 1]
//
// `--client wrk` drives the load with wrk (Debian's `wrk` package, C and Lua) instead of autocannon (Node): the
// load generator then takes a small share of the two cores instead of about a third, as it would from other
// machines in a real deployment. The server's CPU per scan is read from /proc either way.
//
// Codes are signed here with the CODE_KEY the bench gives the server (the same format as
// server/src/lib/signed-codes.ts); one code is also fetched through POST /members/me/code and checked.
// Every response is checked: a scan counts only when it is 200 and says the member is valid.
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort, loadLine, namedCpuMs, treeCpuMs, waitReady } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const MEMBERS = Number(args.members ?? 20_000);
const CONNECTIONS = String(args.connections ?? '20,100')
  .split(',')
  .map(Number);
const SECONDS = Number(args.seconds ?? 15);
const WORKERS = Number(args.workers ?? 1);
const CACHE_MS = String(args['cache-ms'] ?? 5000);
const CLIENT = String(args.client ?? 'autocannon');
const THREADS = Number(args.threads ?? 1);
if (!['autocannon', 'wrk'].includes(CLIENT)) throw new Error('--client takes autocannon or wrk');
if (CLIENT === 'wrk' && spawnSync('wrk', ['--version']).error) throw new Error('--client wrk needs wrk on the PATH (apt-get install wrk)');
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
    if (args.explain !== undefined) {
      const plan = await db.query(
        `explain (analyze, buffers) select m.id, m.name, m.member_no, m.status, m.org_id, o.name, o.path
         from memberships m join orgs o on o.id = m.org_id where m.id = any($1::uuid[])`,
        [`{${ids.slice(0, 5).join(',')}}`],
      );
      console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    }

    // The real issuing path, once: the demo member's code from the API verifies.
    const memberToken = await login('13900000002');
    const issued = await post('/members/me/code', {}, memberToken);
    const staffTokens = [];
    for (const phone of ['13800000001', '13800000005', '13800000006', '13800000002']) staffTokens.push(await login(phone));
    const check = await post('/staff/scan', { token: issued.json.code }, staffTokens[0]);
    if (check.status !== 200 || !check.json.valid) throw new Error(`the issued code did not verify: ${check.status} ${JSON.stringify(check.json)}`);

    console.log(
      `\nmember-code scans on PostgreSQL, ${WORKERS} server process(es), member cache ${CACHE_MS} ms, ${ids.length} distinct members, ${SECONDS} s per run`,
    );
    console.log(loadLine());
    let failed = false;
    for (const connections of CONNECTIONS) {
      const codes = ids.map((id) => memberCode(id));
      const cpuBefore = treeCpuMs(server.pid);
      const pgBefore = namedCpuMs('postgres');
      const run =
        CLIENT === 'wrk'
          ? await runWrk(`${base}/staff/scan`, connections, codes, staffTokens)
          : await runAutocannon(`${base}/staff/scan`, connections, codes, staffTokens);
      const cpuUsed = treeCpuMs(server.pid) - cpuBefore;
      const pgUsed = namedCpuMs('postgres') - pgBefore;
      const { valid, total, samples, errors, timeouts, latency } = run;
      const failures = total - valid;
      console.log(
        `${String(connections).padStart(4)} connections: ${(valid / SECONDS).toFixed(0).padStart(6)} valid scans/s` +
          `  latency p50 ${latency.p50} ms  p97.5 ${latency.p97_5} ms  p99 ${latency.p99} ms  max ${latency.max} ms` +
          `  (${valid} valid of ${total}; ${failures} not valid, ${errors} errors, ${timeouts} timeouts)` +
          `  server CPU ${((cpuUsed / Math.max(total, 1)) * 1000).toFixed(0)} µs per scan` +
          `, PostgreSQL ${((pgUsed / Math.max(total, 1)) * 1000).toFixed(0)} µs` +
          (run.clientCpuMs !== undefined ? `, load generator ${((run.clientCpuMs / Math.max(total, 1)) * 1000).toFixed(0)} µs` : ''),
      );
      if (samples.length) console.log('  examples of failures:', samples);
      if (failures > 0 || errors > 0) failed = true;
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

/** autocannon in this process: every request gets the next member's code and one of the staff tokens. */
async function runAutocannon(url, connections, codes, staffTokens) {
  let next = 0;
  let valid = 0;
  const samples = [];
  const cpu = process.cpuUsage();
  const result = await autocannon({
    url,
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
        },
      },
    ],
  });
  const used = process.cpuUsage(cpu);
  return {
    valid,
    total: result.requests.total,
    samples,
    errors: result.errors,
    timeouts: result.timeouts,
    latency: result.latency,
    clientCpuMs: (used.user + used.system) / 1000,
  };
}

/** The same load from wrk: a Lua script walks the codes and tokens and checks every answer. */
async function runWrk(url, connections, codes, staffTokens) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-bench-'));
  try {
    fs.writeFileSync(path.join(dir, 'codes.txt'), `${codes.join('\n')}\n`);
    fs.writeFileSync(path.join(dir, 'tokens.txt'), `${staffTokens.join('\n')}\n`);
    const script = path.join(dir, 'scan.lua');
    fs.writeFileSync(script, WRK_SCRIPT.replaceAll('@DIR@', dir));
    const child = spawn('wrk', ['-t', String(THREADS), '-c', String(connections), '-d', `${SECONDS}s`, '--timeout', '10s', '--latency', '-s', script, url], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const clientCpuMs = await new Promise((resolve) => {
      let last = 0;
      const timer = setInterval(() => (last = treeCpuMs(child.pid) ?? last), 200);
      child.once('exit', () => {
        clearInterval(timer);
        resolve(last);
      });
    });
    const result = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out);
    if (!result) throw new Error(`wrk printed no result:\n${out}`);
    const [valid, invalid, errors, timeouts, p50, p975, p99, max] = result.slice(1).map(Number);
    const samples = [...out.matchAll(/^SAMPLE (.*)$/gm)].map((m) => m[1]);
    const ms = (us) => Math.round(us / 100) / 10;
    return {
      valid,
      total: valid + invalid,
      samples,
      errors,
      timeouts,
      latency: { p50: ms(p50), p97_5: ms(p975), p99: ms(p99), max: ms(max) },
      // wrk's CPU as last sampled before it exited (sampled every 200 ms): a floor.
      clientCpuMs,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const WRK_SCRIPT = `
local function lines(file)
  local t = {}
  for line in io.lines(file) do t[#t + 1] = line end
  return t
end
local codes = lines("@DIR@/codes.txt")
local tokens = lines("@DIR@/tokens.txt")
local threads = {}
local nextId = 0

function setup(thread)
  thread:set("id", nextId)
  nextId = nextId + 1
  table.insert(threads, thread)
end

function init(args)
  n = id * 7919
  valid = 0
  invalid = 0
  sample = ""
end

function request()
  n = n + 1
  local body = '{"token":"' .. codes[(n % #codes) + 1] .. '"}'
  return wrk.format("POST", nil, {
    ["content-type"] = "application/json",
    ["authorization"] = "Bearer " .. tokens[(n % #tokens) + 1],
  }, body)
end

function response(status, headers, body)
  if status == 200 and string.find(body, '"valid":true', 1, true) then
    valid = valid + 1
  else
    invalid = invalid + 1
    if sample == "" then sample = status .. " " .. string.sub(body, 1, 200) end
  end
end

function done(summary, latency, requests)
  local v, bad = 0, 0
  for _, t in ipairs(threads) do
    v = v + t:get("valid")
    bad = bad + t:get("invalid")
    local s = t:get("sample")
    if s ~= "" then io.write("SAMPLE " .. s .. "\\n") end
  end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d\\n", v, bad, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(97.5), latency:percentile(99), latency.max))
end
`;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
