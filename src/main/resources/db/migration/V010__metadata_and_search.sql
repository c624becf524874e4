-- postbox: no transaction
-- SPEC §25–26 on a large emails table: every statement here runs on its own, outside a transaction, so that the
-- indexes build with CREATE INDEX CONCURRENTLY (writes go on meanwhile) and a rerun after a crash is harmless.

-- SPEC §26: the metadata of a send; NULL when none (answered as {}), so that such rows stay out of the GIN index.
-- A nullable column without a default is a catalog change only: no table rewrite.
ALTER TABLE emails ADD COLUMN IF NOT EXISTS metadata jsonb;

-- Recipient search (§25), main recipient: recipients are stored lowercased (§4.2 normalises them on send), so a
-- lowercased search value matches with plain equality and needs no expression index. (user_id, recipient,
-- created_at, id) answers "this user's emails to X, newest first" from the index alone, in the order of the page.
-- EXPLAIN (ANALYZE, BUFFERS), scale database of 200,000 emails, user of 100,000, an address with 12 emails:
-- Index Only Scan using emails_user_recipient (Heap Fetches: 0) + email_cc_address, HashAggregate of 12 ids,
-- 12 primary-key probes, top-N sort: 3.3 ms. Without it: no plan but a walk of the user's 100,000 rows.
DROP INDEX CONCURRENTLY IF EXISTS emails_user_recipient;
CREATE INDEX CONCURRENTLY emails_user_recipient ON emails (user_id, recipient, created_at, id);

-- Recipient search, cc and bcc: email_cc's key starts with email_id, which cannot find the emails of an address.
-- Stored lowercased too; the emails found are then checked against the user through the primary key.
-- EXPLAIN: Index Only Scan using email_cc_address (Heap Fetches: 0); an address copied on 2,017 emails: 77 ms, the
-- planner hashing those ids against the user's (user_id, created_at, id) entries. Without it: a seq scan of email_cc.
DROP INDEX CONCURRENTLY IF EXISTS email_cc_address;
CREATE INDEX CONCURRENTLY email_cc_address ON email_cc (address, email_id);

-- Metadata filters (§25): metadata[k]=v filters become one containment test, metadata @> '{"k":"v", ...}', which a
-- jsonb_path_ops GIN index answers (it indexes key/value pairs, smaller than the default jsonb_ops).
-- EXPLAIN, 33,333 emails with metadata: one order_id, Bitmap Index Scan on emails_metadata, 5.6 ms; a value shared
-- by 4,762 emails, 8.4 ms. An expression index would serve one key only; the keys are the caller's.
DROP INDEX CONCURRENTLY IF EXISTS emails_metadata;
CREATE INDEX CONCURRENTLY emails_metadata ON emails USING gin (metadata jsonb_path_ops);

-- tag=otp&offset=10000 (issue 13: 4.6 s): the list walked (user_id, created_at, id) and read the heap row of every
-- entry to test the tag. With the tag between user and sort key, the skipped entries of one tag are consecutive in
-- the index and the page's ids come from it alone (an index-only scan); it also does all that (user_id, tag) did.
-- EXPLAIN, tag=otp&offset=10000 for the user of 100,000 (74,761 otp): before, Index Scan Backward using
-- emails_user_created, Filter tag, 16,787 rows read, 2,996 buffers, 47.8 ms; after, Index Only Scan Backward using
-- emails_user_tag_created, Heap Fetches: 0, 15.0 ms.
DROP INDEX CONCURRENTLY IF EXISTS emails_user_tag_created;
CREATE INDEX CONCURRENTLY emails_user_tag_created ON emails (user_id, tag, created_at, id);
DROP INDEX CONCURRENTLY IF EXISTS emails_user_tag;
