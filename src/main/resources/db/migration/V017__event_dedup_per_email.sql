-- postbox: no transaction
-- Event deduplication per email (issue 13: send and ingest on a big database). The timeline's dedup keys are SHA-256
-- hex strings, so the unique index on dedup_key alone receives every new event at a random leaf: on the scale
-- database (5,000,000 emails, 9,850,446 events) it is 633 MB, five times shared_buffers, and each event insert read a
-- leaf from outside the buffer cache and dirtied it (a full-page image in the WAL after every checkpoint).
-- A key belongs to one email (an SES event names its message, a pixel open its email), so uniqueness per email
-- deduplicates the same events; with email_id first, the events of new emails land on the index's last leaves.
-- EXPLAIN (ANALYZE, BUFFERS, WAL) after a CHECKPOINT on the scale database: 4,000 timeline events (send and delivery
-- for the heavy user's 2,000 newest emails, random SHA-256 keys, as sends make them), ON CONFLICT DO NOTHING:
-- before, on dedup_key: 4,699 blocks read from outside shared_buffers by that index alone (the timeline index 77,
-- the primary key 12), 8,237 full-page images, 65.9 MB of WAL, 7,455 ms (load ~15). After, on (email_id, dedup_key):
-- the index reads 75 blocks, 4,153 full-page images, 35.5 MB of WAL, 1,293 ms. The new index is 718 MB.
-- Events on old emails (4,000 on 1,000 random emails, both indexes present): dedup_key read 3,816 blocks,
-- (email_id, dedup_key) 1,102, one leaf per email like email_events_timeline (967).
DROP INDEX CONCURRENTLY IF EXISTS email_events_email_dedup;
CREATE UNIQUE INDEX CONCURRENTLY email_events_email_dedup ON email_events (email_id, dedup_key);

-- The old constraint's index goes with it: a brief catalog lock, no scan.
ALTER TABLE email_events DROP CONSTRAINT IF EXISTS email_events_dedup_key_key;
