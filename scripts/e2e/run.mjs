// `npm run test:e2e`: builds the H5 app if it is missing or older than its sources, then runs the
// browser tests one file at a time.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureH5 } from '../ensure-h5.mjs';
import { clearScreenshots } from './browser.mjs';
import { ROOT_DIR } from './server.mjs';

ensureH5();

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
