// The baseline the contest-ranking bench compares with: a tiny node:http + pg server, no auth, no framework, reading the
// bench's database the way a first implementation would: every request computes each member's best attempt (score
// first, then the time it took) from all the contest's attempts, ranks them with a window function, and for units
// joins the members' unions and counts every union's members. Started by scripts/bench/contest-ranking.mjs; prints
// "listening <port>" when ready.
//
//   GET /top?contest=<id>&limit=100     the first places
//   GET /rank?contest=<id>&account=<id> one member's place
//   GET /units?contest=<id>             the unions right under the contest's union: participants, members, rate
//
//   node scripts/bench/naive-contest-server.mjs <database url> [pool size]
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.argv[2], max: Number(process.argv[3] ?? 20), connectionTimeoutMillis: 30_000 });

const BEST = `
  best as (
    select distinct on (account_id) account_id, score, round(extract(epoch from graded_at - started_at) * 1000)::int as ms
    from test_attempts where test_id = $1 and graded_at is not null
    order by account_id, score desc, graded_at - started_at
  ),
  ranked as (select account_id, score, ms, rank() over (order by score desc, ms) as rank from best)`;

async function top(contest, limit) {
  const { rows } = await pool.query(
    `with ${BEST}
     select r.rank, r.score, r.ms, m.name, o.name as org_name
     from ranked r join memberships m on m.account_id = r.account_id and m.status <> 'left' join orgs o on o.id = m.org_id
     order by r.rank, r.account_id limit $2`,
    [contest, limit],
  );
  return rows;
}

async function rank(contest, account) {
  const { rows } = await pool.query(`with ${BEST} select rank, score, ms from ranked where account_id = $2`, [contest, account]);
  return rows[0] ?? null;
}

async function units(contest) {
  const { rows } = await pool.query(
    `with ${BEST},
     c as (select o.id, o.path from learning_tests t join orgs o on o.id = t.org_id where t.id = $1),
     u as (select o.id, o.name, o.path from orgs o, c where o.parent_id = c.id),
     took as (select o.path from best b join memberships m on m.account_id = b.account_id and m.status <> 'left' join orgs o on o.id = m.org_id),
     members as (select o.path from memberships m join orgs o on o.id = m.org_id where m.status <> 'left')
     select u.name,
       (select count(*) from took t where t.path = u.path or t.path like u.path || '.%')::int as participants,
       (select count(*) from members x where x.path = u.path or x.path like u.path || '.%')::int as members
     from u order by 2 desc`,
    [contest],
  );
  return rows.map((r) => ({ ...r, rate: r.members ? r.participants / r.members : null })).sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1));
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    const contest = url.searchParams.get('contest');
    const out =
      url.pathname === '/top'
        ? await top(contest, Number(url.searchParams.get('limit') ?? 100))
        : url.pathname === '/rank'
          ? await rank(contest, url.searchParams.get('account'))
          : await units(contest);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
  } catch (error) {
    res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
  }
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
