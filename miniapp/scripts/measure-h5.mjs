// Measures the H5 first load with Lighthouse (mobile form factor, default simulated throttling) on `/` (or MEASURE_PATH:
// the stall QR's join page is `MEASURE_PATH='/#/pages/join/index?event=XJKQSQ26'`, the demo stall) of the H5 build already in miniapp/dist/h5, served by our own server (compressed, as in production)
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
//
// PROTOCOL=h2 measures the page as a deployment serves it: over TLS with HTTP/2 from the proxy in front of
// the servers (README, Deployment). A small TLS + HTTP/2 proxy (node:http2, a throwaway self-signed
// certificate made with openssl) forwards to our server, and chromium is told to accept the certificate.
// Lighthouse's simulation then models one TLS connection that the scripts and API requests share, as on a
// phone; PROTOCOL=h1 (the default) is plain HTTP/1.1 without TLS, straight to our server.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../../scripts/e2e/server.mjs';

const runs = Number(process.argv[2] ?? process.env.RUNS ?? 5);
const lighthouseDir = resolve(process.env.LIGHTHOUSE_DIR ?? '/tmp/lh');
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const protocol = process.env.PROTOCOL ?? 'h1';
if (!['h1', 'h2'].includes(protocol)) throw new Error('PROTOCOL is h1 or h2');
const CHROME_FLAGS = [
  ...(protocol === 'h2' ? ['--ignore-certificate-errors'] : []),
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
const upstream = process.env.MEASURE_URL ?? server.baseUrl;
const proxy = protocol === 'h2' ? await startTlsProxy(upstream) : null;
const url = `${proxy?.baseUrl ?? upstream}${process.env.MEASURE_PATH ?? '/'}`;
if (proxy && upstream.startsWith('https:')) throw new Error('PROTOCOL=h2 proxies to an http:// server; MEASURE_URL is https');
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
        ...(process.env.LH_ARTIFACTS ? { gatherMode: join(process.env.LH_ARTIFACTS, `run-${i + 1}`) } : {}),
      });
      if (!result) {
        // LH_ARTIFACTS: Lighthouse gathered (trace, devtools log) and audited nothing.
        console.log(`run ${i + 1}/${runs}: artifacts in ${join(process.env.LH_ARTIFACTS, `run-${i + 1}`)}`);
        continue;
      }
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
      console.log(`run ${i + 1}/${runs}: TTI ${ms(run.tti)}, LCP ${ms(run.lcp)}, FCP ${ms(run.fcp)}, TBT ${ms(run.tbt)}, JS ${kib(run.js)}`);
    } finally {
      await chrome.kill();
    }
  }
} finally {
  await proxy?.stop();
  await server?.stop();
}

if (results.length === 0) process.exit(0);
const summary = (key, fmt) => {
  const values = results.map((r) => r[key]);
  return `${fmt(median(values))} (${fmt(Math.min(...values))}-${fmt(Math.max(...values))})`;
};
console.log(`\n${url} (${protocol === 'h2' ? 'TLS + HTTP/2 proxy' : 'HTTP/1.1, no TLS'}) — median of ${results.length} runs (min-max):`);
console.log(`  TTI ${summary('tti', ms)}`);
console.log(`  LCP ${summary('lcp', ms)}`);
console.log(`  FCP ${summary('fcp', ms)}`);
console.log(`  TBT ${summary('tbt', ms)}`);
console.log(`  JS  ${summary('js', kib)} transferred`);

/**
 * A TLS + HTTP/2 reverse proxy on a free port in front of `target` (HTTP/1.1), as nginx or a cloud load balancer
 * terminates TLS and HTTP/2 in front of the servers. Forwards method, path, headers and body both ways, and adds
 * the X-Forwarded-* headers a proxy sends.
 */
async function startTlsProxy(target) {
  const dir = mkdtempSync(join(tmpdir(), 'measure-h5-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const targetUrl = new URL(target);
  const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'host']);
  const proxyServer = http2.createSecureServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')), allowHTTP1: true },
    (req, res) => {
      const headers = {};
      for (const [name, value] of Object.entries(req.headers)) if (!name.startsWith(':') && !HOP.has(name)) headers[name] = value;
      headers['x-forwarded-proto'] = 'https';
      headers['x-forwarded-for'] = req.socket.remoteAddress;
      const up = http.request({ hostname: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers, agent }, (upRes) => {
        const out = {};
        for (const [name, value] of Object.entries(upRes.headers)) if (!HOP.has(name)) out[name] = value;
        res.writeHead(upRes.statusCode, out);
        upRes.pipe(res);
      });
      // A stream the browser cancels: stop reading upstream, so its connection goes back to the agent.
      res.on('close', () => {
        if (!res.writableFinished) up.destroy();
      });
      up.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(up);
    },
  );
  await new Promise((r) => proxyServer.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `https://127.0.0.1:${proxyServer.address().port}`,
    stop: async () => {
      await new Promise((r) => proxyServer.close(r));
      agent.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
