// A city's union tree imported through HTTP (POST /admin/orgs/import), as the 导入组织树 page sends it: a 20,000-row
// .xlsx (all eight columns) base64 in JSON, a dry run and then the import, on a fresh PostgreSQL database with the demo
// seed. Beside it, in the same run and the same server, the naive baseline: the same 20,000 unions as CSV text in
// `csv` (what the API took before it read Excel). Prints the answer times and the server's longest event-loop delay
// during each (read from scripts/bench/event-loop-probe.cjs), so the cost of reading the sheet shows against the rest.
//
//   node scripts/bench/org-import.mjs [--rows 20000] [--driver pg|pglite]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default, for --driver pg)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import writeExcelFile from 'write-excel-file/node';
import { freePort, loadLine, waitReady } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const ROWS = Number(args.rows ?? 20_000);
const DRIVER = args.driver ?? 'pg';
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HEADER = ['代码', '上级代码', '名称', '类型', '区划代码', '地址', '办公电话', '办公时间'];

/** 20 street unions under 新街口 and 999 enterprises under each, codes prefixed so two files never collide. */
function tree(prefix) {
  const rows = [];
  const streets = Math.max(1, Math.round(ROWS / 1000));
  for (let d = 0; d < streets && rows.length < ROWS; d++) {
    rows.push([`${prefix}d${d}`, 'xjk', `${prefix}街道${d}`, '街道', '110102', `西城区第${d}街`, '010-66001234', '1-5 09:00-17:30']);
    for (let e = 0; e < 999 && rows.length < ROWS; e++)
      rows.push([
        `${prefix}${d}e${e}`,
        `${prefix}d${d}`,
        `${prefix}企业${d}-${e}`,
        '企业',
        '110102',
        `西城区第${d}街${e}号`,
        '010-66001234',
        '1-5 09:00-17:30',
      ]);
  }
  return rows;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'union-bench-org-import-'));
const eldFile = path.join(tmp, 'eld');
let dbName;
let dbEnv;
if (DRIVER === 'pg') {
  dbName = `union_bench_org_import_${Date.now()}`;
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
const server = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/server.ts'], {
  cwd: ROOT,
  env: {
    ...process.env,
    ...dbEnv,
    NODE_OPTIONS: `--require ${path.join(ROOT, 'scripts/bench/event-loop-probe.cjs')}`,
    BENCH_ELD_FILE: eldFile,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    RATE_LIMIT_MULTIPLIER: '100000',
    STATIC_DIR: '/nonexistent',
    SERVICE_CARD_SYNC_MS: '0',
    MAX_EVENT_LOOP_DELAY_MS: '0',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
  detached: true,
});
const base = `http://127.0.0.1:${port}/api/v1`;
try {
  await waitReady(base);
  const post = (url, body, token) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  const sms = await post('/auth/sms', { phone: '13800000000' });
  const { accessToken } = await post('/auth/login', { phone: '13800000000', code: sms.devCode });
  const longestDelay = (from, to) =>
    Math.max(
      0,
      ...fs
        .readdirSync(tmp)
        .filter((f) => f.startsWith('eld.'))
        .flatMap((f) => fs.readFileSync(path.join(tmp, f), 'utf8').trim().split('\n'))
        .map((l) => l.split(' ').map(Number))
        .filter(([at]) => at > from && at - 200 < to)
        .map(([, max]) => max),
    );
  async function run(label, body) {
    for (const dryRun of [true, false]) {
      const started = Date.now();
      const report = await post('/admin/orgs/import', { ...body, dryRun }, accessToken);
      const ended = Date.now();
      if (report.total !== ROWS || report.errors?.length || report.created !== (dryRun ? 0 : ROWS))
        throw new Error(`${label}: ${JSON.stringify(report).slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 300));
      console.log(
        `${label.padEnd(34)} ${dryRun ? 'dry run' : 'import '} ${((ended - started) / 1000).toFixed(2)} s  longest event-loop delay ${longestDelay(started, ended).toFixed(0)} ms`,
      );
    }
  }
  const xlsx = await writeExcelFile([HEADER, ...tree('bx')]).toBuffer();
  const csv = [HEADER, ...tree('bc')].map((r) => r.join(',')).join('\r\n');
  await run('naive: CSV text in `csv`', { csv });
  await run(`.xlsx base64 in \`file\` (${Math.round(xlsx.length / 1024)} KB)`, { file: xlsx.toString('base64'), fileName: 'tree.xlsx' });
  console.log(loadLine());
  console.log(`driver ${DRIVER}, ${ROWS.toLocaleString('en')} unions per file`);
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
