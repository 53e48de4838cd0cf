// Benchmark of bookings on real PostgreSQL. Starts its own server on a fresh database (dropped afterwards),
// makes --members members through the join flow, then:
//  1. race: every member books the same slot (capacity --capacity) at the same moment;
//  2. spread: --concurrency clients book --per-member slots each among --slots slots (capacity 10).
// Reports throughput, latency percentiles, booked vs waitlisted, and checks positions and capacities.
//
//   node scripts/bench/bookings.mjs [--members 500] [--capacity 50] [--slots 100] [--per-member 3] [--concurrency 50]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, waitReady } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const MEMBERS = Number(args.members ?? 500);
const CAPACITY = Number(args.capacity ?? 50);
const SLOTS = Number(args.slots ?? 100);
const PER_MEMBER = Number(args['per-member'] ?? 3);
const CONCURRENCY = Number(args.concurrency ?? 50);
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
  const dbName = `union_bench_bookings_${Date.now()}`;
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
      // The race puts hundreds of requests on the pool at once: let them queue rather than be shed.
      DATABASE_POOL_WAIT_MS: '30000',
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
    const orgId = me.json.grants.find((g) => g.role === 'admin').orgId;

    console.log(`making ${MEMBERS} members through the join flow…`);
    const members = [];
    for (let i = 0; i < MEMBERS; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, MEMBERS - i) }, async (_, j) => {
          const n = i + j;
          const token = await login(`136${String(n).padStart(8, '0')}`);
          const submit = await post('/applications', { name: '王小骑', idNumber: idFor(n), employer: '美团', category: 'rider', workDistrict: '110102', orgId, consentVersion: '2026-11-v1' }, token);
          if (submit.status !== 201) throw new Error(`submit ${submit.status} ${JSON.stringify(submit.json)}`);
          const approve = await post(`/staff/applications/${submit.json.id}/approve`, {}, staff);
          if (approve.status !== 200) throw new Error(`approve ${approve.status} ${JSON.stringify(approve.json)}`);
          return token;
        }),
      );
      members.push(...batch);
    }

    const service = await post('/admin/services', { kind: 'legal_aid', orgId, title: '压测法律咨询', description: '压测用服务', place: { address: '北京市西城区新街口外大街甲14号' }, allowOverlap: true, noShowLimit: null }, staff);
    if (service.status !== 201) throw new Error(`service ${service.status} ${JSON.stringify(service.json)}`);
    const at = (h) => new Date(Date.now() + h * 3_600_000).toISOString();
    const race = await post(`/admin/services/${service.json.id}/slots`, { startsAt: at(48), endsAt: at(49), capacity: CAPACITY }, staff);
    const spreadSlots = [];
    for (let i = 0; i < SLOTS; i++) {
      const slot = await post(`/admin/services/${service.json.id}/slots`, { startsAt: at(72 + i), endsAt: at(72.5 + i), capacity: 10 }, staff);
      spreadSlots.push(slot.json.items[0].id);
    }

    // 1. The race: every member at once on one slot.
    const raceSlot = race.json.items[0].id;
    let started = performance.now();
    const answers = await Promise.all(members.map((token) => post('/bookings', { slotId: raceSlot }, token)));
    let seconds = (performance.now() - started) / 1000;
    const ok = answers.filter((a) => a.status === 201);
    const booked = ok.filter((a) => a.json.status === 'booked').length;
    const positions = ok.filter((a) => a.json.status === 'waitlisted').map((a) => a.json.position).sort((a, b) => a - b);
    const gapless = positions.every((p, i) => p === i + 1);
    const errors = answers.filter((a) => a.status !== 201);
    console.log(`\nrace: ${MEMBERS} members book one slot of capacity ${CAPACITY} at once: ${seconds.toFixed(2)} s (${(MEMBERS / seconds).toFixed(0)} bookings/s)`);
    console.log(`  booked ${booked}, waitlisted ${positions.length} (positions 1..${positions.length} ${gapless ? 'without gaps' : 'WITH GAPS'}), errors ${errors.length}${errors.length ? ` ${JSON.stringify(errors[0].json)}` : ''}`);
    console.log(summary('  POST /bookings', answers.map((a) => a.ms)));
    if (booked !== Math.min(CAPACITY, MEMBERS) || !gapless || errors.length) process.exitCode = 1;

    // 2. Spread: CONCURRENCY clients, each member books PER_MEMBER different slots.
    const jobs = [];
    members.forEach((token, m) => {
      for (let k = 0; k < PER_MEMBER; k++) jobs.push({ token, slotId: spreadSlots[(m * 7 + k * 31) % SLOTS] });
    });
    const spread = [];
    let next = 0;
    started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++];
          spread.push(await post('/bookings', { slotId: job.slotId }, job.token));
        }
      }),
    );
    seconds = (performance.now() - started) / 1000;
    const spreadErrors = spread.filter((a) => a.status !== 201 && a.status !== 200);
    const slotList = await get(`/services/${service.json.id}/slots?limit=100&offset=0`, members[0]);
    const over = slotList.json.items.filter((s) => s.taken > s.capacity);
    console.log(`\nspread: ${jobs.length} bookings by ${MEMBERS} members over ${SLOTS} slots (capacity 10), ${CONCURRENCY} concurrent: ${seconds.toFixed(2)} s (${(jobs.length / seconds).toFixed(0)} bookings/s)`);
    console.log(`  booked ${spread.filter((a) => a.json.status === 'booked').length}, waitlisted ${spread.filter((a) => a.json.status === 'waitlisted').length}, errors ${spreadErrors.length}, slots over capacity ${over.length}`);
    console.log(summary('  POST /bookings', spread.map((a) => a.ms)));
    if (spreadErrors.length || over.length) process.exitCode = 1;
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
