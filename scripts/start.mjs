// `npm start`: builds the H5 app when needed, then runs the API server, which migrates and seeds
// the embedded PostgreSQL (PGlite) — or the server named by DATABASE_URL — and serves the app.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureH5, ROOT_DIR } from './ensure-h5.mjs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node.js 20.19 or newer is required (this is ${process.versions.node}).`);
  process.exit(1);
}
// The supported line is the one in .nvmrc (Node 24 LTS); others may work but are not what CI runs.
if (major !== 24) console.warn(`Note: this is Node.js ${process.versions.node}; the supported line is Node.js 24 LTS (README.md, "Installing").`);

if (process.env.SKIP_H5_BUILD !== 'true') ensureH5();

const tsx = path.join(ROOT_DIR, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
const child = spawn(tsx, [path.join('server', 'src', 'server.ts')], {
  cwd: ROOT_DIR,
  stdio: 'inherit',
  env: { NODE_ENV: 'development', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
