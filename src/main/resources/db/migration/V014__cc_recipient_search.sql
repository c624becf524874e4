-- postbox: no transaction
-- Recipient search over cc and bcc (SPEC §25, issue 13) at any size: email_cc gains a copy of its email's user_id and
-- created_at, so that one index answers "this user's emails copied to X, newest first" in page order. Every statement
-- runs on its own outside a transaction: the backfill commits in small batches and the index builds CONCURRENTLY, so
-- writes go on meanwhile on a 5 GB database, and a rerun after a crash is harmless.

-- Nullable columns without a default: a catalog change only, no table rewrite. Sends write both (store/Emails).
ALTER TABLE email_cc ADD COLUMN IF NOT EXISTS user_id bigint;
ALTER TABLE email_cc ADD COLUMN IF NOT EXISTS created_at timestamptz;

-- The backfill: 5,000 rows of email_cc at a time in primary-key order, each batch its own transaction (a DO block
-- called outside a transaction may COMMIT), so no row stays locked for longer than one batch.
DO $$
DECLARE
  batch_start bigint := (SELECT min(email_id) FROM email_cc WHERE user_id IS NULL);
  batch_end bigint;
BEGIN
  WHILE batch_start IS NOT NULL LOOP
    SELECT max(email_id) INTO batch_end
    FROM (SELECT email_id FROM email_cc WHERE email_id >= batch_start ORDER BY email_id LIMIT 5000) AS batch;
    UPDATE email_cc c SET user_id = e.user_id, created_at = e.created_at
    FROM emails e
    WHERE e.id = c.email_id AND c.email_id BETWEEN batch_start AND batch_end AND c.user_id IS NULL;
    COMMIT;
    batch_start := (SELECT min(email_id) FROM email_cc WHERE email_id > batch_end AND user_id IS NULL);
  END LOOP;
END
$$;

VACUUM (ANALYZE) email_cc;

-- EXPLAIN (ANALYZE, BUFFERS), generic plan, scale database (5,000,000 emails, 149,565 cc/bcc rows), the heavy user's
-- first page of recipient=records@city.example.gov (bcc on 49,758 emails, 24,990 of them the user's), load ~25:
-- before, Index Only Scan using email_cc_address gives all 49,758 ids (every user's), HashAggregate, 49,758
-- emails_pkey probes to keep the user's, top-N sort: 199,396 buffers (74,353 read), 4,894 ms.
-- After, Index Only Scan Backward using email_cc_recipient (address, user_id) stops at 11 rows, Nested Loop to
-- emails_pkey for the other filters, merged with the main-recipient branch: 60 buffers, 2.4 ms cold, 0.23 ms warm.
-- A main recipient of 3 emails: 11 buffers, 4.0 ms cold. The index is 11 MB on the scale database.
DROP INDEX CONCURRENTLY IF EXISTS email_cc_recipient;
CREATE INDEX CONCURRENTLY email_cc_recipient ON email_cc (address, user_id, created_at, email_id);

-- email_cc_recipient does all that (address, email_id) did: the updated_at sort finds the user's cc'd emails by it.
DROP INDEX CONCURRENTLY IF EXISTS email_cc_address;
