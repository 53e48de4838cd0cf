// The baseline the grading bench compares with: a tiny node:http + pg server, no auth, no framework, grading attempts
// of the bench's database the way a typical implementation does. Started by scripts/bench/grading.mjs; prints
// "listening <port>" when ready.
//
//   POST /naive {attemptId, answers}  in one READ COMMITTED transaction: read the attempt (answered again if it is
//                                     graded already), read its questions, grade, update the attempt, and pay the pass
//                                     points; nothing stops two submits that read it ungraded from both grading it.
//                                     Each grading is logged in naive_gradings and each payment in naive_points, so
//                                     the bench can count double grades and double payments.
//
//   node scripts/bench/naive-grading-server.mjs <database url> [pool size]
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.argv[2], max: Number(process.argv[3] ?? 20), connectionTimeoutMillis: 30_000 });

await pool.query(`
  create table if not exists naive_gradings (id bigserial primary key, attempt_id uuid not null, score int not null, at timestamptz not null default now());
  create table if not exists naive_points (id bigserial primary key, account_id uuid not null, test_id uuid not null, delta int not null);`);

const sameSet = (a, b) => {
  const x = [...new Set(a)].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

async function grade(attemptId, shown) {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows: found } = await client.query(
      `select a.id, a.account_id, a.test_id, a.question_ids, a.option_orders, a.graded_at, a.score, a.passed, t.pass_percent
       from test_attempts a join learning_tests t on t.id = a.test_id where a.id = $1`,
      [attemptId],
    );
    const attempt = found[0];
    if (!attempt) throw new Error('no such attempt');
    if (attempt.graded_at) {
      await client.query('commit');
      return { score: attempt.score, passed: attempt.passed, again: true };
    }
    const { rows: questions } = await client.query('select id, answer from questions where id = any($1::uuid[])', [attempt.question_ids]);
    const byId = new Map(questions.map((q) => [q.id, q.answer]));
    const answers = attempt.question_ids.map((_, i) => (shown[i] ?? []).map((p) => attempt.option_orders[i][p]));
    const correct = attempt.question_ids.filter((id, i) => sameSet(answers[i], byId.get(id))).length;
    const score = Math.round((100 * correct) / attempt.question_ids.length);
    const passed = score >= attempt.pass_percent;
    await client.query(
      `update test_attempts set answers = $2::jsonb, correct_count = $3, score = $4, passed = $5, timed_out = false, points_earned = $6, graded_at = now() where id = $1`,
      [attemptId, JSON.stringify(answers), correct, score, passed, passed ? 10 : 0],
    );
    await client.query('insert into naive_gradings (attempt_id, score) values ($1, $2)', [attemptId, score]);
    if (passed) await client.query('insert into naive_points (account_id, test_id, delta) values ($1, $2, 10)', [attempt.account_id, attempt.test_id]);
    await client.query('commit');
    return { score, passed, again: false };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', async () => {
    try {
      const { attemptId, answers } = JSON.parse(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await grade(attemptId, answers)));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
    }
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
