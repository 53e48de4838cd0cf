-- Figures kept as daily rollups (server/src/modules/figures, docs/capabilities/figures.md).
--
-- Triggers on the base tables turn each statement's changed rows into signed counts ("facts") appended to
-- figure_deltas in the same transaction; figures_fold() moves the deltas into figure_org_days (one row per union and
-- every union above it) and figure_item_days (per event, service, campaign and place) every few seconds. A read adds
-- the deltas not yet folded, so the figures always equal a GROUP BY over the base tables.

-- The rollups are read a range of days at a time: their primary keys carry the count too, so a read is an index-only
-- scan of the range, whatever order the rows were written in (drizzle-kit cannot write INCLUDE; same names as its keys).
ALTER TABLE figure_org_days DROP CONSTRAINT figure_org_days_org_id_metric_day_dim_pk;--> statement-breakpoint
ALTER TABLE figure_org_days ADD CONSTRAINT figure_org_days_org_id_metric_day_dim_pk PRIMARY KEY (org_id, metric, day, dim) INCLUDE (n);--> statement-breakpoint
ALTER TABLE figure_item_days DROP CONSTRAINT figure_item_days_metric_day_item_id_dim_sub_id_pk;--> statement-breakpoint
ALTER TABLE figure_item_days ADD CONSTRAINT figure_item_days_metric_day_item_id_dim_sub_id_pk PRIMARY KEY (metric, day, item_id, dim, sub_id) INCLUDE (n);--> statement-breakpoint

-- The Beijing calendar day of a moment (China keeps UTC+8 all year).
CREATE FUNCTION figures_day(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((t AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;--> statement-breakpoint
-- The DURATION_BUCKETS position (shared/src/figures.ts) of a duration in seconds: how many bounds lie below it.
CREATE FUNCTION figures_duration_bucket(seconds double precision) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT count(*)::text FROM unnest(ARRAY[10, 60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 259200, 604800, 1209600, 2592000]) b
  WHERE b < seconds
$$;--> statement-breakpoint
-- 'bj.xc.xjk' -> 'bj', 'bj.xc', 'bj.xc.xjk': the paths of a union and of every union above it.
CREATE FUNCTION figures_prefixes(path text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_to_string(p[1:k], '.') FROM (SELECT string_to_array(path, '.') AS p) x, generate_series(1, array_length(p, 1)) k
$$;--> statement-breakpoint

-- What one row of a base table counts for (item_id and sub_id: the second key of figure_item_days). An approved join
-- application: a join on the day it was approved, by worker category and stall event (sub_id: the union that approved
-- it, so a stall's figures never count a join into a union the reader does not cover), and its submit-to-approval time.
-- An application waiting for a decision: pending since the day it was submitted (a decision takes it away again).
CREATE FUNCTION figures_application_facts(a applications)
RETURNS TABLE (org_id uuid, metric figure_metric, day date, dim text, item_id uuid, sub_id uuid) LANGUAGE sql STABLE AS $$
  SELECT a.org_id, m.metric, figures_day(a.decided_at), m.dim, m.item_id, m.sub_id
  FROM (VALUES ('join'::figure_metric, a.category::text, a.event_id, a.org_id),
               ('approve_time'::figure_metric, figures_duration_bucket(extract(epoch FROM a.decided_at - a.submitted_at)), NULL::uuid, NULL::uuid)) m (metric, dim, item_id, sub_id)
  WHERE a.kind = 'join' AND a.status = 'approved' AND a.decided_at IS NOT NULL
  UNION ALL
  SELECT a.org_id, 'pending'::figure_metric, figures_day(a.submitted_at), '', NULL::uuid, NULL::uuid WHERE a.status = 'pending'
$$;--> statement-breakpoint
-- A place in a slot, by status, on the slot's day, for the union running the service.
CREATE FUNCTION figures_booking_facts(b bookings)
RETURNS TABLE (org_id uuid, metric figure_metric, day date, dim text, item_id uuid, sub_id uuid) LANGUAGE sql STABLE AS $$
  SELECT s.org_id, 'booking'::figure_metric, figures_day(b.slot_starts_at), b.status::text, b.service_id, NULL::uuid
  FROM services s WHERE s.id = b.service_id
$$;--> statement-breakpoint
-- A claim, on its day, for the union running the campaign, by place.
CREATE FUNCTION figures_claim_facts(x benefit_claims)
RETURNS TABLE (org_id uuid, metric figure_metric, day date, dim text, item_id uuid, sub_id uuid) LANGUAGE sql STABLE AS $$
  SELECT c.org_id, 'claim'::figure_metric, figures_day(x.claimed_at), x.place_kind::text, x.campaign_id, x.place_id
  FROM benefit_campaigns c WHERE c.id = x.campaign_id
$$;--> statement-breakpoint
-- An issued bank card: the time from submitting the application to the issue, for the union that approved it.
CREATE FUNCTION figures_card_facts(sc service_cards)
RETURNS TABLE (org_id uuid, metric figure_metric, day date, dim text, item_id uuid, sub_id uuid) LANGUAGE sql STABLE AS $$
  SELECT a.org_id, 'card_time'::figure_metric, figures_day(sc.issued_at),
         figures_duration_bucket(extract(epoch FROM sc.issued_at - a.submitted_at)), NULL::uuid, NULL::uuid
  FROM memberships m JOIN applications a ON a.id = m.application_id
  WHERE m.id = sc.membership_id AND sc.status = 'issued' AND sc.issued_at IS NOT NULL
$$;--> statement-breakpoint

-- One statement's changes as deltas: +1 for each fact of a new row, -1 for each of an old one (an update that changes
-- nothing a figure counts nets to nothing and writes nothing). Statement-level, so a batch of 200 claims is one
-- grouped insert. The transition tables are named new_rows and old_rows by the triggers below.
CREATE FUNCTION figures_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'applications' THEN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
      SELECT f.org_id, f.metric, f.day, f.dim, f.item_id, f.sub_id, count(*) FROM new_rows r CROSS JOIN LATERAL figures_application_facts(r) f GROUP BY 1, 2, 3, 4, 5, 6;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
      SELECT f.org_id, f.metric, f.day, f.dim, f.item_id, f.sub_id, -count(*) FROM old_rows r CROSS JOIN LATERAL figures_application_facts(r) f GROUP BY 1, 2, 3, 4, 5, 6;
    ELSE
      INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
      SELECT org_id, metric, day, dim, item_id, sub_id, sum(n) FROM (
        SELECT f.*, 1 AS n FROM new_rows r CROSS JOIN LATERAL figures_application_facts(r) f
        UNION ALL SELECT f.*, -1 FROM old_rows r CROSS JOIN LATERAL figures_application_facts(r) f
      ) c GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0;
    END IF;
  ELSIF TG_TABLE_NAME = 'bookings' THEN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
      SELECT f.org_id, f.metric, f.day, f.dim, f.item_id, f.sub_id, count(*) FROM new_rows r CROSS JOIN LATERAL figures_booking_facts(r) f GROUP BY 1, 2, 3, 4, 5, 6;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
      SELECT f.org_id, f.metric, f.day, f.dim, f.item_id, f.sub_id, -count(*) FROM old_rows r CROSS JOIN LATERAL figures_booking_facts(r) f GROUP BY 1, 2, 3, 4, 5, 6;
    ELSE
      INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
      SELECT org_id, metric, day, dim, item_id, sub_id, sum(n) FROM (
        SELECT f.*, 1 AS n FROM new_rows r CROSS JOIN LATERAL figures_booking_facts(r) f
        UNION ALL SELECT f.*, -1 FROM old_rows r CROSS JOIN LATERAL figures_booking_facts(r) f
      ) c GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0;
    END IF;
  ELSIF TG_TABLE_NAME = 'benefit_claims' THEN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
      SELECT f.org_id, f.metric, f.day, f.dim, f.item_id, f.sub_id, count(*) FROM new_rows r CROSS JOIN LATERAL figures_claim_facts(r) f GROUP BY 1, 2, 3, 4, 5, 6;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
      SELECT f.org_id, f.metric, f.day, f.dim, f.item_id, f.sub_id, -count(*) FROM old_rows r CROSS JOIN LATERAL figures_claim_facts(r) f GROUP BY 1, 2, 3, 4, 5, 6;
    ELSE
      INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
      SELECT org_id, metric, day, dim, item_id, sub_id, sum(n) FROM (
        SELECT f.*, 1 AS n FROM new_rows r CROSS JOIN LATERAL figures_claim_facts(r) f
        UNION ALL SELECT f.*, -1 FROM old_rows r CROSS JOIN LATERAL figures_claim_facts(r) f
      ) c GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0;
    END IF;
  ELSIF TG_TABLE_NAME = 'service_cards' THEN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
      SELECT f.org_id, f.metric, f.day, f.dim, f.item_id, f.sub_id, count(*) FROM new_rows r CROSS JOIN LATERAL figures_card_facts(r) f GROUP BY 1, 2, 3, 4, 5, 6;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
      SELECT f.org_id, f.metric, f.day, f.dim, f.item_id, f.sub_id, -count(*) FROM old_rows r CROSS JOIN LATERAL figures_card_facts(r) f GROUP BY 1, 2, 3, 4, 5, 6;
    ELSE
      INSERT INTO figure_deltas (org_id, metric, day, dim, item_id, sub_id, n)
      SELECT org_id, metric, day, dim, item_id, sub_id, sum(n) FROM (
        SELECT f.*, 1 AS n FROM new_rows r CROSS JOIN LATERAL figures_card_facts(r) f
        UNION ALL SELECT f.*, -1 FROM old_rows r CROSS JOIN LATERAL figures_card_facts(r) f
      ) c GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0;
    END IF;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER figures_applications_insert AFTER INSERT ON applications REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_capture();--> statement-breakpoint
CREATE TRIGGER figures_applications_update AFTER UPDATE ON applications REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_capture();--> statement-breakpoint
CREATE TRIGGER figures_applications_delete AFTER DELETE ON applications REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_capture();--> statement-breakpoint
CREATE TRIGGER figures_bookings_insert AFTER INSERT ON bookings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_capture();--> statement-breakpoint
CREATE TRIGGER figures_bookings_update AFTER UPDATE ON bookings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_capture();--> statement-breakpoint
CREATE TRIGGER figures_bookings_delete AFTER DELETE ON bookings REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_capture();--> statement-breakpoint
CREATE TRIGGER figures_claims_insert AFTER INSERT ON benefit_claims REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_capture();--> statement-breakpoint
CREATE TRIGGER figures_claims_update AFTER UPDATE ON benefit_claims REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_capture();--> statement-breakpoint
CREATE TRIGGER figures_claims_delete AFTER DELETE ON benefit_claims REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_capture();--> statement-breakpoint
CREATE TRIGGER figures_cards_insert AFTER INSERT ON service_cards REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_capture();--> statement-breakpoint
CREATE TRIGGER figures_cards_update AFTER UPDATE ON service_cards REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_capture();--> statement-breakpoint
CREATE TRIGGER figures_cards_delete AFTER DELETE ON service_cards REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_capture();--> statement-breakpoint

-- Moves the deltas into the rollups: a union's row gets its own deltas and those of every union below it. One fold
-- at a time across instances (another's in progress: returns -1 and the caller tries later); a move of a union waits
-- for it (figures_org_moved), so a delta is added to the ancestors the union has when it is added.
CREATE FUNCTION figures_fold() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  folded integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('union-figures')) THEN
    RETURN -1;
  END IF;
  WITH d AS (DELETE FROM figure_deltas RETURNING org_id, metric, day, dim, item_id, sub_id, n),
  g AS (SELECT org_id, metric, day, dim, item_id, sub_id, sum(n)::bigint AS n, count(*) AS deltas FROM d GROUP BY 1, 2, 3, 4, 5, 6),
  o AS (
    INSERT INTO figure_org_days (org_id, metric, day, dim, n)
    SELECT a.id, g.metric, g.day, g.dim, sum(g.n)
    FROM g JOIN orgs l ON l.id = g.org_id CROSS JOIN LATERAL figures_prefixes(l.path) x JOIN orgs a ON a.path = x
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (org_id, metric, day, dim) DO UPDATE SET n = figure_org_days.n + excluded.n
  ),
  i AS (
    INSERT INTO figure_item_days (metric, item_id, day, dim, sub_id, n)
    SELECT metric, item_id, day, dim, coalesce(sub_id, '00000000-0000-0000-0000-000000000000'), sum(n)
    FROM g WHERE item_id IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (metric, day, item_id, dim, sub_id) DO UPDATE SET n = figure_item_days.n + excluded.n
  )
  SELECT coalesce(sum(deltas), 0)::integer INTO folded FROM g;
  RETURN folded;
END;
$$;--> statement-breakpoint

-- A union moved to another parent (orgs.admin move: its subtree's paths were rewritten just before): its rows, which
-- count its whole subtree, leave the unions above it that are not above it any more and join the new ones. After
-- any fold in progress (the lock), so nothing folded is counted under the old parents after this.
CREATE FUNCTION figures_org_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('union-figures'));
  INSERT INTO figure_org_days (org_id, metric, day, dim, n)
  SELECT c.id, r.metric, r.day, r.dim, sum(r.n * c.sign)
  FROM figure_org_days r
  CROSS JOIN (
    SELECT s.id, sum(s.sign)::integer AS sign FROM (
      SELECT a.id, -1 AS sign FROM orgs p CROSS JOIN LATERAL figures_prefixes(p.path) x JOIN orgs a ON a.path = x WHERE p.id = OLD.parent_id
      UNION ALL
      SELECT a.id, 1 FROM orgs p CROSS JOIN LATERAL figures_prefixes(p.path) x JOIN orgs a ON a.path = x WHERE p.id = NEW.parent_id
    ) s GROUP BY s.id HAVING sum(s.sign) <> 0
  ) c
  WHERE r.org_id = NEW.id
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (org_id, metric, day, dim) DO UPDATE SET n = figure_org_days.n + excluded.n;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER figures_org_moved AFTER UPDATE OF parent_id ON orgs
  FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION figures_org_moved();--> statement-breakpoint

-- Every figure computed again from the base tables (station searches, counted nowhere else, are kept): after a bulk
-- load with triggers off (the bench), or to prove the rollups right. Writers wait while it runs.
CREATE FUNCTION figures_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('union-figures'));
  LOCK TABLE applications, bookings, benefit_claims, service_cards IN SHARE MODE;
  DELETE FROM figure_deltas WHERE metric <> 'station_search';
  DELETE FROM figure_org_days WHERE metric <> 'station_search';
  DELETE FROM figure_item_days WHERE metric <> 'station_search';
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
