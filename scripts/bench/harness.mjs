// Pieces the benchmarks share.
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** Every process's name, parent and CPU time (user + system, ms) from /proc; null where /proc is missing. */
function processStats() {
  let entries;
  try {
    entries = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const stats = new Map();
  for (const pid of entries) {
    try {
      const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      // After the name: state(0) ppid(1) … utime(11) stime(12)
      stats.set(Number(pid), {
        name: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')),
        ppid: Number(fields[1]),
        cpu: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
      });
    } catch {
      // gone meanwhile
    }
  }
  return stats;
}

/**
 * CPU time (user + system, ms) used so far by a process and all its descendants, from /proc. The server is a
 * process tree (tsx starts node; the cluster starts workers). CPU per request hardly moves with what else the
 * machine is doing, unlike requests per second, so it is the figure to compare between runs on a busy machine.
 * Returns null where /proc is missing.
 */
export function treeCpuMs(rootPid) {
  const stats = processStats();
  if (!stats) return null;
  let total = 0;
  for (const pid of treePids(stats, rootPid)) total += stats.get(pid)?.cpu ?? 0;
  return total;
}

/** A process and all its descendants. */
function treePids(stats, rootPid) {
  const inTree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, s] of stats) {
      if (!inTree.has(pid) && inTree.has(s.ppid)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  return inTree;
}

/**
 * How long (ms) the main thread of each process of a tree has so far waited for a CPU while it was ready to run
 * (/proc/<pid>/schedstat, second field), by pid; null where /proc is missing. For a Node server the main thread is
 * its event loop, the path every request takes: the growth over a phase is what the machine's other work added to
 * that phase's latency, near 0 on a quiet machine (see runQueueWaitMs).
 */
export function treeRunQueueWait(rootPid) {
  const stats = processStats();
  if (!stats) return null;
  const waits = new Map();
  for (const pid of treePids(stats, rootPid)) {
    try {
      waits.set(pid, Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6);
    } catch {
      // gone meanwhile, or no schedstat in this kernel
    }
  }
  return waits;
}

/** The largest growth of one process's wait between two treeRunQueueWait readings (ms): the server's event loop's. */
export function runQueueWaitMs(before, after) {
  if (!before || !after) return null;
  let most = 0;
  for (const [pid, ms] of after) most = Math.max(most, ms - (before.get(pid) ?? ms));
  return most;
}

/**
 * CPU time (user + system, ms) used so far by every process of one name, for example `postgres`: PostgreSQL's
 * backends, WAL writer and checkpointer together. Processes that ended are missed, so compare two readings taken
 * while the same backends live. Null where /proc is missing.
 */
export function namedCpuMs(name) {
  const stats = processStats();
  if (!stats) return null;
  let total = 0;
  for (const s of stats.values()) if (s.name === name) total += s.cpu;
  return total;
}

/**
 * CPU time (ms) used so far by the PostgreSQL backends serving one database (their process titles name it), from
 * /proc: the database's share of the work, apart from other databases on a shared server. Only one server of a bench
 * is busy at a time, so a difference over a phase is that phase's. Null where /proc is missing.
 */
export function databaseCpuMs(dbName) {
  let entries;
  try {
    entries = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  let total = 0;
  for (const pid of entries) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${dbName} `)) continue;
      const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

export const loadLine = () =>
  `machine: ${os.cpus().length} cores, load average before the runs ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;

/** A port nothing listens on now, for the bench's own server. */
export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Waits for the server's readiness probe (`GET <base>/ready`), up to a minute. */
export async function waitReady(base) {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    if (i > 120) throw new Error('server did not become ready');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Resident memory of a process tree's largest process (the server itself, not tsx's launcher), in MB. */
export function rssMb(rootPid) {
  let best = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      if (Number(pid) !== rootPid && ppid !== rootPid) continue;
      best = Math.max(best, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  return Math.round(best);
}

/**
 * A token signer as the server signs access tokens (HS256, issuer and audience pinned), for a server started with
 * `JWT_SECRET=secret`: benches and the fault suite play members they made in SQL.
 */
export function accessTokenSigner(secret) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return (accountId) => {
    const now = Math.floor(Date.now() / 1000);
    const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: accountId, typ: 'access', sid: randomUUID(), iat: now, exp: now + 900, iss: 'union-app', aud: 'union-app' })}`;
    return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
  };
}

/**
 * BENCH_FIGURES_TRIGGERS=off disables the figures' capture triggers (figures_* on applications, bookings,
 * benefit_claims, service_cards; docs/capabilities/figures.md) on the bench's throwaway database, to measure what they
 * cost the writers in a paired run. Says which way it ran.
 */
export async function figuresTriggers(db) {
  const off = process.env.BENCH_FIGURES_TRIGGERS === 'off';
  const count = await setFiguresTriggers(db, !off);
  const line = `figures triggers: ${off ? `OFF (${count} disabled, BENCH_FIGURES_TRIGGERS=off)` : `on (${count})`}`;
  console.log(line);
  return line;
}

/** Turns the figures' capture triggers on or off (the server's next statements see it); how many there are. */
export async function setFiguresTriggers(db, on) {
  const { rows } = await db.query(
    `select t.tgname as name, c.relname as "table" from pg_trigger t join pg_class c on c.oid = t.tgrelid
     where t.tgname like 'figures\\_%' and c.relname in ('applications', 'bookings', 'benefit_claims', 'service_cards') order by 2, 1`,
  );
  for (const r of rows) await db.query(`alter table "${r.table}" ${on ? 'enable' : 'disable'} trigger "${r.name}"`);
  return rows.length;
}
