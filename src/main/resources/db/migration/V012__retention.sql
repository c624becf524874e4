-- postbox: no transaction
-- SPEC §31 retention. Every statement runs on its own, outside a transaction, so that the index builds with
-- CREATE INDEX CONCURRENTLY (writes go on meanwhile) and a rerun after a crash is harmless.

-- When the email's content was redacted; NULL while it is kept. A nullable column without a default is a catalog
-- change only: no table rewrite.
ALTER TABLE emails ADD COLUMN IF NOT EXISTS redacted_at timestamptz;

-- A user's own retention (admin `user set-retention`); NULL follows retention.contentDays / retention.deleteDays,
-- 0 keeps for ever. users is small: the CHECKs scan it once.
ALTER TABLE users ADD COLUMN IF NOT EXISTS retention_content_days integer CHECK (retention_content_days BETWEEN 0 AND 3650);
ALTER TABLE users ADD COLUMN IF NOT EXISTS retention_delete_days integer CHECK (retention_delete_days BETWEEN 0 AND 3650);

-- The redaction walk: "this user's oldest emails not yet redacted, created before the cutoff", 500 at a time.
-- Redacted rows leave this partial index, so every batch starts at the first row still to do, however much history
-- is already redacted; the same walk on (user_id, created_at, id) re-reads every redacted row before it on each
-- batch (their heap rows, to test redacted_at). The index holds only the unredacted window once retention runs.
-- EXPLAIN (ANALYZE, BUFFERS, WAL) of one batch (Retention.REDACT, 500 rows, generic plan), 300,000 emails of one
-- user of which the oldest 200,000 are already redacted, on a loaded 2-core machine (load average 24):
--   with it:    Index Scan using emails_user_unredacted, 500 rows, 39 buffers, 0.5–10 ms to find them,
--               98–290 ms for the whole batch, nearly all of it writing the 500 new row versions and their index
--               entries (5,600 WAL records).
--   without it: Index Scan using emails_user_created, Rows Removed by Filter: 200000, 28,000 buffers, 1.4–4.3 s to
--               find the same 500 rows, and more with every batch already done.
-- It costs one more index entry per send. It does not cost redaction its HOT updates: the rows' pages are full, so
-- even with no index on redacted_at an UPDATE of 500 fresh rows was HOT for 34 of them (measured).
-- Deletion needs no index of its own: deleted rows leave every index, and (user_id, created_at, id) finds the oldest.
DROP INDEX CONCURRENTLY IF EXISTS emails_user_unredacted;
CREATE INDEX CONCURRENTLY emails_user_unredacted ON emails (user_id, created_at) WHERE redacted_at IS NULL;
