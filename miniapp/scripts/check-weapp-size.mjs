// Fails when the weapp main package (everything outside the sub-package roots) exceeds
// WeChat's 2 MB limit. Run after `npm run build:weapp`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIMIT = 2 * 1024 * 1024;
const distDir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'weapp');

function fail(message) {
  console.error(`check-weapp-size: ${message}`);
  process.exit(1);
}

let appJson;
try {
  appJson = JSON.parse(readFileSync(join(distDir, 'app.json'), 'utf8'));
} catch (error) {
  fail(`cannot read ${join(distDir, 'app.json')} (run npm run build:weapp first): ${error.message}`);
}

const subRoots = [...(appJson.subPackages ?? []), ...(appJson.subpackages ?? [])]
  .map((pkg) => String(pkg.root ?? '').replace(/^\/+|\/+$/g, ''))
  .filter(Boolean);

function isInSubPackage(relPath) {
  const posix = relPath.split(sep).join('/');
  return subRoots.some((root) => posix === root || posix.startsWith(`${root}/`));
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

let mainBytes = 0;
let subBytes = 0;
for (const file of walk(distDir)) {
  const size = statSync(file).size;
  if (isInSubPackage(relative(distDir, file))) subBytes += size;
  else mainBytes += size;
}

const fmt = (bytes) => `${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB)`;
console.log(`weapp main package: ${fmt(mainBytes)} of ${fmt(LIMIT)} allowed`);
console.log(`sub-packages (${subRoots.join(', ') || 'none'}): ${fmt(subBytes)}`);
if (mainBytes > LIMIT) fail(`main package is ${fmt(mainBytes)}, over the ${fmt(LIMIT)} limit`);
