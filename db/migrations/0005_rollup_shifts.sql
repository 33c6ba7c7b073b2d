CREATE TABLE "rollup_shifts" (
	"actor_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"bucket_date" date NOT NULL,
	"by_day" boolean NOT NULL,
	"from_stance" "stance" NOT NULL,
	"to_stance" "stance" NOT NULL,
	"before_id" integer NOT NULL,
	"after_id" integer NOT NULL,
	CONSTRAINT "rollup_shifts_actor_id_topic_id_bucket_date_by_day_pk" PRIMARY KEY("actor_id","topic_id","bucket_date","by_day")
);
--> statement-breakpoint
CREATE INDEX "rollup_shifts_bucket_idx" ON "rollup_shifts" USING btree ("bucket_date","by_day");--> statement-breakpoint
-- The shift at one bucket of an actor on a topic: there when the bucket has a stance and the bucket before it
-- (in the order of the window the shifts were read with: date, then month-only before days) has another.
CREATE FUNCTION rollup_refresh_shift_at(a integer, t integer, b date, d boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  cur_stance stance;
  cur_id integer;
  prev_stance stance;
  prev_id integer;
BEGIN
  SELECT stance, coding_id INTO cur_stance, cur_id FROM actor_day_stances
  WHERE actor_id = a AND topic_id = t AND bucket_date = b AND by_day = d;
  IF cur_id IS NOT NULL THEN
    SELECT stance, coding_id INTO prev_stance, prev_id FROM actor_day_stances
    WHERE actor_id = a AND topic_id = t AND (bucket_date, by_day) < (b, d)
    ORDER BY bucket_date DESC, by_day DESC LIMIT 1;
  END IF;
  IF prev_id IS NULL OR prev_stance = cur_stance THEN
    DELETE FROM rollup_shifts WHERE actor_id = a AND topic_id = t AND bucket_date = b AND by_day = d;
  ELSE
    INSERT INTO rollup_shifts AS s (actor_id, topic_id, bucket_date, by_day, from_stance, to_stance, before_id, after_id)
    VALUES (a, t, b, d, prev_stance, cur_stance, prev_id, cur_id)
    ON CONFLICT (actor_id, topic_id, bucket_date, by_day) DO UPDATE
      SET from_stance = excluded.from_stance, to_stance = excluded.to_stance,
          before_id = excluded.before_id, after_id = excluded.after_id;
  END IF;
END $$;
--> statement-breakpoint
-- A bucket that changed (came, went, or got another stance or carrying coding) decides its own shift and the
-- shift of the bucket after it.
CREATE FUNCTION rollup_refresh_shifts(a integer, t integer, b date, d boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  next_b date;
  next_d boolean;
BEGIN
  PERFORM rollup_refresh_shift_at(a, t, b, d);
  SELECT bucket_date, by_day INTO next_b, next_d FROM actor_day_stances
  WHERE actor_id = a AND topic_id = t AND (bucket_date, by_day) > (b, d)
  ORDER BY bucket_date, by_day LIMIT 1;
  IF next_b IS NOT NULL THEN PERFORM rollup_refresh_shift_at(a, t, next_b, next_d); END IF;
END $$;
--> statement-breakpoint
-- Every change to the per-date stances, whoever makes it (the codings' and the reports' triggers), under the
-- topic lock they already hold.
CREATE FUNCTION rollup_shifts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM rollup_refresh_shifts(OLD.actor_id, OLD.topic_id, OLD.bucket_date, OLD.by_day);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (OLD.actor_id, OLD.topic_id, OLD.bucket_date, OLD.by_day)
      IS DISTINCT FROM (NEW.actor_id, NEW.topic_id, NEW.bucket_date, NEW.by_day)) THEN
    PERFORM rollup_refresh_shifts(NEW.actor_id, NEW.topic_id, NEW.bucket_date, NEW.by_day);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER actor_day_stances_shifts AFTER INSERT OR UPDATE OR DELETE ON actor_day_stances
  FOR EACH ROW EXECUTE FUNCTION rollup_shifts_trigger();
--> statement-breakpoint
CREATE FUNCTION rebuild_shift_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE rollup_shifts;
  INSERT INTO rollup_shifts (actor_id, topic_id, bucket_date, by_day, from_stance, to_stance, before_id, after_id)
  SELECT actor_id, topic_id, bucket_date, by_day, prev_stance, stance, prev_id, coding_id
  FROM (
    SELECT actor_id, topic_id, bucket_date, by_day, stance, coding_id,
           lag(stance) OVER w AS prev_stance, lag(coding_id) OVER w AS prev_id
    FROM actor_day_stances
    WINDOW w AS (PARTITION BY actor_id, topic_id ORDER BY bucket_date, by_day)
  ) s
  WHERE prev_stance IS NOT NULL AND prev_stance <> stance;
END $$;
--> statement-breakpoint
-- As in 0003, with the shifts: the per-date stances refilled in bulk with their row trigger off (a failure
-- rolls the switch back with the rest), then the shifts in one pass. The tables are locked first in the order
-- the TRUNCATE takes them, so a writer waiting on one of them cannot deadlock with the switch.
CREATE OR REPLACE FUNCTION rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE rollup_days, rollup_months, report_actor_stances, rollup_alignment, actor_day_stances
    IN ACCESS EXCLUSIVE MODE;
  ALTER TABLE actor_day_stances DISABLE TRIGGER actor_day_stances_shifts;
  PERFORM rebuild_stance_rollups();
  ALTER TABLE actor_day_stances ENABLE TRIGGER actor_day_stances_shifts;
  PERFORM rebuild_shift_rollups();
  PERFORM rebuild_outlet_rollups();
END $$;
--> statement-breakpoint
SELECT rebuild_shift_rollups();
--> statement-breakpoint
ANALYZE rollup_shifts;
