-- SPEC §30: scheduled sends. scheduled_at is the send_at the client asked for (null when not scheduled);
-- claimed_until is the lease of the dispatch node sending a due email: due rows are claimed FOR UPDATE SKIP
-- LOCKED, and a lease that expires (its node died before SES answered) lets any node claim the email again.
ALTER TABLE emails ADD COLUMN scheduled_at timestamptz, ADD COLUMN claimed_until timestamptz;

CREATE INDEX emails_scheduled_due ON emails (scheduled_at) WHERE status = 'SCHEDULED';
