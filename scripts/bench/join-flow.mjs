// Benchmark of the join flow on real PostgreSQL: N applicants, C at a time, each
// submits an application, a staffer approves it, the applicant loads the member card.
// Starts its own server on a fresh database and drops it afterwards.
//
//   node scripts/bench/join-flow.mjs [--applicants 400] [--concurrency 20] [--rate 40]
// Without --rate the 20 applicants go back to back (saturation); with --rate new applicants
// arrive at that many per second (open loop), which is what a city's stalls look like.
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, waitReady } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const APPLICANTS = Number(args.applicants ?? 400);
const CONCURRENCY = Number(args.concurrency ?? 20);
const RATE = args.rate ? Number(args.rate) : undefined;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idFor = (n) => {
  const first17 = `110102${1970 + (n % 30)}0${1 + (n % 9)}${String(10 + (n % 18))}${String(n % 1000).padStart(3, '0')}`;
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0);
  return first17 + '10X98765432'[sum % 11];
};

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
function summary(name, values) {
  const s = [...values].sort((a, b) => a - b);
  const f = (v) => v.toFixed(1).padStart(7);
  return `${name.padEnd(22)} n=${String(s.length).padStart(5)}  p50 ${f(percentile(s, 50))} ms  p95 ${f(percentile(s, 95))} ms  p99 ${f(percentile(s, 99))} ms  max ${f(s.at(-1))} ms`;
}

async function main() {
  const dbName = `union_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${dbName}"`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;

  const port = await freePort();
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [...nodeArgs, 'server/src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl.toString(),
      LOG_LEVEL: 'warn',
      // One machine plays hundreds of phones and one busy reviewer: lift the abuse limits, measure the flow.
      SMS_HOURLY_LIMIT_PER_IP: '100000',
      SMS_DAILY_LIMIT_TOTAL: '10000000',
      RATE_LIMIT_MULTIPLIER: '10000',
      BANK_DEV_ISSUE_DELAY_MS: '0',
      STATIC_DIR: '/nonexistent',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  try {
    await waitReady(base);

    const post = async (url, body, token) => {
      const started = performance.now();
      const res = await fetch(`${base}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body ?? {}),
      });
      const json = await res.json();
      return { status: res.status, json, ms: performance.now() - started };
    };
    const get = async (url, token) => {
      const started = performance.now();
      const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
      const json = await res.json();
      return { status: res.status, json, ms: performance.now() - started };
    };
    const login = async (phone) => {
      const sms = await post('/auth/sms', { phone });
      const res = await post('/auth/login', { phone, code: sms.json.devCode });
      if (res.status !== 200) throw new Error(`login ${phone}: ${res.status} ${JSON.stringify(res.json)}`);
      return res.json.accessToken;
    };

    const staff = await login('13800000001');
    const me = await get('/me', staff);
    const orgId = me.json.grants[0].orgId;

    console.log(`logging in ${APPLICANTS} applicants…`);
    const tokens = [];
    for (let i = 0; i < APPLICANTS; i += CONCURRENCY) {
      const batch = await Promise.all(Array.from({ length: Math.min(CONCURRENCY, APPLICANTS - i) }, (_, j) => login(`137${String(i + j).padStart(8, '0')}`)));
      tokens.push(...batch);
    }

    const times = { submit: [], approve: [], card: [], flow: [] };
    let next = 0;
    let failures = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < APPLICANTS) {
        const n = next++;
        if (RATE) {
          const due = started + (n * 1000) / RATE;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        const flowStart = performance.now();
        const submit = await post(
          '/applications',
          { name: '王小骑', idNumber: idFor(n), employer: '美团', category: 'rider', workDistrict: '110102', orgId, consentVersion: '2026-11-v1' },
          tokens[n],
        );
        if (submit.status !== 201) {
          failures++;
          console.error('submit', submit.status, submit.json);
          continue;
        }
        const approve = await post(`/staff/applications/${submit.json.id}/approve`, {}, staff);
        if (approve.status !== 200) {
          failures++;
          console.error('approve', approve.status, approve.json);
          continue;
        }
        const card = await get('/members/me/card', tokens[n]);
        if (card.status !== 200) {
          failures++;
          console.error('card', card.status, card.json);
          continue;
        }
        times.submit.push(submit.ms);
        times.approve.push(approve.ms);
        times.card.push(card.ms);
        times.flow.push(performance.now() - flowStart);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;

    console.log(
      `\njoin flow on PostgreSQL: ${APPLICANTS} applicants, ${CONCURRENCY} concurrent${RATE ? `, arriving at ${RATE}/s` : ' (back to back)'}, ${failures} failures, ${seconds.toFixed(1)} s (${(APPLICANTS / seconds).toFixed(0)} flows/s, ${((APPLICANTS * 3) / seconds).toFixed(0)} req/s)`,
    );
    console.log(summary('POST /applications', times.submit));
    console.log(summary('POST .../approve', times.approve));
    console.log(summary('GET /members/me/card', times.card));
    console.log(summary('whole flow (3 calls)', times.flow));
    if (failures > 0) process.exitCode = 1;
  } finally {
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
