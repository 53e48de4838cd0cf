// `npm run build`: compiles shared/ and server/ to CommonJS for plain `node` (the H5 app is `npm run build:h5`).
//
//   shared/src  -> shared/dist                               the contracts, compiled
//   server/src  -> server/dist                               the server; entry points server.js, cli/*.js
//   shared/dist -> server/dist/node_modules/@union/shared    so `require('@union/shared')` from server/dist finds
//                                                            JavaScript, not the TypeScript source that tsx, Jest
//                                                            and Taro read through the workspace link
//
// server/dist sits next to server/src, so everything it finds relative to itself (the repository root with
// migrations/ and miniapp/dist/h5, and server/node_modules) is where the source finds it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function compile(project) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsc, '-p', project], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build failed: tsc -p ${project}`);
    process.exit(result.status ?? 1);
  }
  console.log(`compiled ${path.dirname(project)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const sharedDist = path.join(ROOT, 'shared', 'dist');
const serverDist = path.join(ROOT, 'server', 'dist');
// A clean slate: a file deleted or moved in src must not live on in dist.
for (const dir of [sharedDist, serverDist]) fs.rmSync(dir, { recursive: true, force: true });

compile('shared/tsconfig.build.json');
compile('server/tsconfig.build.json');

const shared = JSON.parse(fs.readFileSync(path.join(ROOT, 'shared', 'package.json'), 'utf8'));
const target = path.join(serverDist, 'node_modules', '@union', 'shared');
fs.cpSync(sharedDist, target, { recursive: true });
fs.writeFileSync(
  path.join(target, 'package.json'),
  `${JSON.stringify({ name: shared.name, version: shared.version, private: true, description: 'compiled by scripts/build.mjs', main: 'index.js', dependencies: shared.dependencies }, null, 2)}\n`,
);
console.log('server/dist ready: node server/dist/server.js (migrations: node server/dist/cli/migrate.js)');
