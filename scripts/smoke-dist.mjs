// `npm run smoke:dist` after `npm run build`: the compiled server under plain `node`, as a deployment runs it.
//
//   PGlite (development defaults): node server/dist/cli/migrate.js, cli/seed.js, then server.js on a new data dir
//   PostgreSQL, when SMOKE_DATABASE_URL or TEST_DATABASE_URL names a server: a new database, NODE_ENV=production,
//     migrate.js, then server.js with MIGRATE_ON_START=false, then cli/cluster.js with two workers
//
// Each server must answer /api/v1/health and /api/v1/ready (200, the right driver), serve /docs/json only outside
// production, and exit 0 on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'server', 'dist');
const pg = createRequire(path.join(ROOT, 'server', 'package.json'))('pg');

if (!fs.existsSync(path.join(DIST, 'server.js'))) {
  console.error('server/dist/server.js is missing: run `npm run build` first.');
  process.exit(1);
}

/** A clean environment: nothing from the shell's DATABASE_URL or a tsx/jest NODE_OPTIONS leaks in. */
function cleanEnv(extra) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...extra };
  return env;
}

function runCommand(label, script, env) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(DIST, script)], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.status !== 0) throw new Error(`${label}: node server/dist/${script} exited ${result.status}\n${output}`);
  console.log(`  ✔ ${label} (${Date.now() - started} ms): ${output.split('\n').at(-1)}`);
}

async function getJson(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: await res.json() };
}

/** Starts a compiled entry point on a free port, checks the probes, then SIGTERM and a clean exit. */
async function serve(label, script, env, { driver, args = [], instances = 1, docs = true }) {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(DIST, script), ...args], { cwd: ROOT, env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    const base = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label}: not ${instances} "running at" line(s) within 60 s\n${output}`)), 60_000);
      const onData = (chunk) => {
        output += chunk;
        // Every server process prints its banner once it listens; a cluster's workers share the port.
        const banners = [...output.matchAll(/running at (http:\/\/[\w.:[\]-]+)/g)];
        if (banners.length >= instances) {
          clearTimeout(timer);
          resolve(banners[0][1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      exited.then(({ code, signal }) => reject(new Error(`${label}: exited early (${signal ?? code})\n${output}`)));
    });
    const startMs = Date.now() - started;
    // A cluster answers from any worker: ask a few times.
    for (let i = 0; i < instances * 3; i++) {
      const health = await getJson(`${base}/api/v1/health`);
      const ready = await getJson(`${base}/api/v1/ready`);
      if (health.status !== 200 || health.body.status !== 'ok') throw new Error(`${label}: /health answered ${health.status} ${JSON.stringify(health.body)}`);
      if (ready.status !== 200 || ready.body.status !== 'ready' || ready.body.driver !== driver) {
        throw new Error(`${label}: /ready answered ${ready.status} ${JSON.stringify(ready.body)}`);
      }
    }
    // API docs: served in development, not in production unless DOCS_PUBLIC=true.
    const docsJson = await fetch(`${base}/docs/json`, { signal: AbortSignal.timeout(5_000) });
    if ((docsJson.status === 200) !== docs) throw new Error(`${label}: /docs/json answered ${docsJson.status}, expected ${docs ? 200 : 404}`);
    // The in-memory station search loads after start (kdbush and geokdbush are ES modules the CommonJS build imports).
    for (let i = 0; ; i++) {
      const ready = await getJson(`${base}/api/v1/ready`);
      if (ready.body.stations === 'memory') break;
      if (i > 100) throw new Error(`${label}: nearest-first station search never left PostgreSQL: ${JSON.stringify(ready.body)}\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const stopStarted = Date.now();
    child.kill('SIGTERM');
    const { code, signal } = await Promise.race([exited, new Promise((r) => setTimeout(() => r({ code: 'timeout' }), 20_000).unref())]);
    if (code !== 0) throw new Error(`${label}: after SIGTERM exited ${signal ?? code}\n${output}`);
    console.log(
      `  ✔ ${label}: ${instances > 1 ? `${instances} processes ` : ''}up in ${startMs} ms, /health and /ready 200 (${driver}), stopped cleanly in ${Date.now() - stopStarted} ms`,
    );
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

async function smokePglite() {
  console.log('PGlite (development defaults)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'union-smoke-'));
  try {
    const env = cleanEnv({ PGLITE_DIR: path.join(dir, 'pglite') });
    runCommand('migrate', 'cli/migrate.js', env);
    runCommand('seed', 'cli/seed.js', env);
    await serve('server', 'server.js', { ...env, MIGRATE_ON_START: 'false' }, { driver: 'pglite' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function admin(url, statement) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function smokePostgres(serverUrl) {
  console.log('PostgreSQL (NODE_ENV=production)');
  const name = `union_smoke_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `create database "${name}"`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const env = cleanEnv({
      NODE_ENV: 'production',
      DATABASE_URL: url.toString(),
      DATABASE_POOL_SIZE: '5',
      MIGRATE_ON_START: 'false',
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_KEY: randomBytes(32).toString('base64'),
      HMAC_KEY: randomBytes(32).toString('base64'),
      CODE_KEY: randomBytes(32).toString('base64'),
      SMS_PROVIDER: 'tencent',
      TENCENT_SECRET_ID: 'smoke',
      TENCENT_SECRET_KEY: 'smoke',
      TENCENT_SMS_SDK_APP_ID: '1400000000',
      TENCENT_SMS_SIGN_NAME: 'smoke',
      TENCENT_SMS_TEMPLATE_ID: '1',
      // Production refuses the development providers; these are configured but never called here.
      WECHAT_PROVIDER: 'wechat',
      WECHAT_APPID: 'wx0000000000000000',
      WECHAT_SECRET: 'smoke',
      REALNAME_PROVIDER: 'tencent',
      OCR_PROVIDER: 'tencent',
      BANK_PROVIDER: 'http',
      BANK_APP_ID: 'smoke',
      BANK_APP_SECRET: 'smoke',
      // The dev channel would mark notices sent without delivering them: refused in production.
      NOTIFY_CHANNELS: 'wechat,sms',
    });
    runCommand('migrate', 'cli/migrate.js', env);
    await serve('server', 'server.js', env, { driver: 'pg', docs: false });
    await serve('cluster of 2 workers', 'cli/cluster.js', env, { driver: 'pg', args: ['--workers', '2'], instances: 2, docs: false });
  } finally {
    await admin(serverUrl, `drop database if exists "${name}" with (force)`);
  }
}

const started = Date.now();
try {
  await smokePglite();
  const serverUrl = process.env.SMOKE_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (serverUrl) await smokePostgres(serverUrl);
  else console.log('PostgreSQL: skipped (set SMOKE_DATABASE_URL or TEST_DATABASE_URL)');
  console.log(`compiled server smoke test passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`\n✘ ${error.message}`);
  process.exit(1);
}
