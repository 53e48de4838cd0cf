// Benchmark of grading (交卷) on real PostgreSQL, through HTTP. Starts its own server on a fresh database (dropped
// afterwards) with the default pool, imports a bank and sets a test through the API, makes members and their open
// attempts (--questions drawn from the bank, options shuffled) in SQL, then in ONE run:
//  1. ours: --submits submissions of distinct members' attempts at --connections connections (autocannon), each with
//     all its answers: graded submissions/s, p50, p99, server and PostgreSQL CPU per submission; in the database every
//     attempt graded once, with the planned scores, and one points entry per pass;
//  2. ours, race: --race submits of one attempt at the same moment (connections open beforehand): every answer the
//     same grade, one grading, one points entry;
//  3. the naive grader (scripts/bench/naive-grading-server.mjs: node:http + pg, no auth; read the attempt, grade,
//     update, in one transaction) on other attempts of the same test: its submissions/s and p99 at the same
//     connections, and its double grades and double payments when --race submits of one attempt race.
// About --pass-share of the attempts answer everything right and pass (10 points each); the others answer 8 of 20.
//
//   node scripts/bench/grading.mjs [--submits 20000] [--warmup 3000] [--connections 20] [--questions 20] [--bank 200]
//     [--race 50] [--naive-submits 10000] [--pass-share 0.5] [--skip race,naive]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default); BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof";
//   BENCH_KEEP_DB=1 keeps the bench's database afterwards (its name is printed).
import { execSync, spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { randomInt, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { accessTokenSigner, databaseCpuMs, freePort, loadLine, runQueueWaitMs, treeCpuMs, treeRunQueueWait, waitReady } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const SUBMITS = Number(args.submits ?? 20_000);
const WARMUP = Number(args.warmup ?? 3_000);
const CONNECTIONS = Number(args.connections ?? 20);
const QUESTIONS = Number(args.questions ?? 20);
const BANK = Number(args.bank ?? 200);
const RACE = Number(args.race ?? 50);
const NAIVE_SUBMITS = Number(args['naive-submits'] ?? 10_000);
const PASS_SHARE = Number(args['pass-share'] ?? 0.5);
/** --skip race,naive: leave parts out (to profile one). */
const SKIP = new Set(String(args.skip ?? '').split(','));
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const JWT_SECRET = `bench-${randomUUID()}-${randomUUID()}`;
const accessToken = accessTokenSigner(JWT_SECRET);

const uptime = () => {
  try {
    return execSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return loadLine();
  }
};
const LETTERS = 'ABCD';

/** A bank of `n` questions in the import format (60% single, 25% multiple, 15% true/false) and each one's right options. */
function makeBank(n) {
  const lines = ['题型,题目,选项A,选项B,选项C,选项D,答案,解析'];
  const answers = [];
  for (let i = 0; i < n; i++) {
    const r = i % 20;
    if (r < 12) {
      const a = randomInt(4);
      lines.push(`单选,第${i + 1}题：劳动合同期限与试用期的规定是哪一项？,选项甲${i},选项乙${i},选项丙${i},选项丁${i},${LETTERS[a]},劳动合同法`);
      answers.push([a]);
    } else if (r < 17) {
      const set = [0, 1, 2, 3].filter(() => Math.random() < 0.5);
      const right = set.length >= 2 ? set : [0, 2];
      lines.push(`多选,第${i + 1}题：哪些情形应认定为工伤？,情形甲${i},情形乙${i},情形丙${i},情形丁${i},${right.map((p) => LETTERS[p]).join('')},工伤保险条例`);
      answers.push(right);
    } else {
      const a = randomInt(2);
      lines.push(`判断,第${i + 1}题：骑电动自行车应当佩戴头盔。,,,,,${a === 0 ? '对' : '错'},道路交通安全法`);
      answers.push([a]);
    }
  }
  return { csv: lines.join('\n'), answers };
}

function shuffle(items) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

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

/** `amount` requests over `connections` connections with autocannon, request i from make(i). */
async function load({ url, amount, make, dbName, serverPid }) {
  const statuses = {};
  const pgBefore = databaseCpuMs(dbName);
  const cpuBefore = serverPid ? treeCpuMs(serverPid) : null;
  const clientBefore = process.cpuUsage();
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
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
  const ok = statuses[200] ?? 0;
  const per = (ms) => (ms / Math.max(result.requests.total, 1)) * 1000;
  const client = process.cpuUsage(clientBefore);
  return {
    result,
    statuses,
    ok,
    perSecond: ok / result.duration,
    pgCpu: pgBefore === null ? null : per(databaseCpuMs(dbName) - pgBefore),
    serverCpu: cpuBefore === null ? null : per(treeCpuMs(serverPid) - cpuBefore),
    clientCpu: per((client.user + client.system) / 1000),
  };
}

/** Posts JSON over a kept-alive agent; resolves with status, body and time. */
function post(port, pathname, body, token, agent) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: pathname,
        agent,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
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
    req.on('error', (error) => resolve({ status: 0, json: { error: String(error) }, ms: performance.now() - started }));
    req.end(JSON.stringify(body));
  });
}

async function main() {
  const dbName = `union_bench_grading_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${dbName}"`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;

  const port = await freePort();
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [...nodeArgs, 'server/src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl.toString(),
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      // One machine plays thousands of phones from one address: lift the abuse limits, measure the grading path.
      RATE_LIMIT_MULTIPLIER: '100000',
      SMS_HOURLY_LIMIT_PER_IP: '100000',
      SMS_DAILY_LIMIT_TOTAL: '10000000',
      SERVICE_CARD_SYNC_MS: '0',
      STATIC_DIR: '/nonexistent',
      SHUTDOWN_DELAY_MS: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  const db = new pg.Pool({ connectionString: dbUrl.toString(), max: 5 });
  let naiveServer;
  try {
    await waitReady(base);
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

    const bank = makeBank(BANK);
    const imported = await call('POST', '/staff/learning/banks', staff, { orgId, title: '压测题库', csv: bank.csv });
    const test = await call('POST', '/staff/learning/tests', staff, {
      orgId,
      bankId: imported.bank.id,
      title: '压测测试',
      questionCount: QUESTIONS,
      timeLimitMinutes: 180,
      passPercent: 60,
      maxAttempts: 3,
      opensAt: new Date(Date.now() - 3_600_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    const { rows: questions } = await db.query(
      'select id, position, kind, jsonb_array_length(options) as n from questions where bank_id = $1 order by position',
      [imported.bank.id],
    );

    const total = WARMUP + SUBMITS + 1 + NAIVE_SUBMITS + 1;
    console.log(`creating ${total} members and their open attempts (${QUESTIONS} of ${BANK} questions each) in SQL…`);
    const { rows: members } = await db.query(
      `with a as (insert into accounts (id) select gen_random_uuid() from generate_series(1, $1) returning id),
       numbered as (select id, row_number() over () as n from a)
       insert into memberships (member_no, person_id_hash, account_id, org_id, status, name, gender, id_enc, phone_enc)
       select 'G' || n, 'bench-' || id, id, $2, 'active', '李测试', 'male', 'x', 'x' from numbered returning account_id`,
      [total, orgId],
    );
    // Each attempt as a start would draw it, and the answers its member will send: right ones, or 8 of 20 right.
    const plans = [];
    for (let i = 0; i < total; i += 2_000) {
      const chunk = members.slice(i, i + 2_000).map((m) => {
        const drawn = shuffle(questions).slice(0, QUESTIONS);
        const orders = drawn.map((q) => (q.kind === 'true_false' ? [0, 1] : shuffle([...Array(Number(q.n)).keys()])));
        const pass = Math.random() < PASS_SHARE;
        const answers = drawn.map((q, k) => {
          const right = bank.answers[q.position].map((p) => orders[k].indexOf(p)).sort((a, b) => a - b);
          if (pass || k < QUESTIONS * 0.4) return right;
          const wrong = [...Array(orders[k].length).keys()].find((p) => !right.includes(p));
          return wrong === undefined ? [] : [wrong];
        });
        return { accountId: m.account_id, token: accessToken(m.account_id), questionIds: drawn.map((q) => q.id), orders, answers, pass };
      });
      const { rows } = await db.query(
        `insert into test_attempts (test_id, account_id, seed, question_ids, option_orders, started_at, deadline_at)
         select $1, (r->>'a')::uuid, (random() * 2147483647)::int, array(select jsonb_array_elements_text(r->'q'))::uuid[], r->'o', now(), now() + interval '3 hours'
         from jsonb_array_elements($2::jsonb) with ordinality as x(r, k) order by k
         returning id, account_id`,
        [test.id, JSON.stringify(chunk.map((c) => ({ a: c.accountId, q: c.questionIds, o: c.orders })))],
      );
      const ids = new Map(rows.map((r) => [r.account_id, r.id]));
      for (const c of chunk) plans.push({ ...c, attemptId: ids.get(c.accountId) });
    }
    await db.query('analyze accounts, memberships, test_attempts, questions');
    const warm = plans.slice(0, WARMUP);
    const measured = plans.slice(WARMUP, WARMUP + SUBMITS);
    const raceOurs = plans[WARMUP + SUBMITS];
    const naivePlans = plans.slice(WARMUP + SUBMITS + 1, WARMUP + SUBMITS + 1 + NAIVE_SUBMITS);
    const raceNaive = plans[total - 1];
    // The racing attempts pass, so a double grade would pay twice.
    const position = new Map(questions.map((q) => [q.id, q.position]));
    for (const p of [raceOurs, raceNaive]) {
      p.pass = true;
      p.answers = p.questionIds.map((id, k) => bank.answers[position.get(id)].map((a) => p.orders[k].indexOf(a)).sort((a, b) => a - b));
    }

    const ours = (list) => (i) => {
      const p = list[i % list.length];
      return {
        path: `/api/v1/learning/attempts/${p.attemptId}/submit`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
        body: JSON.stringify({ answers: p.answers }),
      };
    };

    console.log(`\n${loadLine()}\n${uptime()}`);
    console.log(`\n— 1. ours: ${SUBMITS} submissions of distinct members' attempts (${QUESTIONS} questions), ${CONNECTIONS} connections —`);
    const warmed = await load({ url: `http://127.0.0.1:${port}`, amount: WARMUP, make: ours(warm), dbName });
    console.log(`  warm-up: ${Math.round(warmed.perSecond)}/s  statuses ${JSON.stringify(warmed.statuses)}`);
    const waitMark = treeRunQueueWait(server.pid);
    const run = await load({ url: `http://127.0.0.1:${port}`, amount: SUBMITS, make: ours(measured), dbName, serverPid: server.pid });
    const waited = runQueueWaitMs(waitMark, treeRunQueueWait(server.pid));
    const measuredIds = measured.map((p) => p.attemptId);
    const check = (
      await db.query(
        `select count(*) filter (where a.graded_at is not null)::int as graded,
           count(*) filter (where a.passed)::int as passed,
           count(*) filter (where a.passed and a.points_earned = 10)::int as paid,
           (select count(*)::int from points_ledger l where l.rule = 'test_passed' and l.source_id = $2::text and l.account_id = any(select account_id from test_attempts where id = any($1::uuid[]))) as entries,
           (select count(*)::int from certificates c where c.source = 'test' and c.source_id = $2::uuid and c.account_id = any(select account_id from test_attempts where id = any($1::uuid[]))) as certificates
         from test_attempts a where a.id = any($1::uuid[])`,
        [measuredIds, test.id],
      )
    ).rows[0];
    const plannedPasses = measured.filter((p) => p.pass).length;
    console.log(
      `  ours: ${Math.round(run.perSecond)} graded submissions/s  p50 ${run.result.latency.p50} ms  p99 ${run.result.latency.p99} ms  max ${run.result.latency.max} ms  statuses ${JSON.stringify(run.statuses)}  server CPU ${run.serverCpu?.toFixed(0)} µs/submission, PostgreSQL CPU ${run.pgCpu?.toFixed(0)} µs/submission`,
    );
    // What the run's CPU costs would allow if the two cores were the bench's alone (server, PostgreSQL, load generator).
    const perSubmission = (run.serverCpu ?? 0) + (run.pgCpu ?? 0) + run.clientCpu;
    console.log(
      `  this load generator ${run.clientCpu.toFixed(0)} µs/submission; at ${perSubmission.toFixed(0)} µs of CPU per submission in all, ${os.cpus().length} idle cores would take about ${Math.round((os.cpus().length * 1e6) / perSubmission)}/s`,
    );
    if (waited !== null)
      console.log(
        `  the server's event loop waited ${(waited / 1000).toFixed(1)} s of the run's ${run.result.duration.toFixed(1)} s for a CPU (other work on the machine)`,
      );
    // For scale: what any request costs this server before a handler runs (HTTP, hooks, headers), on the same machine now.
    const healthBefore = treeCpuMs(server.pid);
    const health = await autocannon({ url: `${base}/health`, connections: CONNECTIONS, amount: 5_000 });
    console.log(
      `  for scale, GET /health: ${Math.round(health.requests.total / health.duration)}/s p99 ${health.latency.p99} ms, server CPU ${(((treeCpuMs(server.pid) - healthBefore) / health.requests.total) * 1000).toFixed(0)} µs/request`,
    );
    console.log(
      `  in the database: ${check.graded} of ${SUBMITS} graded, ${check.passed} passed (planned ${plannedPasses}), ${check.paid} paid 10 points, ${check.entries} ledger entries, ${check.certificates} certificates`,
    );

    if (SKIP.has('race')) return;
    console.log(`\n— 2. ours, race: ${RACE} submits of one attempt at once (connections open beforehand) —`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    await Promise.all(Array.from({ length: RACE }, () => fetch(`${base}/health`).then((r) => r.text())));
    const warmSockets = await Promise.all(
      Array.from({ length: RACE }, () =>
        post(port, `/api/v1/learning/attempts/${warm[0].attemptId}/submit`, { answers: warm[0].answers }, warm[0].token, agent),
      ),
    );
    if (warmSockets.some((r) => r.status !== 200)) console.log(`  (connection warm-up answered ${JSON.stringify(warmSockets.find((r) => r.status !== 200))})`);
    const raced = await Promise.all(
      Array.from({ length: RACE }, () =>
        post(port, `/api/v1/learning/attempts/${raceOurs.attemptId}/submit`, { answers: raceOurs.answers }, raceOurs.token, agent),
      ),
    );
    agent.destroy();
    const oursGrades = new Set(raced.filter((r) => r.status === 200).map((r) => `${r.json.score}@${r.json.gradedAt}`));
    const oursEntries = (await db.query(`select count(*)::int as n from points_ledger where account_id = $1 and rule = 'test_passed'`, [raceOurs.accountId]))
      .rows[0].n;
    console.log(
      `  ours: ${raced.filter((r) => r.status === 200).length} of ${RACE} answered 200, ${oursGrades.size} distinct grade(s) (${[...oursGrades].join(', ')}), ${oursEntries} points entr${oursEntries === 1 ? 'y' : 'ies'}`,
    );

    if (SKIP.has('naive')) return;
    console.log(`\n— 3. the naive grader (node:http + pg, pool 20, no auth: read, grade, update in one transaction), same database —`);
    const naive = await spawnUntil(
      process.execPath,
      [path.join(ROOT, 'scripts/bench/naive-grading-server.mjs'), dbUrl.toString(), '20'],
      { cwd: ROOT },
      /listening (\d+)/,
    );
    naiveServer = naive.child;
    const naivePort = Number(naive.match[1]);
    const naiveMake = (i) => {
      const p = naivePlans[i % naivePlans.length];
      return { path: '/naive', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ attemptId: p.attemptId, answers: p.answers }) };
    };
    const naiveRun = await load({ url: `http://127.0.0.1:${naivePort}`, amount: NAIVE_SUBMITS, make: naiveMake, dbName, serverPid: naiveServer.pid });
    const naiveAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    await Promise.all(
      Array.from({ length: RACE }, () => post(naivePort, '/naive', { attemptId: naivePlans[0].attemptId, answers: naivePlans[0].answers }, null, naiveAgent)),
    );
    const naiveRaced = await Promise.all(
      Array.from({ length: RACE }, () => post(naivePort, '/naive', { attemptId: raceNaive.attemptId, answers: raceNaive.answers }, null, naiveAgent)),
    );
    naiveAgent.destroy();
    const naiveCounts = (
      await db.query(
        `select (select count(*)::int from naive_gradings where attempt_id = $1) as gradings, (select count(*)::int from naive_points where account_id = $2) as payments`,
        [raceNaive.attemptId, raceNaive.accountId],
      )
    ).rows[0];
    console.log(
      `  naive: ${Math.round(naiveRun.perSecond)} graded submissions/s  p50 ${naiveRun.result.latency.p50} ms  p99 ${naiveRun.result.latency.p99} ms  statuses ${JSON.stringify(naiveRun.statuses)}  server CPU ${naiveRun.serverCpu?.toFixed(0)} µs/submission, PostgreSQL CPU ${naiveRun.pgCpu?.toFixed(0)} µs/submission`,
    );
    console.log(
      `  naive, ${RACE} submits of one attempt racing: graded ${naiveCounts.gradings} times (${naiveCounts.gradings - 1} double grades), pass points paid ${naiveCounts.payments} times; ${naiveRaced.filter((r) => r.status === 200).length} of ${RACE} answered 200`,
    );

    console.log(`\nsummary (${uptime()})`);
    console.log(
      `  ours ${Math.round(run.perSecond)} graded/s p99 ${run.result.latency.p99} ms at ${CONNECTIONS} connections; naive ${Math.round(naiveRun.perSecond)}/s p99 ${naiveRun.result.latency.p99} ms (ours ${(run.perSecond / naiveRun.perSecond).toFixed(2)}×)`,
    );
    console.log(
      `  ${RACE} racing submits of one attempt: ours graded once (${oursGrades.size} grade, ${oursEntries} points entry); naive ${naiveCounts.gradings} gradings`,
    );
    const ok =
      run.ok === SUBMITS &&
      check.graded === SUBMITS &&
      check.passed === plannedPasses &&
      check.entries === plannedPasses &&
      check.certificates === plannedPasses &&
      oursGrades.size === 1 &&
      oursEntries === 1;
    if (!ok) {
      console.log('  NOT CORRECT: see the figures above');
      process.exitCode = 1;
    }
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
