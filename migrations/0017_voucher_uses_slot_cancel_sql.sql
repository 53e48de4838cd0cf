-- custom: a slot the union cancelled (service_slots.cancelled_at) takes no bookings: book_batch (0015) answers
-- 'cancelled' for it, checked under the slot lock that the cancel takes too, so no booking lands after the cancel
-- commits. Otherwise the function is 0015's.
--
-- Vouchers used more than once (4×40元): a claim already redeemed under the single-use rule counts as its one use.
UPDATE benefit_claims SET uses_redeemed = 1 WHERE redeemed_at IS NOT NULL AND uses_redeemed = 0;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION book_batch(p_requests jsonb, p_no_show_window_days int, p_no_show_block_days int)
RETURNS TABLE (
  ord int, outcome text, booking_id uuid, queue_no int, "position" int, blocked_until timestamptz,
  service_id uuid, slot_starts_at timestamptz, slot_ends_at timestamptz, cancel_cutoff_minutes int,
  service_kind text, service_title text, service_address text, org_name text
)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
  -- Members first, then slots: the order in which the single-booking path of earlier releases took them, so
  -- instances of both during a rolling deploy cannot deadlock each other.
  PERFORM pg_advisory_xact_lock(x.k) FROM (
    SELECT DISTINCT hashtextextended('booking:' || (e->>'account_id'), 0) AS k
    FROM jsonb_array_elements(p_requests) e
    JOIN service_slots sl ON sl.id = (e->>'slot_id')::uuid
    JOIN services sv ON sv.id = sl.service_id
    WHERE sv.limit_count IS NOT NULL
    ORDER BY 1
  ) x;
  PERFORM 1 FROM service_slots sl
    WHERE sl.id IN (SELECT (e->>'slot_id')::uuid FROM jsonb_array_elements(p_requests) e)
    ORDER BY sl.id FOR NO KEY UPDATE;
  RETURN QUERY
  WITH r AS (
    SELECT * FROM jsonb_to_recordset(p_requests) AS q(ord int, slot_id uuid, booking_id uuid, account_id uuid, at timestamptz)
  ),
  s AS (
    SELECT sl.id, sl.capacity, sl.taken, sl.waitlisted, sl.waitlist_seq, sl.starts_at, sl.ends_at, sl.cancelled_at,
      sv.id AS service_id, sv.active, sv.limit_count, sv.no_show_limit, sv.cancel_cutoff_minutes, sv.kind::text AS kind,
      sv.title, sv.address, owner.name AS org_name, el.path AS eligible_path,
      greatest(sl.capacity - sl.taken, 0) AS free,
      CASE WHEN sv.limit_period IN ('week', 'month', 'year')
        THEN date_trunc(sv.limit_period::text, sl.starts_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' END AS lim_from,
      CASE WHEN sv.limit_period IN ('week', 'month', 'year')
        THEN (date_trunc(sv.limit_period::text, sl.starts_at AT TIME ZONE 'Asia/Shanghai') + ('1 ' || sv.limit_period::text)::interval) AT TIME ZONE 'Asia/Shanghai' END AS lim_to
    FROM service_slots sl
    JOIN services sv ON sv.id = sl.service_id
    JOIN orgs owner ON owner.id = sv.org_id
    JOIN orgs el ON el.id = sv.eligible_org_id
    WHERE sl.id IN (SELECT r.slot_id FROM r)
  ),
  m AS (
    SELECT r.ord, x.path FROM r CROSS JOIN LATERAL (
      SELECT o.path FROM current_memberships ms JOIN orgs o ON o.id = ms.org_id
      WHERE ms.account_id = r.account_id ORDER BY ms.joined_at DESC LIMIT 1
    ) x
  ),
  prior AS (
    SELECT r.ord, x.id FROM r CROSS JOIN LATERAL (
      SELECT b.id FROM bookings b
      WHERE b.slot_id = r.slot_id AND b.account_id = r.account_id AND b.status IN ('booked', 'waitlisted', 'offered', 'checked_in', 'no_show')
      LIMIT 1
    ) x
  ),
  ns AS (
    SELECT r.ord, x.n, x.latest FROM r JOIN s ON s.id = r.slot_id AND s.no_show_limit IS NOT NULL
    CROSS JOIN LATERAL (
      SELECT count(*) AS n, max(b.slot_starts_at) AS latest FROM bookings b
      WHERE b.account_id = r.account_id AND b.status = 'no_show' AND b.slot_starts_at > r.at - make_interval(days => p_no_show_window_days)
    ) x
  ),
  lim AS (
    SELECT r.ord, x.n FROM r JOIN s ON s.id = r.slot_id AND s.limit_count IS NOT NULL
    CROSS JOIN LATERAL (
      SELECT count(*) AS n FROM bookings b
      WHERE b.account_id = r.account_id AND b.service_id = s.service_id
        AND b.status IN ('booked', 'waitlisted', 'offered', 'checked_in', 'no_show')
        AND (s.lim_from IS NULL OR b.slot_starts_at >= s.lim_from) AND (s.lim_to IS NULL OR b.slot_starts_at < s.lim_to)
    ) x
  ),
  chk AS (
    SELECT r.ord, r.slot_id, r.booking_id, r.account_id, r.at,
      CASE
        WHEN m.path IS NULL THEN 'not_member'
        WHEN s.id IS NULL OR NOT s.active THEN 'slot_not_found'
        WHEN NOT (m.path = s.eligible_path OR starts_with(m.path, s.eligible_path || '.')) THEN 'not_eligible'
        WHEN s.cancelled_at IS NOT NULL THEN 'cancelled'
        WHEN s.starts_at <= r.at THEN 'closed'
        WHEN p.id IS NOT NULL THEN 'existing'
        WHEN ns.n >= s.no_show_limit AND ns.latest + make_interval(days => p_no_show_block_days) > r.at THEN 'blocked'
        WHEN lim.n >= s.limit_count THEN 'limit'
        ELSE 'ok'
      END AS verdict,
      p.id AS prior_id,
      ns.latest + make_interval(days => p_no_show_block_days) AS until
    FROM r
    LEFT JOIN s ON s.id = r.slot_id
    LEFT JOIN m ON m.ord = r.ord
    LEFT JOIN prior p ON p.ord = r.ord
    LEFT JOIN ns ON ns.ord = r.ord
    LEFT JOIN lim ON lim.ord = r.ord
  ),
  -- The same member twice on one slot in this batch: the first books, the others are answered with its booking.
  firsts AS (
    SELECT c.*, first_value(c.booking_id) OVER w AS first_id, row_number() OVER w AS dup
    FROM chk c WHERE c.verdict = 'ok'
    WINDOW w AS (PARTITION BY c.slot_id, c.account_id ORDER BY c.ord)
  ),
  -- One member's bookings of several slots of a limited service in this batch count towards the limit in order.
  within AS (
    SELECT f.*, (s.limit_count IS NULL OR coalesce(l.n, 0) + row_number() OVER (PARTITION BY f.account_id, s.service_id, s.lim_from ORDER BY f.ord) <= s.limit_count) AS under
    FROM firsts f JOIN s ON s.id = f.slot_id LEFT JOIN lim l ON l.ord = f.ord
    WHERE f.dup = 1
  ),
  cand AS (
    SELECT w.*, row_number() OVER (PARTITION BY w.slot_id ORDER BY w.ord) AS rn FROM within w WHERE w.under
  ),
  alloc AS (
    SELECT c.ord, c.booking_id, c.slot_id, c.account_id, c.at, s.service_id, s.starts_at, s.title, s.address,
      c.rn <= s.free AS booked,
      CASE WHEN c.rn > s.free THEN (s.waitlist_seq + c.rn - s.free)::int END AS queue_no,
      CASE WHEN c.rn > s.free THEN (s.waitlisted + c.rn - s.free)::int END AS pos
    FROM cand c JOIN s ON s.id = c.slot_id
  ),
  ins AS (
    INSERT INTO bookings (id, slot_id, service_id, account_id, status, queue_no, slot_starts_at, created_at, updated_at)
    SELECT a.booking_id, a.slot_id, a.service_id, a.account_id, (CASE WHEN a.booked THEN 'booked' ELSE 'waitlisted' END)::booking_status, a.queue_no, a.starts_at, a.at, a.at
    FROM alloc a
    RETURNING id
  ),
  upd AS (
    UPDATE service_slots sl SET taken = sl.taken + g.nb, waitlisted = sl.waitlisted + g.nw, waitlist_seq = sl.waitlist_seq + g.nw
    FROM (SELECT a.slot_id, count(*) FILTER (WHERE a.booked)::int AS nb, count(*) FILTER (WHERE NOT a.booked)::int AS nw FROM alloc a GROUP BY a.slot_id) g
    WHERE sl.id = g.slot_id
    RETURNING sl.id
  ),
  note AS (
    INSERT INTO notifications (account_id, kind, data, dedupe_key)
    SELECT a.account_id, 'booking_confirmed',
      jsonb_build_object('title', a.title, 'time', to_char(a.starts_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), 'place', a.address, 'note', '预约成功'),
      'booking_confirmed:' || a.booking_id
    FROM alloc a WHERE a.booked
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id
  )
  SELECT r.ord,
    CASE
      WHEN a.ord IS NOT NULL THEN CASE WHEN a.booked THEN 'booked' ELSE 'waitlisted' END
      -- A repeat of a request of this batch is answered as that request was: the booking it made, or its refusal.
      WHEN c.verdict = 'ok' AND f.dup > 1 AND f.first_id IN (SELECT booking_id FROM alloc) THEN 'existing'
      WHEN c.verdict = 'ok' THEN 'limit'
      ELSE c.verdict
    END,
    coalesce(a.booking_id, c.prior_id, CASE WHEN f.first_id IN (SELECT booking_id FROM alloc) THEN f.first_id END),
    a.queue_no, a.pos,
    CASE WHEN c.verdict = 'blocked' THEN c.until END,
    s.service_id, s.starts_at, s.ends_at, s.cancel_cutoff_minutes, s.kind, s.title, s.address, s.org_name
  FROM r
  JOIN chk c ON c.ord = r.ord
  LEFT JOIN firsts f ON f.ord = r.ord
  LEFT JOIN alloc a ON a.ord = r.ord
  LEFT JOIN s ON s.id = r.slot_id
  ORDER BY r.ord;
END
$$;
