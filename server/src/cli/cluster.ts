// `node server/dist/cli/cluster.js [--workers N]`: one server process per core, sharing one port.
//
// Each worker is the ordinary server (server.js) with its own pg pool; the primary only forks, restarts a
// worker that dies, and on SIGTERM passes the signal on so every worker drains (readiness turns 503,
// in-flight requests finish) before the primary exits. PostgreSQL only: PGlite belongs to one process.
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';

/** Beyond each worker's drain (SHUTDOWN_DELAY_MS, readiness 503 while still serving): time to finish in flight. */
const SHUTDOWN_GRACE_MS = 15_000;
const RESTART_DELAY_MS = 1_000;

function workerCount(argv: string[]): number {
  const i = argv.indexOf('--workers');
  const value = i >= 0 ? Number(argv[i + 1]) : os.availableParallelism();
  if (!Number.isInteger(value) || value < 1 || value > 256) {
    console.error('--workers takes a whole number from 1 to 256 (default: one per core)');
    process.exit(1);
  }
  return value;
}

function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  if (config.database.driver !== 'pg') {
    console.error('The cluster needs PostgreSQL (DATABASE_URL): PGlite is an in-process database of one process. Run `node server/dist/server.js` for PGlite.');
    process.exit(1);
  }

  const workers = workerCount(process.argv.slice(2));
  // The server entry next to this folder, in the same flavour (.js compiled, .ts under tsx).
  cluster.setupPrimary({ exec: path.join(__dirname, '..', `server${path.extname(__filename)}`) });

  let stopping = false;
  const alive = new Set<Worker>();
  const fork = () => alive.add(cluster.fork());
  cluster.on('exit', (worker: Worker, code, signal) => {
    alive.delete(worker);
    if (stopping) {
      if (alive.size === 0) process.exit(0);
      return;
    }
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another in ${RESTART_DELAY_MS} ms`);
    setTimeout(fork, RESTART_DELAY_MS).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining ${alive.size} worker(s)`);
    // Ctrl-C already reached every worker (same process group); a second signal would cut their drain short.
    if (signal === 'SIGTERM') for (const worker of alive) worker.process.kill('SIGTERM');
    const limitMs = (signal === 'SIGTERM' ? config.shutdownDelayMs : 0) + SHUTDOWN_GRACE_MS;
    setTimeout(() => {
      console.error(`workers still running after ${limitMs} ms: killing them`);
      for (const worker of alive) worker.process.kill('SIGKILL');
      process.exit(1);
    }, limitMs).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  console.log(`starting ${workers} server worker(s) on port ${config.port}`);
  for (let i = 0; i < workers; i++) fork();
}

main();
