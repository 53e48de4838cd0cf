-- Figures read by union and in coarser periods (server/src/modules/figures, docs/capabilities/figures.md).
--
-- figure_item_days gets a row for the union a fact belongs to and every union above it, as figure_org_days has, so a
-- street's ranked lists (stall events, services, campaigns, places) read the street's own items; and both rollups
-- count every fact in three grains (its day, its week from Monday, its month), so a long range reads a few months and
-- weeks instead of every day. A join now counts for the union that approved it in the item rows too (its sub_id is
-- no longer needed); a 积分商城 exchange (a points-priced campaign) counts under the campaign at no place (dim 'mall').

-- The periods a day is counted in: the day, the week from its Monday, the month (first days; no time zone involved).
CREATE FUNCTION figures_periods(d date) RETURNS TABLE (grain figure_grain, day date) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  VALUES ('day'::figure_grain, d), ('week'::figure_grain, date_trunc('week', d::timestamp)::date), ('month'::figure_grain, date_trunc('month', d::timestamp)::date)
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION figures_application_facts(a applications)
RETURNS TABLE (org_id uuid, metric figure_metric, day date, dim text, item_id uuid, sub_id uuid) LANGUAGE sql STABLE AS $$
  SELECT a.org_id, m.metric, figures_day(a.decided_at), m.dim, m.item_id, NULL::uuid
  FROM (VALUES ('join'::figure_metric, a.category::text, a.event_id),
               ('approve_time'::figure_metric, figures_duration_bucket(extract(epoch FROM a.decided_at - a.submitted_at)), NULL::uuid)) m (metric, dim, item_id)
  WHERE a.kind = 'join' AND a.status = 'approved' AND a.decided_at IS NOT NULL
  UNION ALL
  SELECT a.org_id, 'pending'::figure_metric, figures_day(a.submitted_at), '', NULL::uuid, NULL::uuid WHERE a.status = 'pending'
$$;--> statement-breakpoint

-- A claim, on its day, for the union running the campaign, by place; a 积分商城 exchange (points_price, set when the
-- campaign is made and never changed) is claimed in the app at no place: dim 'mall', no sub.
CREATE OR REPLACE FUNCTION figures_claim_facts(x benefit_claims)
RETURNS TABLE (org_id uuid, metric figure_metric, day date, dim text, item_id uuid, sub_id uuid) LANGUAGE sql STABLE AS $$
  SELECT c.org_id, 'claim'::figure_metric, figures_day(x.claimed_at),
         CASE WHEN c.points_price IS NULL THEN x.place_kind::text ELSE 'mall' END, x.campaign_id,
         CASE WHEN c.points_price IS NULL THEN x.place_id END
  FROM benefit_campaigns c WHERE c.id = x.campaign_id
$$;--> statement-breakpoint

-- Moves the deltas into the rollups: a union's rows get its own deltas and those of every union below it, in each
-- grain. The item rows keep only what the ranked lists read: a stall's joins without the worker category, a service's
-- places without the waitlisted and expired ones. Rows are written in key order (a rebuild writes millions: in order, each index page is filled once; the
-- dim compared bytewise, which is cheaper and as good for that). One fold at a time across instances (another's in progress: returns -1 and the caller tries later); a move of
-- a union waits for it (figures_org_moved), so a delta is added to the ancestors the union has when it is added.
CREATE OR REPLACE FUNCTION figures_fold() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  folded integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('union-figures')) THEN
    RETURN -1;
  END IF;
  WITH d AS (DELETE FROM figure_deltas RETURNING org_id, metric, day, dim, item_id, sub_id, n),
  g AS (SELECT org_id, metric, day, dim, item_id, sub_id, sum(n)::bigint AS n, count(*) AS deltas FROM d GROUP BY 1, 2, 3, 4, 5, 6),
  o AS (
    INSERT INTO figure_org_days (org_id, grain, day, metric, dim, n)
    SELECT a.id, p.grain, p.day, g.metric, g.dim, sum(g.n)
    FROM (SELECT org_id, metric, day, dim, sum(n) AS n FROM g GROUP BY 1, 2, 3, 4) g
    JOIN orgs l ON l.id = g.org_id CROSS JOIN LATERAL figures_prefixes(l.path) x JOIN orgs a ON a.path = x
    CROSS JOIN LATERAL figures_periods(g.day) p
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY a.id, p.grain, p.day, g.metric, g.dim COLLATE "C"
    ON CONFLICT (org_id, grain, day, metric, dim) DO UPDATE SET n = figure_org_days.n + excluded.n
  ),
  i AS (
    INSERT INTO figure_item_days (org_id, metric, grain, day, item_id, dim, sub_id, n)
    SELECT a.id, g.metric, p.grain, p.day, g.item_id, g.dim, coalesce(g.sub_id, '00000000-0000-0000-0000-000000000000'), sum(g.n)
    FROM (SELECT org_id, metric, day, item_id, CASE WHEN metric = 'join' THEN '' ELSE dim END AS dim, sub_id, n FROM g
          WHERE item_id IS NOT NULL AND NOT (metric = 'booking' AND dim IN ('waitlisted', 'expired'))) g
    JOIN orgs l ON l.id = g.org_id CROSS JOIN LATERAL figures_prefixes(l.path) x JOIN orgs a ON a.path = x
    CROSS JOIN LATERAL figures_periods(g.day) p
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ORDER BY a.id, g.metric, p.grain, p.day, g.item_id, g.dim COLLATE "C", 7
    ON CONFLICT (org_id, metric, grain, day, item_id, dim, sub_id) DO UPDATE SET n = figure_item_days.n + excluded.n
  )
  SELECT coalesce(sum(deltas), 0)::integer INTO folded FROM g;
  RETURN folded;
END;
$$;--> statement-breakpoint

-- The unions a union moving from one parent to another stops counting for (-1) and starts counting for (+1).
CREATE FUNCTION figures_move_signs(old_parent uuid, new_parent uuid) RETURNS TABLE (id uuid, sign integer) LANGUAGE sql STABLE AS $$
  SELECT s.id, sum(s.sign)::integer FROM (
    SELECT a.id, -1 AS sign FROM orgs p CROSS JOIN LATERAL figures_prefixes(p.path) x JOIN orgs a ON a.path = x WHERE p.id = old_parent
    UNION ALL
    SELECT a.id, 1 FROM orgs p CROSS JOIN LATERAL figures_prefixes(p.path) x JOIN orgs a ON a.path = x WHERE p.id = new_parent
  ) s GROUP BY s.id HAVING sum(s.sign) <> 0
$$;--> statement-breakpoint

-- A union moved to another parent (orgs.admin move: its subtree's paths were rewritten just before): its rows in both
-- rollups, which count its whole subtree, leave the unions above it that are not above it any more and join the new
-- ones. After any fold in progress (the lock), so nothing folded is counted under the old parents after this.
CREATE OR REPLACE FUNCTION figures_org_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('union-figures'));
  INSERT INTO figure_org_days (org_id, grain, day, metric, dim, n)
  SELECT c.id, r.grain, r.day, r.metric, r.dim, sum(r.n * c.sign)
  FROM figure_org_days r CROSS JOIN figures_move_signs(OLD.parent_id, NEW.parent_id) c
  WHERE r.org_id = NEW.id
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (org_id, grain, day, metric, dim) DO UPDATE SET n = figure_org_days.n + excluded.n;
  INSERT INTO figure_item_days (org_id, metric, grain, day, item_id, dim, sub_id, n)
  SELECT c.id, r.metric, r.grain, r.day, r.item_id, r.dim, r.sub_id, sum(r.n * c.sign)
  FROM figure_item_days r CROSS JOIN figures_move_signs(OLD.parent_id, NEW.parent_id) c
  WHERE r.org_id = NEW.id
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (org_id, metric, grain, day, item_id, dim, sub_id) DO UPDATE SET n = figure_item_days.n + excluded.n;
  RETURN NULL;
END;
$$;--> statement-breakpoint

-- Every figure computed again from the base tables. Station searches are counted nowhere else: their days are kept
-- and their weeks and months made again from them. Writers wait while it runs.
CREATE OR REPLACE FUNCTION figures_rebuild() RETURNS void LANGUAGE plpgsql SET work_mem = '1GB' SET jit = off AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('union-figures'));
  LOCK TABLE applications, bookings, benefit_claims, service_cards IN SHARE MODE;
  DELETE FROM figure_deltas WHERE metric <> 'station_search';
  DELETE FROM figure_org_days WHERE metric <> 'station_search' OR grain <> 'day';
  TRUNCATE figure_item_days;
  INSERT INTO figure_org_days (org_id, grain, day, metric, dim, n)
  SELECT r.org_id, p.grain, p.day, r.metric, r.dim, sum(r.n)
  FROM figure_org_days r CROSS JOIN LATERAL figures_periods(r.day) p
  WHERE r.metric = 'station_search' AND r.grain = 'day' AND p.grain <> 'day'
  GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
  SELECT f.org_id, f.metric, f.day, f.dim, f.item_id, f.sub_id, count(*) FROM applications r CROSS JOIN LATERAL figures_application_facts(r) f GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
  SELECT f.org_id, f.metric, f.day, f.dim, f.item_id, f.sub_id, count(*) FROM bookings r CROSS JOIN LATERAL figures_booking_facts(r) f GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
  SELECT f.org_id, f.metric, f.day, f.dim, f.item_id, f.sub_id, count(*) FROM benefit_claims r CROSS JOIN LATERAL figures_claim_facts(r) f GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
  SELECT f.org_id, f.metric, f.day, f.dim, f.item_id, f.sub_id, count(*) FROM service_cards r CROSS JOIN LATERAL figures_card_facts(r) f GROUP BY 1, 2, 3, 4, 5, 6;
  PERFORM figures_fold();
END;
$$;--> statement-breakpoint
-- What the database holds already.
SELECT figures_rebuild();
