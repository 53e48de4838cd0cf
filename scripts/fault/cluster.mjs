// Pieces of the fault suite: a throwaway PostgreSQL cluster it may kill, and servers it may stop.
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { accessTokenSigner, freePort, waitReady } from '../bench/harness.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** PostgreSQL's binaries, newest installed version (Debian keeps them off PATH). */
function pgBin() {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'pg_ctl'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
  versions.sort((a, b) => Number(a) - Number(b));
  return path.join(base, versions.at(-1), 'bin');
}

/** Runs a PostgreSQL binary as the postgres user: the server refuses to run as root. */
function asPostgres(args, options = {}) {
  const isRoot = process.getuid?.() === 0;
  const [cmd, ...rest] = isRoot ? ['runuser', '-u', 'postgres', '--', ...args] : args;
  return execFileSync(cmd, rest, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

/**
 * The same without blocking: the tests' load keeps running while PostgreSQL recovers (a client frozen for seconds would
 * find its keep-alive sockets closed by the server's idle timeout, and report resets the server never caused).
 */
function asPostgresAsync(args) {
  const isRoot = process.getuid?.() === 0;
  const [cmd, ...rest] = isRoot ? ['runuser', '-u', 'postgres', '--', ...args] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, rest, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args[0]} exited with ${code}`))));
  });
}

/**
 * A PostgreSQL cluster of the suite's own, in a temporary folder on a free port: it can be killed with kill -9
 * and started again without touching the machine's own server.
 */
export async function startCluster() {
  const bin = pgBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'union-fault-pg-'));
  const data = path.join(dir, 'data');
  const run = path.join(dir, 'run');
  fs.mkdirSync(data);
  fs.mkdirSync(run);
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  fs.chmodSync(data, 0o700);
  asPostgres([path.join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const startArgs = () => [
    path.join(bin, 'pg_ctl'),
    '-D',
    data,
    '-l',
    path.join(run, 'pg.log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${run} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`,
    'start',
  ];
  asPostgres(startArgs());
  let up = true;
  const postmasterPid = () => Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    /** kill -9 of the postmaster, as a crash or an OOM kill does; its backends exit when they notice. */
    async kill() {
      up = false;
      const pid = postmasterPid();
      const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
        .split('\n')
        .map(Number)
        .filter(Boolean);
      process.kill(pid, 'SIGKILL');
      // Its backends exit when they notice their postmaster is gone; a new postmaster cannot start while they hold
      // the shared memory, so wait for them (a crash leaves the same state for the restart to recover from).
      const alive = (p) => {
        try {
          process.kill(p, 0);
          return true;
        } catch {
          return false;
        }
      };
      for (let i = 0; i < 400 && children.some(alive); i++) await sleep(25);
    },
    /** pg_ctl start -w: resolves once the server accepts connections (after crash recovery). */
    async start() {
      await asPostgresAsync(startArgs());
      up = true;
    },
    /** After a test that failed during its outage: the next test needs the database. */
    async ensureUp() {
      if (!up) await this.start();
    },
    stop() {
      try {
        asPostgres([path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // already down
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
    log: () => fs.readFileSync(path.join(run, 'pg.log'), 'utf8'),
  };
}

export const JWT_SECRET = `fault-${randomUUID()}-${randomUUID()}`;

export const accessToken = accessTokenSigner(JWT_SECRET);

/** The real server (server/src/server.ts) as a child process on its own port, with its logs kept. */
export async function startServer(databaseUrl, env = {}) {
  const port = await freePort();
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      SMS_HOURLY_LIMIT_PER_IP: '100000',
      SMS_DAILY_LIMIT_TOTAL: '10000000',
      RATE_LIMIT_MULTIPLIER: '100000',
      STATIC_DIR: '/nonexistent',
      BANK_DEV_ISSUE_DELAY_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let exit = null;
  exited.then((e) => (exit = e));
  const base = `http://127.0.0.1:${port}/api/v1`;
  await Promise.race([waitReady(base), exited.then((e) => Promise.reject(new Error(`server exited at start (${JSON.stringify(e)}):\n${output}`)))]);
  return {
    base,
    pid: child.pid,
    exited,
    /** null while the process runs. */
    exit: () => exit,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (exit) return exit;
      child.kill(signal);
      return exited;
    },
  };
}

/** JSON over HTTP with a fresh connection per call (the test's own calls; the load uses its own agents). */
export async function call(base, method, url, token, body, headers = {}) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

/** Logs in through the development SMS provider (the code comes back in the answer). */
export async function login(base, phone) {
  const sms = await call(base, 'POST', '/auth/sms', null, { phone });
  const res = await call(base, 'POST', '/auth/login', null, { phone, code: sms.json.devCode });
  if (res.status !== 200) throw new Error(`login ${phone}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

/**
 * One HTTP request on a keep-alive agent (node:http): resolves with the status and headers once the whole answer
 * is read, rejects with the socket error when there is no answer.
 */
export function request(agent, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: { ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}), ...headers } },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
