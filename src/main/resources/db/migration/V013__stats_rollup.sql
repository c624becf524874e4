-- SPEC §18 statistics at O(groups) (issue 13): the counts of each (user, test, UTC hour of created_at, tag) are kept
-- in email_stats_hourly by statement-level triggers on emails, in the transaction of every write, whatever the
-- statement that writes (create, accept, events, and any path added later). A statement's rows are aggregated per
-- key and upserted once per key, so a batch costs one upsert per key, not per email.
--
-- slot spreads one hot key over a few rows: a writer adds to the row of its backend (pg_backend_pid() % 16), so two
-- connections sending for the same user, hour and tag do not wait on one row lock; readers sum the slots. A slot's
-- counts may go negative (an email created through slot 0 and delivered through slot 2); only the sum means
-- anything. Slot 16 holds settled counts: the backfill and the fold of past hours (StatsCompaction) write it,
-- live writers never do, so that those jobs never wait on a live writer's row.
--
-- Deleting an email changes nothing here (no DELETE trigger): SPEC §31, statistics keep counting deleted emails.
CREATE TABLE email_stats_hourly (
  user_id bigint NOT NULL,
  test boolean NOT NULL,
  hour timestamptz NOT NULL,
  tag text,
  slot smallint NOT NULL,
  total integer NOT NULL DEFAULT 0,
  unsent integer NOT NULL DEFAULT 0,
  accepted integer NOT NULL DEFAULT 0,
  sent integer NOT NULL DEFAULT 0,
  delivered_status integer NOT NULL DEFAULT 0,
  opened integer NOT NULL DEFAULT 0,
  bounced integer NOT NULL DEFAULT 0,
  complaint integer NOT NULL DEFAULT 0,
  scheduled integer NOT NULL DEFAULT 0,
  cancelled integer NOT NULL DEFAULT 0,
  delivered integer NOT NULL DEFAULT 0,
  complained integer NOT NULL DEFAULT 0,
  human_opened integer NOT NULL DEFAULT 0,
  clicked integer NOT NULL DEFAULT 0,
  -- untagged (NULL) is one key, not one per row: NULLS NOT DISTINCT lets ON CONFLICT find it (PostgreSQL 15)
  CONSTRAINT email_stats_hourly_key UNIQUE NULLS NOT DISTINCT (user_id, test, hour, tag, slot)
);

-- StatsCompaction's fold finds the live slots of past hours here, in key order, without reading the settled rows
-- (one per hour and tag, the bulk of the table); only the last hours' rows are in it.
CREATE INDEX email_stats_hourly_live ON email_stats_hourly (user_id, test, hour, tag, slot) WHERE slot < 16;

-- The backfill of the emails that existed before the triggers (StatsBackfill): emails with id <= cut are counted
-- by the backfill, in id order, up to backfilled_to; the triggers count only the others. Until finished_at is set
-- the stats are answered from the emails rows, as before. One row.
CREATE TABLE email_stats_backfill (
  single boolean PRIMARY KEY DEFAULT true CHECK (single),
  cut bigint NOT NULL,
  backfilled_to bigint NOT NULL DEFAULT 0,
  finished_at timestamptz
);

-- The state of the backfill for the emails of one statement, read when every one of them is counted by the
-- triggers (id > cut or id <= backfilled_to). When the statement holds an email that the backfill has not reached,
-- the backfill row is share-locked until commit: a backfill step (which locks it FOR UPDATE) then either runs
-- after this commit and counts this transaction's version of the email, or has committed before the lock was
-- granted, and then the returned backfilled_to includes the email, so the trigger counts the change.
CREATE FUNCTION email_stats_backfill_state(ids bigint[]) RETURNS email_stats_backfill LANGUAGE plpgsql AS $$
DECLARE
  state email_stats_backfill;
BEGIN
  SELECT * INTO state FROM email_stats_backfill;
  IF state.backfilled_to < state.cut
      AND EXISTS (SELECT 1 FROM unnest(ids) i WHERE i > state.backfilled_to AND i <= state.cut) THEN
    SELECT * INTO state FROM email_stats_backfill FOR SHARE;
  END IF;
  RETURN state;
END $$;

CREATE FUNCTION email_stats_count_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO email_stats_hourly AS s (user_id, test, hour, tag, slot, total, unsent, accepted, sent,
    delivered_status, opened, bounced, complaint, scheduled, cancelled, delivered, complained, human_opened, clicked)
  SELECT n.user_id, n.test, date_trunc('hour', n.created_at, 'UTC'), n.tag, pg_backend_pid() % 16,
    count(*),
    count(*) FILTER (WHERE n.status = 'UNSENT'),
    count(*) FILTER (WHERE n.status = 'ACCEPTED'),
    count(*) FILTER (WHERE n.status = 'SENT'),
    count(*) FILTER (WHERE n.status = 'DELIVERED'),
    count(*) FILTER (WHERE n.status = 'OPENED'),
    count(*) FILTER (WHERE n.status = 'BOUNCED'),
    count(*) FILTER (WHERE n.status = 'COMPLAINT'),
    count(*) FILTER (WHERE n.status = 'SCHEDULED'),
    count(*) FILTER (WHERE n.status = 'CANCELLED'),
    count(*) FILTER (WHERE n.delivered_at IS NOT NULL),
    count(*) FILTER (WHERE n.complained_at IS NOT NULL),
    count(*) FILTER (WHERE n.first_human_open_at IS NOT NULL),
    count(*) FILTER (WHERE n.click_count > 0)
  FROM new_emails n, email_stats_backfill_state(ARRAY(SELECT id FROM new_emails)) b
  WHERE n.id > b.cut OR n.id <= b.backfilled_to
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ON CONSTRAINT email_stats_hourly_key DO UPDATE SET
    total = s.total + excluded.total,
    unsent = s.unsent + excluded.unsent,
    accepted = s.accepted + excluded.accepted,
    sent = s.sent + excluded.sent,
    delivered_status = s.delivered_status + excluded.delivered_status,
    opened = s.opened + excluded.opened,
    bounced = s.bounced + excluded.bounced,
    complaint = s.complaint + excluded.complaint,
    scheduled = s.scheduled + excluded.scheduled,
    cancelled = s.cancelled + excluded.cancelled,
    delivered = s.delivered + excluded.delivered,
    complained = s.complained + excluded.complained,
    human_opened = s.human_opened + excluded.human_opened,
    clicked = s.clicked + excluded.clicked;
  RETURN NULL;
END $$;

-- An update moves an email out of the counts of its old version (-1) into those of its new one (+1). Emails whose
-- key and counted columns did not change (an extra click, an error code, a message id, a claim) are dropped by the
-- join's condition before anything else, so such a statement writes nothing.
CREATE FUNCTION email_stats_count_updates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS MATERIALIZED (
    SELECT n.id,
      n.user_id, n.test, n.created_at, n.tag, n.status, n.delivered_at IS NOT NULL AS delivered,
      n.complained_at IS NOT NULL AS complained, n.first_human_open_at IS NOT NULL AS human_opened,
      n.click_count > 0 AS clicked,
      o.user_id AS old_user_id, o.test AS old_test, o.created_at AS old_created_at, o.tag AS old_tag,
      o.status AS old_status, o.delivered_at IS NOT NULL AS old_delivered,
      o.complained_at IS NOT NULL AS old_complained, o.first_human_open_at IS NOT NULL AS old_human_opened,
      o.click_count > 0 AS old_clicked
    FROM old_emails o JOIN new_emails n ON n.id = o.id
    WHERE (o.user_id, o.test, o.created_at, o.tag, o.status, o.delivered_at IS NULL, o.complained_at IS NULL,
           o.first_human_open_at IS NULL, o.click_count > 0)
      IS DISTINCT FROM (n.user_id, n.test, n.created_at, n.tag, n.status, n.delivered_at IS NULL,
           n.complained_at IS NULL, n.first_human_open_at IS NULL, n.click_count > 0)
  ), moves AS (
    SELECT m.*
    FROM changed c, email_stats_backfill_state(ARRAY(SELECT id FROM changed)) b,
      LATERAL (VALUES
        (c.user_id, c.test, c.created_at, c.tag, c.status, c.delivered, c.complained, c.human_opened, c.clicked, 1),
        (c.old_user_id, c.old_test, c.old_created_at, c.old_tag, c.old_status, c.old_delivered, c.old_complained,
         c.old_human_opened, c.old_clicked, -1))
        AS m(user_id, test, created_at, tag, status, delivered, complained, human_opened, clicked, sign)
    WHERE c.id > b.cut OR c.id <= b.backfilled_to
  )
  INSERT INTO email_stats_hourly AS s (user_id, test, hour, tag, slot, total, unsent, accepted, sent,
    delivered_status, opened, bounced, complaint, scheduled, cancelled, delivered, complained, human_opened, clicked)
  SELECT m.user_id, m.test, date_trunc('hour', m.created_at, 'UTC'), m.tag, pg_backend_pid() % 16,
    sum(m.sign),
    sum(CASE WHEN m.status = 'UNSENT' THEN m.sign ELSE 0 END),
    sum(CASE WHEN m.status = 'ACCEPTED' THEN m.sign ELSE 0 END),
    sum(CASE WHEN m.status = 'SENT' THEN m.sign ELSE 0 END),
    sum(CASE WHEN m.status = 'DELIVERED' THEN m.sign ELSE 0 END),
    sum(CASE WHEN m.status = 'OPENED' THEN m.sign ELSE 0 END),
    sum(CASE WHEN m.status = 'BOUNCED' THEN m.sign ELSE 0 END),
    sum(CASE WHEN m.status = 'COMPLAINT' THEN m.sign ELSE 0 END),
    sum(CASE WHEN m.status = 'SCHEDULED' THEN m.sign ELSE 0 END),
    sum(CASE WHEN m.status = 'CANCELLED' THEN m.sign ELSE 0 END),
    sum(CASE WHEN m.delivered THEN m.sign ELSE 0 END),
    sum(CASE WHEN m.complained THEN m.sign ELSE 0 END),
    sum(CASE WHEN m.human_opened THEN m.sign ELSE 0 END),
    sum(CASE WHEN m.clicked THEN m.sign ELSE 0 END)
  FROM moves m
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ON CONSTRAINT email_stats_hourly_key DO UPDATE SET
    total = s.total + excluded.total,
    unsent = s.unsent + excluded.unsent,
    accepted = s.accepted + excluded.accepted,
    sent = s.sent + excluded.sent,
    delivered_status = s.delivered_status + excluded.delivered_status,
    opened = s.opened + excluded.opened,
    bounced = s.bounced + excluded.bounced,
    complaint = s.complaint + excluded.complaint,
    scheduled = s.scheduled + excluded.scheduled,
    cancelled = s.cancelled + excluded.cancelled,
    delivered = s.delivered + excluded.delivered,
    complained = s.complained + excluded.complained,
    human_opened = s.human_opened + excluded.human_opened,
    clicked = s.clicked + excluded.clicked;
  RETURN NULL;
END $$;

CREATE TRIGGER email_stats_count_inserts AFTER INSERT ON emails
  REFERENCING NEW TABLE AS new_emails
  FOR EACH STATEMENT EXECUTE FUNCTION email_stats_count_inserts();
CREATE TRIGGER email_stats_count_updates AFTER UPDATE ON emails
  REFERENCING OLD TABLE AS old_emails NEW TABLE AS new_emails
  FOR EACH STATEMENT EXECUTE FUNCTION email_stats_count_updates();

-- The cut is read after CREATE TRIGGER, whose lock (SHARE ROW EXCLUSIVE, held for the few milliseconds until this
-- migration commits) waited for every transaction writing emails to end: every email with id <= cut exists now,
-- and every later one is counted by the triggers. An empty table needs no backfill.
INSERT INTO email_stats_backfill (cut, finished_at)
SELECT COALESCE(max(id), 0), CASE WHEN max(id) IS NULL THEN now() END FROM emails;
