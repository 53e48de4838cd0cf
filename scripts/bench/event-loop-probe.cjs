// Preloaded into the bench's server (NODE_OPTIONS=--require …): every 100 ms appends the window's longest event-loop
// delay and its p99 (ms) to $BENCH_ELD_FILE.<pid>, one line `epochMs max p99`. Each process of the tree writes its own.
// Only the main thread: a worker thread (which gets the same preload and the same pid) blocks its own loop on purpose.
const fs = require('node:fs');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { isMainThread } = require('node:worker_threads');

if (process.env.BENCH_ELD_FILE && isMainThread) {
  const file = `${process.env.BENCH_ELD_FILE}.${process.pid}`;
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  setInterval(() => {
    fs.appendFileSync(file, `${Date.now()} ${(h.max / 1e6).toFixed(1)} ${(h.percentile(99) / 1e6).toFixed(1)}\n`);
    h.reset();
  }, 100).unref();
}
