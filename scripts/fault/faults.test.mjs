// The fault suite: the real server, started as a deployment starts it, on a PostgreSQL cluster of the suite's own
// that it kills with kill -9 and starts again, and stopped with SIGTERM under load.
//
//   node --test scripts/fault/     (npm run test:faults; .ci/run runs it)
//
// What must hold (see README, "Faults"): the process stays up through a database outage, answers every request
// meanwhile with 503 and Retry-After, serves again within 5 s of the database accepting connections, loses no
// acknowledged claim and makes none twice; a logout after the outage reaches every instance; SIGTERM under load
// drops no request; the outbox and the background jobs carry on by themselves.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import http from 'node:http';
import pg from 'pg';
import { accessToken, call, login, request, sleep, startCluster, startServer } from './cluster.mjs';

const OUTAGE_MS = 5_000;
const RECOVERY_LIMIT_MS = 5_000;

let cluster;
before(async () => {
  cluster = await startCluster();
});
after(() => cluster?.stop());

/** A fresh database on the suite's cluster, with a superuser pool beside the server's for the checks. */
async function freshDatabase() {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  const name = `union_fault_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A pool for the test's own reads that shrugs off the outage. */
function checkPool(url) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  pool.on('connect', (c) => c.on('error', () => undefined));
  return pool;
}

/** A campaign members claim at a poster code, and `count` members made in SQL with their tokens. */
async function claimsSetup(server, pool, count) {
  const staff = (await login(server.base, '13800000001')).accessToken;
  const me = await call(server.base, 'GET', '/me', staff);
  const orgId = me.json.grants.find((g) => g.role === 'admin').orgId;
  const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString();
  const event = await call(server.base, 'POST', '/staff/events', staff, {
    orgId,
    title: '故障演练',
    place: '新街口暖心驿站',
    startsAt: new Date().toISOString(),
    endsAt: inAYear,
  });
  assert.equal(event.status, 201, JSON.stringify(event.json));
  const poster = await call(server.base, 'POST', `/admin/places/event/${event.json.id}/poster`, staff);
  const campaign = await call(server.base, 'POST', '/admin/benefits', staff, {
    orgId,
    title: '故障演练领取',
    kind: 'gift',
    quota: 1_000_000,
    period: 'once',
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: inAYear,
    eligibleOrgId: orgId,
    places: [{ kind: 'event', id: event.json.id }],
    requiresRotatingCode: false,
  });
  assert.equal(campaign.status, 201, JSON.stringify(campaign.json));
  const { rows } = await pool.query(
    `with a as (insert into accounts (id) select gen_random_uuid() from generate_series(1, $1) returning id),
     numbered as (select id, row_number() over () as n from a)
     insert into memberships (member_no, person_id_hash, account_id, org_id, status, name, gender, id_enc, phone_enc)
     select 'F' || n, 'fault-' || id, id, $2, 'active', '李演练', 'male', 'x', 'x' from numbered returning account_id`,
    [count, orgId],
  );
  return { staff, orgId, campaignId: campaign.json.id, placeToken: poster.json.code, members: rows.map((r) => r.account_id) };
}

describe('PostgreSQL killed with kill -9 under a claims load', () => {
  it('stays up, answers 503 with Retry-After meanwhile, serves within 5 s of the database, and loses or doubles no claim', async () => {
    const url = await freshDatabase();
    const server = await startServer(url, { DATABASE_POOL_SIZE: '20' });
    const pool = checkPool(url);
    try {
      const { campaignId, placeToken, members } = await claimsSetup(server, pool, 60_000);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 40 });
      const answers = []; // { at, status, retryAfter }
      const failures = []; // network errors: the server did not answer
      const acknowledged = new Set();
      let next = 0;
      let stopNew = false;
      const claimUntilAnswered = async (accountId) => {
        const key = randomUUID();
        const token = accessToken(accountId);
        for (;;) {
          let res;
          try {
            res = await request(agent, `${server.base}/benefits/${campaignId}/claims`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
              body: JSON.stringify({ placeToken }),
            });
          } catch (error) {
            failures.push({ at: Date.now(), error: String(error?.code ?? error) });
            await sleep(100);
            if (server.exit()) return;
            continue;
          }
          answers.push({ at: Date.now(), status: res.status, retryAfter: res.headers['retry-after'] });
          if (res.status === 201 || res.status === 200) {
            acknowledged.add(accountId);
            return;
          }
          if (res.status !== 503) return; // recorded: the assertion below names it
          // The same claim again, with the same key, soon: a client that honoured Retry-After exactly would test less.
          await sleep(100);
        }
      };
      const worker = async () => {
        while (!stopNew && next < members.length) await claimUntilAnswered(members[next++]);
      };
      const workers = Array.from({ length: 40 }, worker);

      await sleep(2_000);
      const killedAt = Date.now();
      await cluster.kill();
      await sleep(OUTAGE_MS);
      await cluster.start(); // resolves once the database accepts connections
      const backAt = Date.now();
      await sleep(RECOVERY_LIMIT_MS + 2_000);
      stopNew = true;
      await Promise.all(workers);
      agent.destroy();

      assert.equal(server.exit(), null, `the server exited: ${JSON.stringify(server.exit())}\n${server.output().slice(-3000)}`);
      assert.deepEqual(failures.slice(0, 5), [], 'every request got an HTTP answer');
      const bad = answers.filter((a) => ![200, 201, 503].includes(a.status));
      assert.deepEqual(bad.slice(0, 5), [], 'no answer other than 201 or 503');
      const during = answers.filter((a) => a.at > killedAt && a.at < backAt);
      const unavailable = during.filter((a) => a.status === 503);
      assert.ok(unavailable.length > 0, 'requests were answered while the database was down');
      assert.deepEqual(answers.filter((a) => a.status === 503 && !(Number(a.retryAfter) > 0)).slice(0, 5), [], 'every 503 carries Retry-After');
      const firstOkAfter = answers.find((a) => a.at >= backAt && (a.status === 201 || a.status === 200));
      assert.ok(firstOkAfter, 'claims succeed again after the database is back');
      const recoveryMs = firstOkAfter.at - backAt;
      assert.ok(recoveryMs <= RECOVERY_LIMIT_MS, `served again ${recoveryMs} ms after the database accepted connections`);
      const claimedAfter = answers.filter((a) => a.at >= backAt && a.status === 201).length;

      const { rows } = await pool.query(
        `select (select count(*)::int from benefit_claims where campaign_id = $1) as rows,
                (select count(distinct account_id)::int from benefit_claims where campaign_id = $1) as members,
                (select sum(claimed)::int from benefit_campaign_shards where campaign_id = $1) as counter`,
        [campaignId],
      );
      const counts = rows[0];
      assert.equal(counts.rows, acknowledged.size, 'every acknowledged claim is in the database, and nothing else');
      assert.equal(counts.members, counts.rows, 'no member claimed twice');
      assert.equal(counts.counter, counts.rows, 'the quota counter equals the rows');
      console.log(
        `  kill -9 under load: ${answers.length} answers, ${unavailable.length} × 503 during the ${OUTAGE_MS / 1000} s outage, ` +
          `0 × 5xx other than 503, 0 socket errors; first claim ${recoveryMs} ms after the database was back, ${claimedAfter} claims after; ` +
          `claims = counter = rows = ${counts.rows}`,
      );
    } finally {
      await cluster.ensureUp();
      await pool.end();
      await server.stop();
    }
  });
});

describe('PostgreSQL killed while idle, with two instances', () => {
  it('a logout on instance A is refused by instance B within 2 s of the database coming back, and readiness tells the outage', async () => {
    const url = await freshDatabase();
    const a = await startServer(url);
    const b = await startServer(url, { SEED_DEMO: 'false' });
    try {
      const session = await login(a.base, '13800000002');
      assert.equal((await call(b.base, 'GET', '/me', session.accessToken)).status, 200);
      await cluster.kill();
      // While it is down: readiness 503 on both, and a request is a 503 with Retry-After, not a 500.
      let readyDown;
      for (let i = 0; i < 40 && !readyDown; i++) {
        const r = await call(b.base, 'GET', '/ready');
        if (r.status === 503) readyDown = r.json;
        else await sleep(100);
      }
      assert.ok(readyDown, '/ready turned 503 while the database was down');
      assert.equal(readyDown.database, 'down');
      const meanwhile = await call(a.base, 'GET', '/orgs');
      assert.equal(meanwhile.status, 503);
      assert.ok(Number(meanwhile.headers.get('retry-after')) > 0);
      await sleep(OUTAGE_MS);
      await cluster.start();
      const backAt = Date.now();
      // The logout goes to A as soon as A takes it; B may still be reconnecting its LISTEN connection.
      let logout;
      while (Date.now() - backAt < RECOVERY_LIMIT_MS) {
        logout = await call(a.base, 'POST', '/auth/logout', session.accessToken, { refreshToken: session.refreshToken });
        if (logout.status < 300) break;
        await sleep(50);
      }
      assert.ok(logout.status < 300, `logout on A after the outage: ${logout.status} ${JSON.stringify(logout.json)}`);
      let refusedAt;
      while (Date.now() - backAt < 10_000) {
        const r = await call(b.base, 'GET', '/me', session.accessToken);
        if (r.status === 401) {
          refusedAt = Date.now();
          break;
        }
        await sleep(50);
      }
      assert.ok(refusedAt, 'B refuses the logged-out session');
      assert.ok(refusedAt - backAt <= 2_000, `B refused it ${refusedAt - backAt} ms after the database came back`);
      for (const s of [a, b]) {
        const r = await call(s.base, 'GET', '/ready');
        assert.equal(r.status, 200);
        assert.equal(r.json.listen, 'up');
        assert.equal(s.exit(), null);
      }
      console.log(`  idle kill -9, two instances: logout on A refused by B ${refusedAt - backAt} ms after the database came back`);
    } finally {
      await cluster.ensureUp();
      await b.stop();
      await a.stop();
    }
  });
});

describe('the outbox and the background jobs after an outage', () => {
  it('a notice and a booking reminder that fell due while the database was down are sent once it is back', async () => {
    const url = await freshDatabase();
    const server = await startServer(url, { NOTIFY_DISPATCH_MS: '200', BOOKING_JOBS_MS: '200', BOOKING_REMINDER_MINUTES: '120' });
    const pool = checkPool(url);
    try {
      const staff = (await login(server.base, '13800000001')).accessToken;
      const orgId = (await call(server.base, 'GET', '/me', staff)).json.grants.find((g) => g.role === 'admin').orgId;
      const { rows } = await pool.query(
        `with a as (insert into accounts (id) values (gen_random_uuid()) returning id)
         insert into memberships (member_no, person_id_hash, account_id, org_id, status, name, gender, id_enc, phone_enc)
         select 'FJ1', 'fault-job-' || id, id, $1, 'active', '张演练', 'female', 'x', 'x' from a returning account_id`,
        [orgId],
      );
      const member = rows[0].account_id;
      const service = await call(server.base, 'POST', '/admin/services', staff, {
        kind: 'legal_aid',
        orgId,
        title: '故障演练法律咨询',
        description: '演练',
        place: { address: '北京市西城区新街口外大街甲14号' },
        allowOverlap: true,
        noShowLimit: null,
      });
      assert.equal(service.status, 201, JSON.stringify(service.json));
      // The reminder falls due 4 s from now (120 minutes before the start): in the middle of the outage.
      const startsAt = new Date(Date.now() + 120 * 60_000 + 4_000);
      const slot = await call(server.base, 'POST', `/admin/services/${service.json.id}/slots`, staff, {
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        capacity: 5,
      });
      assert.equal(slot.status, 201, JSON.stringify(slot.json));
      const booking = await call(server.base, 'POST', '/bookings', accessToken(member), { slotId: slot.json.items[0].id });
      assert.equal(booking.status, 201, JSON.stringify(booking.json));
      // And an outbox row that falls due during the outage.
      await pool.query(
        `insert into notifications (account_id, kind, data, dedupe_key, next_attempt_at) values ($1, 'booking_confirmed', '{}'::jsonb, $2, now() + interval '3 seconds')`,
        [member, `fault:${randomUUID()}`],
      );

      await sleep(500);
      await cluster.kill();
      await sleep(OUTAGE_MS);
      await cluster.start();
      const backAt = Date.now();
      let state;
      while (Date.now() - backAt < 15_000) {
        try {
          const r = await pool.query(
            `select count(*) filter (where state = 'pending')::int as pending,
                    count(*) filter (where kind = 'booking_reminder' and state = 'sent')::int as reminders
               from notifications where account_id = $1`,
            [member],
          );
          state = r.rows[0];
          if (state.pending === 0 && state.reminders === 1) break;
        } catch {
          // the check pool reconnecting
        }
        await sleep(200);
      }
      assert.deepEqual(state, { pending: 0, reminders: 1 }, 'every due notice sent, the reminder made and sent once');
      assert.equal(server.exit(), null);
      console.log(`  outbox and booking jobs: resumed and sent within ${((Date.now() - backAt) / 1000).toFixed(1)} s of the database's return`);
    } finally {
      await cluster.ensureUp();
      await pool.end();
      await server.stop();
    }
  });
});

describe('SIGTERM under load', () => {
  it('drops no request: readiness turns 503 at once, the instance serves until the balancer has moved away, then exits', async () => {
    const url = await freshDatabase();
    const server = await startServer(url, { SHUTDOWN_DELAY_MS: '2000' });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    try {
      // The load balancer: polls readiness every 200 ms and sends nothing new once it reads 503.
      let inRotation = true;
      let sawNotReadyAt;
      const balancer = (async () => {
        while (inRotation) {
          try {
            const r = await fetch(`${server.base}/ready`);
            await r.arrayBuffer();
            if (r.status === 503) {
              inRotation = false;
              sawNotReadyAt = Date.now();
              break;
            }
          } catch {
            inRotation = false;
            break;
          }
          await sleep(200);
        }
      })();
      const answers = [];
      const failures = [];
      let sigtermAt = Infinity;
      const client = async () => {
        while (inRotation) {
          try {
            const res = await request(agent, `${server.base}/orgs`);
            answers.push({ at: Date.now(), status: res.status, close: res.headers.connection === 'close' });
          } catch (error) {
            failures.push(String(error?.code ?? error));
          }
        }
      };
      const clients = Array.from({ length: 20 }, client);
      await sleep(1_500);
      sigtermAt = Date.now();
      const exited = server.stop('SIGTERM');
      await Promise.all(clients);
      await balancer;
      const exit = await exited;
      assert.deepEqual(failures.slice(0, 5), [], 'no socket error, no request without an answer');
      const bad = answers.filter((a) => a.status !== 200);
      assert.deepEqual(bad.slice(0, 5), [], 'every request answered 200');
      const afterSignal = answers.filter((a) => a.at >= sigtermAt);
      assert.ok(afterSignal.length > 0, 'requests sent after the signal were still served');
      assert.ok(
        afterSignal.some((a) => a.close),
        'answers after the signal close their connection',
      );
      assert.ok(sawNotReadyAt !== undefined, 'readiness turned 503 before the instance stopped listening');
      assert.deepEqual(exit, { code: 0, signal: null });
      console.log(
        `  SIGTERM under load: ${answers.length} answers, ${afterSignal.length} after the signal, 0 socket errors, 0 lost; readiness 503 ${sawNotReadyAt - sigtermAt} ms after the signal`,
      );
    } finally {
      agent.destroy();
      await server.stop('SIGKILL');
    }
  });
});
