// Starts the real API server (serving the built H5 app) on a free port with a fresh PGlite
// directory, for the browser tests. The server seeds its demo data in development.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT_DIR = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
export const H5_DIR = join(ROOT_DIR, 'miniapp', 'dist', 'h5');

const READY_TIMEOUT_MS = 60_000;

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {{ staticDir?: string, env?: Record<string, string> }} [options] staticDir: another H5 build to serve (default
 *   miniapp/dist/h5); env: more settings for the server (an operator's configuration, such as map tiles)
 * @returns {Promise<{ baseUrl: string, apiUrl: string, logs: () => string, stop: () => Promise<void> }>}
 */
export async function startServer({ staticDir = H5_DIR, env = {} } = {}) {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'union-e2e-pglite-'));
  const child = spawn(join(ROOT_DIR, 'node_modules', '.bin', 'tsx'), ['server/src/server.ts'], {
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PGLITE_DIR: dataDir,
      STATIC_DIR: staticDir,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  const collect = (chunk) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = null;
  const exitPromise = new Promise((r) => child.once('exit', (code, signal) => r((exited = { code, signal }))));

  const baseUrl = `http://127.0.0.1:${port}`;
  const apiUrl = `${baseUrl}/api/v1`;

  async function stop() {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  }

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) {
      await rm(dataDir, { recursive: true, force: true });
      throw new Error(`server exited early (${JSON.stringify(exited)}):\n${output}`);
    }
    try {
      const res = await fetch(`${apiUrl}/ready`);
      if (res.status === 200) return { baseUrl, apiUrl, logs: () => output, stop };
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`server not ready after ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
}
