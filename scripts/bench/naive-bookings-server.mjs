// The baselines the bookings bench compares with: a tiny node:http + pg server, no auth, no framework, on tables of its
// own in the bench's database. Started by scripts/bench/bookings.mjs; prints "listening <port>" when ready.
//
//   POST /naive   {slotId, accountId}  count the slot's bookings, then insert (booked or waitlisted), in one READ
//                                      COMMITTED transaction: what a typical implementation does; overbooks in a race.
//   POST /guarded {slotId, accountId}  one statement: a guarded increment of the slot's count plus the insert (the
//                                      "single-statement" design: correct, no waitlist positions, no rules).
//
//   node scripts/bench/naive-bookings-server.mjs <database url> [pool size]
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.argv[2], max: Number(process.argv[3] ?? 20), connectionTimeoutMillis: 30_000 });

await pool.query(`
  create table if not exists naive_slots (id int primary key, capacity int not null, taken int not null default 0);
  create table if not exists naive_bookings (id bigserial primary key, slot_id int not null, account_id uuid not null, status text not null, created_at timestamptz not null default now());
  create index if not exists naive_bookings_slot on naive_bookings (slot_id);`);

async function naive(slotId, accountId) {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query('select count(*)::int as n from naive_bookings where slot_id = $1', [slotId]);
    const { rows: slot } = await client.query('select capacity from naive_slots where id = $1', [slotId]);
    const booked = rows[0].n < slot[0].capacity;
    await client.query('insert into naive_bookings (slot_id, account_id, status) values ($1, $2, $3)', [slotId, accountId, booked ? 'booked' : 'waitlisted']);
    await client.query('commit');
    return { status: booked ? 'booked' : 'waitlisted', position: booked ? null : rows[0].n - slot[0].capacity + 1 };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function guarded(slotId, accountId) {
  const { rows } = await pool.query(
    `with s as (update naive_slots set taken = taken + 1 where id = $1 and taken < capacity returning id)
     insert into naive_bookings (slot_id, account_id, status) select $1, $2, case when exists (select 1 from s) then 'booked' else 'waitlisted' end
     returning status`,
    [slotId, accountId],
  );
  return { status: rows[0].status };
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', async () => {
    try {
      const { slotId, accountId } = JSON.parse(body);
      const out = req.url === '/guarded' ? await guarded(slotId, accountId) : await naive(slotId, accountId);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
    }
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
