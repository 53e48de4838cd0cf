// Measures the H5 first load with Lighthouse (mobile form factor, default simulated throttling) on `/`
// of the H5 build already in miniapp/dist/h5, served by our own server (compressed, as in production)
// on a free port against a fresh PGlite directory. Builds nothing: run `npm run build:h5` first.
//
// Lighthouse is not a project dependency. Install it once outside the repository:
//   mkdir -p /tmp/lh && cd /tmp/lh && npm init -y && npm i lighthouse chrome-launcher
// then:
//   LIGHTHOUSE_DIR=/tmp/lh CHROME_PATH=/usr/bin/chromium node miniapp/scripts/measure-h5.mjs [runs=5]
//
// Prints each run and the median (with min-max spread) of time to interactive, LCP, FCP, total
// blocking time and the JavaScript bytes transferred. MEASURE_URL measures another running server
// instead of starting ours; H5_DIR serves another H5 build (say, a copy of main's) instead of
// miniapp/dist/h5; LH_REPORT_DIR keeps each run's full Lighthouse report (JSON) there.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../../scripts/e2e/server.mjs';

const runs = Number(process.argv[2] ?? process.env.RUNS ?? 5);
const lighthouseDir = resolve(process.env.LIGHTHOUSE_DIR ?? '/tmp/lh');
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function importFrom(dir, name) {
  const require = createRequire(join(dir, 'package.json'));
  let entry;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(`${name} not found under ${dir}: install it there (see the top of this script) or set LIGHTHOUSE_DIR`);
  }
  return import(pathToFileURL(entry).href);
}

const { default: lighthouse } = await importFrom(lighthouseDir, 'lighthouse');
const chromeLauncher = await importFrom(lighthouseDir, 'chrome-launcher');

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (v) => `${Math.round(v)} ms`;
const kib = (v) => `${(v / 1024).toFixed(1)} KiB`;

const server = process.env.MEASURE_URL ? null : await startServer({ staticDir: process.env.H5_DIR ? resolve(process.env.H5_DIR) : undefined });
const url = `${process.env.MEASURE_URL ?? server.baseUrl}/`;
const results = [];
let failures = 0;
try {
  for (let i = 0; i < runs; i += 1) {
    // A fresh browser per run: nothing cached between runs.
    const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS });
    try {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
      });
      if (result.lhr.runtimeError) {
        // A busy machine now and then spoils a trace (NO_NAVSTART, NO_FCP): run again, a few times at most.
        failures += 1;
        if (failures > 3) throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`);
        console.log(`run ${i + 1}/${runs}: ${result.lhr.runtimeError.code}, running it again`);
        i -= 1;
        continue;
      }
      const { audits } = result.lhr;
      const jsBytes = (audits['network-requests'].details?.items ?? [])
        .filter((item) => item.resourceType === 'Script')
        .reduce((sum, item) => sum + (item.transferSize ?? 0), 0);
      const run = {
        tti: audits.interactive.numericValue,
        lcp: audits['largest-contentful-paint'].numericValue,
        fcp: audits['first-contentful-paint'].numericValue,
        tbt: audits['total-blocking-time'].numericValue,
        js: jsBytes,
      };
      results.push(run);
      if (process.env.LH_REPORT_DIR) {
        mkdirSync(process.env.LH_REPORT_DIR, { recursive: true });
        writeFileSync(join(process.env.LH_REPORT_DIR, `run-${i + 1}.json`), result.report);
      }
      console.log(
        `run ${i + 1}/${runs}: TTI ${ms(run.tti)}, LCP ${ms(run.lcp)}, FCP ${ms(run.fcp)}, TBT ${ms(run.tbt)}, JS ${kib(run.js)}`,
      );
    } finally {
      await chrome.kill();
    }
  }
} finally {
  await server?.stop();
}

const summary = (key, fmt) => {
  const values = results.map((r) => r[key]);
  return `${fmt(median(values))} (${fmt(Math.min(...values))}-${fmt(Math.max(...values))})`;
};
console.log(`\n${url} — median of ${results.length} runs (min-max):`);
console.log(`  TTI ${summary('tti', ms)}`);
console.log(`  LCP ${summary('lcp', ms)}`);
console.log(`  FCP ${summary('fcp', ms)}`);
console.log(`  TBT ${summary('tbt', ms)}`);
console.log(`  JS  ${summary('js', kib)} transferred`);
