// Builds the mini-program's H5 app when it is missing or older than its sources, with visible progress.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const H5_DIR = path.join(ROOT_DIR, 'miniapp', 'dist', 'h5');
const SOURCES = ['miniapp/src', 'miniapp/config', 'shared/src'].map((p) => path.join(ROOT_DIR, p));

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function h5BuildState() {
  const index = path.join(H5_DIR, 'index.html');
  if (!fs.existsSync(index)) return 'missing';
  const built = fs.statSync(index).mtimeMs;
  return SOURCES.some((dir) => newestMtime(dir) > built) ? 'stale' : 'fresh';
}

export function ensureH5() {
  const state = h5BuildState();
  if (state === 'fresh') return;
  console.log(
    state === 'missing'
      ? '\n▶ 首次启动：正在构建 H5 页面 (first start: building the H5 app, about 30-60 s)…\n'
      : '\n▶ 源码已更新：正在重新构建 H5 页面 (sources changed: rebuilding the H5 app)…\n',
  );
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build:h5', '-w', '@union/miniapp'], { cwd: ROOT_DIR, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('H5 build failed; see the output above.');
    process.exit(build.status ?? 1);
  }
  console.log(`✔ H5 app built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
