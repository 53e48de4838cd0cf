// Checks that package-lock.json records every platform's native binaries, and repairs it.
//
//   node scripts/lockfile.mjs          check; exit 1 with the list of missing entries
//   node scripts/lockfile.mjs --warn   the same, but only warn (postinstall)
//   node scripts/lockfile.mjs --fix    add the missing entries from the registry, then let npm normalise the file
//
// Why: packages such as @swc/core, esbuild, lightningcss and unrs-resolver ship their native code as
// optionalDependencies, one package per platform (@swc/core-darwin-arm64, @esbuild/win32-x64, ...).
// npm sometimes writes a lockfile that records only the binaries of the machine it ran on, or keeps
// another version's binaries in their slots (npm/cli #4828, #8320). `npm ci` then refuses the file
// ("Missing: @swc/core-darwin-arm64@1.16.22 from lock file"), and a clone on macOS or Windows gets no
// binary at all. npm does not put such entries back by itself: a missing optional entry looks to it
// like one that was skipped on purpose, so `npm install` leaves the file as it is.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCKFILE = path.join(ROOT, 'package-lock.json');

/**
 * Optional platform packages their authors never published for this version; npm skips them on
 * every platform, so they can't be in any lockfile. @tarojs/binding is used only by `taro create`
 * (project scaffolding), never by a build. Re-check these when the version changes.
 */
const NOT_PUBLISHED = new Set([
  '@tarojs/binding-darwin-arm64@4.2.1',
  '@tarojs/binding-darwin-x64@4.2.1',
  '@tarojs/binding-linux-arm64-gnu@4.2.1',
  '@tarojs/binding-win32-x64-msvc@4.2.1',
]);

const EXACT = /^\d+\.\d+\.\d+(-[\w.]+)?$/;

function readLock() {
  return JSON.parse(fs.readFileSync(LOCKFILE, 'utf8'));
}

/** Node's lookup from a lockfile location: its own node_modules, then each ancestor's, then the root's. */
function resolveFrom(packages, from, name) {
  let loc = from;
  for (;;) {
    const candidate = `${loc ? `${loc}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!loc) return null;
    const i = loc.lastIndexOf('/node_modules/');
    loc = i >= 0 ? loc.slice(0, i) : '';
  }
}

/** Every optional dependency edge in the lockfile that does not land on an entry of the pinned version. */
export function findMissing(lock) {
  const packages = lock.packages ?? {};
  const missing = [];
  for (const [loc, entry] of Object.entries(packages)) {
    if (entry.link) continue;
    for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
      if (NOT_PUBLISHED.has(`${name}@${spec}`)) continue;
      const at = resolveFrom(packages, loc, name);
      const found = at ? packages[at].version : undefined;
      // Platform packages are pinned to one version; for a range (fsevents@~2.3.2) presence is enough here.
      const ok = EXACT.test(spec) ? found === spec : at !== null;
      if (!ok) missing.push({ from: loc, name, version: spec, found: at ? `${found} at ${at}` : undefined });
    }
  }
  return missing;
}

function describe(missing) {
  return missing.map((m) => `  ${m.name}@${m.version}  (needed by ${m.from || '(root)'}${m.found ? `; the lockfile has ${m.found}` : ''})`).join('\n');
}

const HOW_TO_FIX = 'Run `npm run lock:fix` (adds the entries from the registry without changing any other version), then commit package-lock.json.';

function npm(args, options = {}) {
  const cmd = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32', ...options });
}

/** Registry metadata of the version a spec names (the highest one for a range), or null when none is published. */
function view(spec) {
  try {
    const out = JSON.parse(npm(['view', spec, '--json']));
    const meta = Array.isArray(out) ? out.at(-1) : out; // a range lists every matching version, oldest first
    return meta?.dist?.integrity ? meta : null;
  } catch {
    return null;
  }
}

/** Where the new entry goes: hoisted when the name is free all the way up, else right under the package needing it. */
function placeFor(packages, from, name) {
  const at = resolveFrom(packages, from, name);
  if (!at) return `node_modules/${name}`;
  const own = `${from ? `${from}/` : ''}node_modules/${name}`;
  if (at === own) throw new Error(`${own} holds another version; remove it from the lockfile and run again`);
  return own;
}

function fix() {
  const lock = readLock();
  const missing = findMissing(lock);
  if (missing.length === 0) {
    console.log("package-lock.json already records every platform's binaries.");
    return 0;
  }
  console.log(`Adding ${missing.length} missing platform entries to package-lock.json:\n${describe(missing)}\n`);
  const omitResolved = omitsResolved(lock);
  const metadata = new Map();
  const unpublished = [];
  for (const m of missing) {
    const key = `${m.name}@${m.version}`;
    if (!metadata.has(key)) metadata.set(key, view(key));
    const meta = metadata.get(key);
    if (!meta) {
      unpublished.push(key);
      continue;
    }
    const entry = { version: meta.version, integrity: meta.dist.integrity };
    if (!omitResolved) entry.resolved = meta.dist.tarball;
    for (const field of ['cpu', 'license', 'os', 'libc', 'engines']) if (meta[field]) entry[field] = meta[field];
    entry.optional = true;
    lock.packages[placeFor(lock.packages, m.from, m.name)] = entry;
  }
  lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))));
  fs.writeFileSync(LOCKFILE, `${JSON.stringify(lock, null, 2)}\n`);
  // npm recomputes the dev/optional flags and the layout; it keeps entries that are now valid.
  npm(['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  const left = findMissing(readLock()).filter((m) => !unpublished.includes(`${m.name}@${m.version}`));
  if (unpublished.length > 0) {
    console.log(`\nNot on the registry (add them to NOT_PUBLISHED in scripts/lockfile.mjs if that is expected):\n  ${[...new Set(unpublished)].join('\n  ')}`);
  }
  if (left.length > 0) {
    console.error(`\nStill missing after the repair:\n${describe(left)}`);
    return 1;
  }
  console.log("\npackage-lock.json now records every platform's binaries. Check with `npm ci --dry-run --ignore-scripts`, then commit it.");
  return unpublished.length > 0 ? 1 : 0;
}

/** Follow the file's existing style: registry entries either all carry `resolved` or none do (omit-lockfile-registry-resolved). */
function omitsResolved(lock) {
  return !Object.values(lock.packages ?? {}).some((e) => typeof e.resolved === 'string' && /^https?:/.test(e.resolved));
}

function main() {
  const mode = process.argv[2];
  if (mode === '--fix') return fix();
  if (!fs.existsSync(LOCKFILE)) return 0;
  const missing = findMissing(readLock());
  if (missing.length === 0) {
    if (mode !== '--warn') console.log("package-lock.json records every platform's binaries.");
    return 0;
  }
  const message = `package-lock.json lacks other platforms' native binaries, so \`npm ci\` fails on a fresh clone and on macOS or Windows:\n${describe(missing)}\n${HOW_TO_FIX}`;
  if (mode === '--warn') {
    console.warn(`\nWARNING: ${message}\n`);
    return 0;
  }
  console.error(message);
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
