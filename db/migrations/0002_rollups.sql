CREATE TABLE "actor_day_stances" (
	"actor_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"bucket_date" date NOT NULL,
	"by_day" boolean NOT NULL,
	"stance" "stance" NOT NULL,
	"coding_id" integer NOT NULL,
	CONSTRAINT "actor_day_stances_actor_id_topic_id_bucket_date_by_day_pk" PRIMARY KEY("actor_id","topic_id","bucket_date","by_day")
);
--> statement-breakpoint
CREATE TABLE "report_actor_stances" (
	"report_id" integer NOT NULL,
	"actor_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"stance" "stance" NOT NULL,
	CONSTRAINT "report_actor_stances_report_id_actor_id_pk" PRIMARY KEY("report_id","actor_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_alignment" (
	"topic_id" integer NOT NULL,
	"actor_lo" integer NOT NULL,
	"actor_hi" integer NOT NULL,
	"reports" integer DEFAULT 0 NOT NULL,
	"same" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_alignment_topic_id_actor_lo_actor_hi_pk" PRIMARY KEY("topic_id","actor_lo","actor_hi")
);
--> statement-breakpoint
CREATE TABLE "rollup_days" (
	"actor_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"statement_date" date NOT NULL,
	"statement_date_precision" date_precision NOT NULL,
	"support" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"condemn" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_days_actor_id_topic_id_statement_date_statement_date_precision_pk" PRIMARY KEY("actor_id","topic_id","statement_date","statement_date_precision")
);
--> statement-breakpoint
CREATE TABLE "rollup_months" (
	"actor_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"month" date NOT NULL,
	"support" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"condemn" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_months_actor_id_topic_id_month_pk" PRIMARY KEY("actor_id","topic_id","month")
);
--> statement-breakpoint
CREATE INDEX "report_actor_stances_actor_idx" ON "report_actor_stances" USING btree ("actor_id","report_id");--> statement-breakpoint
-- Rollups kept by triggers on codings (see db/schema/rollups.ts). Rejected codings count in none of them.
-- Counts are applied as deltas; the two "current stance" tables are recomputed for the keys a change touches,
-- under a per-topic transaction lock so that concurrent writes on PostgreSQL each see the other's rows.
CREATE FUNCTION rollup_count(c codings, delta integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  s integer := CASE WHEN c.stance = 'support' THEN delta ELSE 0 END;
  n integer := CASE WHEN c.stance = 'neutral' THEN delta ELSE 0 END;
  k integer := CASE WHEN c.stance = 'condemn' THEN delta ELSE 0 END;
  m date := date_trunc('month', c.statement_date)::date;
BEGIN
  INSERT INTO rollup_days AS r (actor_id, topic_id, statement_date, statement_date_precision, support, neutral, condemn)
  VALUES (c.actor_id, c.topic_id, c.statement_date, c.statement_date_precision, s, n, k)
  ON CONFLICT (actor_id, topic_id, statement_date, statement_date_precision) DO UPDATE
    SET support = r.support + excluded.support, neutral = r.neutral + excluded.neutral, condemn = r.condemn + excluded.condemn;
  INSERT INTO rollup_months AS r (actor_id, topic_id, month, support, neutral, condemn)
  VALUES (c.actor_id, c.topic_id, m, s, n, k)
  ON CONFLICT (actor_id, topic_id, month) DO UPDATE
    SET support = r.support + excluded.support, neutral = r.neutral + excluded.neutral, condemn = r.condemn + excluded.condemn;
  IF delta < 0 THEN
    DELETE FROM rollup_days WHERE actor_id = c.actor_id AND topic_id = c.topic_id AND statement_date = c.statement_date
      AND statement_date_precision = c.statement_date_precision AND support = 0 AND neutral = 0 AND condemn = 0;
    DELETE FROM rollup_months WHERE actor_id = c.actor_id AND topic_id = c.topic_id AND month = m
      AND support = 0 AND neutral = 0 AND condemn = 0;
  END IF;
END $$;
--> statement-breakpoint
-- One actor's stance on a topic for one date bucket, as lib/shifts reduces it: explicit beats neutral, then
-- the later statement (report publication, report id, position in the text, coding id).
CREATE FUNCTION rollup_refresh_bucket(a integer, t integer, d date, p date_precision) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  only_month boolean := p = 'month';
  day_bucket boolean := p <> 'month';
  b date := CASE WHEN p = 'month' THEN date_trunc('month', d)::date ELSE d END;
  found_id integer;
  found_stance stance;
BEGIN
  SELECT c.id, c.stance INTO found_id, found_stance
  FROM codings c JOIN reports r ON r.id = c.report_id
  WHERE c.actor_id = a AND c.topic_id = t AND c.status <> 'rejected'
    AND CASE WHEN only_month
      THEN c.statement_date_precision = 'month' AND c.statement_date >= b AND c.statement_date < (b + interval '1 month')
      ELSE c.statement_date = b AND c.statement_date_precision <> 'month' END
  ORDER BY (c.stance <> 'neutral') DESC, r.published_on DESC, r.id DESC, c.evidence_start DESC, c.id DESC
  LIMIT 1;
  IF found_id IS NULL THEN
    DELETE FROM actor_day_stances WHERE actor_id = a AND topic_id = t AND bucket_date = b AND by_day = day_bucket;
  ELSE
    INSERT INTO actor_day_stances AS x (actor_id, topic_id, bucket_date, by_day, stance, coding_id)
    VALUES (a, t, b, day_bucket, found_stance, found_id)
    ON CONFLICT (actor_id, topic_id, bucket_date, by_day) DO UPDATE SET stance = excluded.stance, coding_id = excluded.coding_id;
  END IF;
END $$;
--> statement-breakpoint
-- One actor's stance in one report (explicit beats neutral, then the later statement date, then position),
-- and the alignment counts of every pair it forms with the other actors of that report.
CREATE FUNCTION rollup_refresh_report_actor(rep integer, a integer, t integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  was stance;
  now_stance stance;
BEGIN
  SELECT stance INTO was FROM report_actor_stances WHERE report_id = rep AND actor_id = a;
  SELECT c.stance INTO now_stance FROM codings c
  WHERE c.report_id = rep AND c.actor_id = a AND c.status <> 'rejected'
  ORDER BY (c.stance <> 'neutral') DESC, c.statement_date DESC, c.evidence_start DESC, c.id DESC
  LIMIT 1;
  IF was IS NOT DISTINCT FROM now_stance THEN RETURN; END IF;
  INSERT INTO rollup_alignment AS r (topic_id, actor_lo, actor_hi, reports, same)
  SELECT t, least(a, x.actor_id), greatest(a, x.actor_id),
         (now_stance IS NOT NULL)::int - (was IS NOT NULL)::int,
         (now_stance IS NOT NULL AND now_stance = x.stance)::int - (was IS NOT NULL AND was = x.stance)::int
  FROM report_actor_stances x WHERE x.report_id = rep AND x.actor_id <> a
  ON CONFLICT (topic_id, actor_lo, actor_hi) DO UPDATE
    SET reports = r.reports + excluded.reports, same = r.same + excluded.same;
  IF now_stance IS NULL THEN
    DELETE FROM report_actor_stances WHERE report_id = rep AND actor_id = a;
  ELSE
    INSERT INTO report_actor_stances AS x (report_id, actor_id, topic_id, stance) VALUES (rep, a, t, now_stance)
    ON CONFLICT (report_id, actor_id) DO UPDATE SET stance = excluded.stance, topic_id = excluded.topic_id;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION rollup_codings_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.actor_id, OLD.topic_id, OLD.report_id, OLD.stance, OLD.status, OLD.statement_date,
      OLD.statement_date_precision, OLD.evidence_start) IS NOT DISTINCT FROM (NEW.actor_id, NEW.topic_id,
      NEW.report_id, NEW.stance, NEW.status, NEW.statement_date, NEW.statement_date_precision, NEW.evidence_start) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_advisory_xact_lock(7207, OLD.topic_id);
    IF OLD.status <> 'rejected' THEN PERFORM rollup_count(OLD, -1); END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_advisory_xact_lock(7207, NEW.topic_id);
    IF NEW.status <> 'rejected' THEN PERFORM rollup_count(NEW, 1); END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM rollup_refresh_bucket(OLD.actor_id, OLD.topic_id, OLD.statement_date, OLD.statement_date_precision);
    PERFORM rollup_refresh_report_actor(OLD.report_id, OLD.actor_id, OLD.topic_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM rollup_refresh_bucket(NEW.actor_id, NEW.topic_id, NEW.statement_date, NEW.statement_date_precision);
    PERFORM rollup_refresh_report_actor(NEW.report_id, NEW.actor_id, NEW.topic_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER codings_rollups AFTER INSERT OR UPDATE OR DELETE ON codings
  FOR EACH ROW EXECUTE FUNCTION rollup_codings_trigger();
--> statement-breakpoint
-- Every rollup recomputed from the codings in a few GROUP BYs: after a bulk load that skipped the triggers
-- (npm run synth), and here for the codings that exist already.
CREATE FUNCTION rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE rollup_days, rollup_months, report_actor_stances, rollup_alignment, actor_day_stances;
  INSERT INTO rollup_days (actor_id, topic_id, statement_date, statement_date_precision, support, neutral, condemn)
  SELECT actor_id, topic_id, statement_date, statement_date_precision,
         count(*) FILTER (WHERE stance = 'support'), count(*) FILTER (WHERE stance = 'neutral'),
         count(*) FILTER (WHERE stance = 'condemn')
  FROM codings WHERE status <> 'rejected' GROUP BY 1, 2, 3, 4;
  INSERT INTO rollup_months (actor_id, topic_id, month, support, neutral, condemn)
  SELECT actor_id, topic_id, date_trunc('month', statement_date)::date, sum(support), sum(neutral), sum(condemn)
  FROM rollup_days GROUP BY 1, 2, 3;
  INSERT INTO report_actor_stances (report_id, actor_id, topic_id, stance)
  SELECT DISTINCT ON (report_id, actor_id) report_id, actor_id, topic_id, stance
  FROM codings WHERE status <> 'rejected'
  ORDER BY report_id, actor_id, (stance <> 'neutral') DESC, statement_date DESC, evidence_start DESC, id DESC;
  INSERT INTO rollup_alignment (topic_id, actor_lo, actor_hi, reports, same)
  SELECT x.topic_id, x.actor_id, y.actor_id, count(*), count(*) FILTER (WHERE x.stance = y.stance)
  FROM report_actor_stances x JOIN report_actor_stances y ON y.report_id = x.report_id AND y.actor_id > x.actor_id
  GROUP BY 1, 2, 3;
  INSERT INTO actor_day_stances (actor_id, topic_id, bucket_date, by_day, stance, coding_id)
  SELECT DISTINCT ON (actor_id, topic_id, bucket_date, by_day) actor_id, topic_id, bucket_date, by_day, stance, id
  FROM (
    SELECT c.actor_id, c.topic_id, c.stance, c.id, c.evidence_start, r.published_on, r.id AS report_id,
           CASE WHEN c.statement_date_precision = 'month' THEN date_trunc('month', c.statement_date)::date
                ELSE c.statement_date END AS bucket_date,
           c.statement_date_precision <> 'month' AS by_day
    FROM codings c JOIN reports r ON r.id = c.report_id
    WHERE c.status <> 'rejected'
  ) b
  ORDER BY actor_id, topic_id, bucket_date, by_day, (stance <> 'neutral') DESC, published_on DESC, report_id DESC,
           evidence_start DESC, id DESC;
END $$;
--> statement-breakpoint
SELECT rebuild_rollups();
--> statement-breakpoint
ANALYZE codings, rollup_days, rollup_months, report_actor_stances, rollup_alignment, actor_day_stances;
