// `npm run test:e2e`: builds the H5 app if it is missing, then runs the browser tests one file at a time.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { clearScreenshots } from './browser.mjs';
import { H5_DIR, ROOT_DIR } from './server.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!existsSync(join(H5_DIR, 'index.html'))) {
  console.log('e2e: miniapp/dist/h5/index.html is missing, building the H5 app first');
  const build = spawnSync(npm, ['run', 'build:h5', '-w', '@union/miniapp'], { cwd: ROOT_DIR, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const e2eDir = join(ROOT_DIR, 'scripts', 'e2e');
const files = readdirSync(e2eDir)
  .filter((f) => f.endsWith('.test.mjs'))
  .sort()
  .map((f) => join('scripts', 'e2e', f));

// Screenshots are numbered in the order taken; start each run from 01.
await clearScreenshots();

const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { cwd: ROOT_DIR, stdio: 'inherit' });
if (run.error) {
  console.error(run.error);
  process.exit(1);
}
process.exit(run.status ?? 1);
