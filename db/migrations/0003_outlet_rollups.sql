CREATE TABLE "rollup_cited_outlets" (
	"topic_id" integer NOT NULL,
	"outlet" text NOT NULL,
	"citations" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_cited_outlets_topic_id_outlet_pk" PRIMARY KEY("topic_id","outlet")
);
--> statement-breakpoint
CREATE TABLE "rollup_cited_sources" (
	"cited_source_id" integer PRIMARY KEY NOT NULL,
	"outlet" text NOT NULL,
	"codings" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_reports" (
	"topic_id" integer NOT NULL,
	"outlet" text NOT NULL,
	"reports" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_reports_topic_id_outlet_pk" PRIMARY KEY("topic_id","outlet")
);
--> statement-breakpoint
-- Reports per topic and outlet, kept on every insert, delete or move of a report. A new publication date
-- reorders the statements of its dates, so their per-date stances are recomputed. Every rollup row a write
-- touches belongs to its topic, taken under the topic's lock (7207, as in 0002) before any of them.
CREATE FUNCTION rollup_reports_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.topic_id, OLD.outlet, OLD.published_on) IS NOT DISTINCT FROM
      (NEW.topic_id, NEW.outlet, NEW.published_on) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM pg_advisory_xact_lock(7207, OLD.topic_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM pg_advisory_xact_lock(7207, NEW.topic_id); END IF;
  IF TG_OP <> 'UPDATE' OR (OLD.topic_id, OLD.outlet) IS DISTINCT FROM (NEW.topic_id, NEW.outlet) THEN
    IF TG_OP <> 'INSERT' THEN
      UPDATE rollup_reports SET reports = reports - 1 WHERE topic_id = OLD.topic_id AND outlet = OLD.outlet;
      DELETE FROM rollup_reports WHERE topic_id = OLD.topic_id AND outlet = OLD.outlet AND reports <= 0;
    END IF;
    IF TG_OP <> 'DELETE' THEN
      INSERT INTO rollup_reports AS r (topic_id, outlet, reports) VALUES (NEW.topic_id, NEW.outlet, 1)
      ON CONFLICT (topic_id, outlet) DO UPDATE SET reports = r.reports + 1;
    END IF;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.published_on IS DISTINCT FROM NEW.published_on THEN
    FOR c IN SELECT DISTINCT actor_id, topic_id, statement_date, statement_date_precision FROM codings
             WHERE report_id = NEW.id LOOP
      PERFORM rollup_refresh_bucket(c.actor_id, c.topic_id, c.statement_date, c.statement_date_precision);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER reports_rollups AFTER INSERT OR DELETE OR UPDATE OF topic_id, outlet, published_on ON reports
  FOR EACH ROW EXECUTE FUNCTION rollup_reports_trigger();
--> statement-breakpoint
-- One more or one fewer coding (of topic t) resting on a cited source; its outlet counts the source on that
-- topic while any coding does.
CREATE FUNCTION rollup_cite(cs integer, t integer, delta integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  o text;
  n integer;
BEGIN
  IF cs IS NULL THEN RETURN; END IF;
  IF delta > 0 THEN
    INSERT INTO rollup_cited_sources AS r (cited_source_id, outlet, codings)
    SELECT cs, c.outlet, 1 FROM cited_sources c WHERE c.id = cs
    ON CONFLICT (cited_source_id) DO UPDATE SET codings = r.codings + 1
    RETURNING r.outlet, r.codings INTO o, n;
    IF n = 1 THEN
      INSERT INTO rollup_cited_outlets AS x (topic_id, outlet, citations) VALUES (t, o, 1)
      ON CONFLICT (topic_id, outlet) DO UPDATE SET citations = x.citations + 1;
    END IF;
  ELSE
    UPDATE rollup_cited_sources SET codings = codings - 1 WHERE cited_source_id = cs RETURNING outlet, codings INTO o, n;
    IF n = 0 THEN
      DELETE FROM rollup_cited_sources WHERE cited_source_id = cs;
      UPDATE rollup_cited_outlets SET citations = citations - 1 WHERE topic_id = t AND outlet = o;
      DELETE FROM rollup_cited_outlets WHERE topic_id = t AND outlet = o AND citations <= 0;
    END IF;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION rollup_citations_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.cited_source_id, OLD.topic_id) IS NOT DISTINCT FROM (NEW.cited_source_id, NEW.topic_id) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_advisory_xact_lock(7207, OLD.topic_id);
    PERFORM rollup_cite(OLD.cited_source_id, OLD.topic_id, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_advisory_xact_lock(7207, NEW.topic_id);
    PERFORM rollup_cite(NEW.cited_source_id, NEW.topic_id, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER codings_citations AFTER INSERT OR DELETE OR UPDATE OF cited_source_id, topic_id ON codings
  FOR EACH ROW EXECUTE FUNCTION rollup_citations_trigger();
--> statement-breakpoint
ALTER FUNCTION rebuild_rollups() RENAME TO rebuild_stance_rollups;
--> statement-breakpoint
CREATE FUNCTION rebuild_outlet_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE rollup_reports, rollup_cited_sources, rollup_cited_outlets;
  INSERT INTO rollup_reports (topic_id, outlet, reports) SELECT topic_id, outlet, count(*) FROM reports GROUP BY 1, 2;
  INSERT INTO rollup_cited_sources (cited_source_id, outlet, codings)
  SELECT c.cited_source_id, s.outlet, count(*) FROM codings c JOIN cited_sources s ON s.id = c.cited_source_id
  GROUP BY 1, 2;
  INSERT INTO rollup_cited_outlets (topic_id, outlet, citations)
  SELECT c.topic_id, s.outlet, count(DISTINCT c.cited_source_id) FROM codings c
  JOIN cited_sources s ON s.id = c.cited_source_id GROUP BY 1, 2;
END $$;
--> statement-breakpoint
-- Every rollup recomputed from the codings and reports (after a bulk load that skipped the triggers).
CREATE FUNCTION rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rebuild_stance_rollups();
  PERFORM rebuild_outlet_rollups();
END $$;
--> statement-breakpoint
SELECT rebuild_outlet_rollups();
--> statement-breakpoint
ANALYZE rollup_reports, rollup_cited_sources, rollup_cited_outlets;
