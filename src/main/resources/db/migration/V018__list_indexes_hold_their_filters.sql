-- postbox: no transaction
-- Lists on a year of data (issue 13), chosen by EXPLAIN (ANALYZE, BUFFERS) on scripts/bench scale's database of
-- 5,000,000 emails (one user owns 2,500,000). Each index is built CONCURRENTLY under a new name, the old one dropped
-- CONCURRENTLY, and the new one renamed: writes go on meanwhile, and a rerun after a crash rebuilds and ends the same.
--
-- 1. emails_user_created (user_id, created_at, id) gains test as an INCLUDE column. Every list filters on test (a
--    test key sees only test emails, SPEC §28), which the index did not hold, so `offset=1000000` fetched a million
--    heap rows to read it: 1.9 s through the API. With test in the index it is an Index Only Scan with Heap
--    Fetches: 0, 254 ms warm (507 ms cold, 6,126 buffers). 193 MB -> 237 MB.
DROP INDEX CONCURRENTLY IF EXISTS emails_user_created_with_test;
CREATE INDEX CONCURRENTLY emails_user_created_with_test ON emails (user_id, created_at, id) INCLUDE (test);
DROP INDEX CONCURRENTLY IF EXISTS emails_user_created;
ALTER INDEX emails_user_created_with_test RENAME TO emails_user_created;

-- 2. emails_user_status (user_id, status) becomes (user_id, status, created_at, id) for the statuses a filter looks
--    for among few rows: all but DELIVERED and OPENED (90 % of a sender's emails, found quickly by walking
--    emails_user_created). A status filter on one day walked the user's whole day in emails_user_created and read
--    each row from the heap to check its status (status=BOUNCED on a day of 6,849 emails, 169 bounced: 7.1 ms, 101
--    buffers); now it is a range of this index in page order: 1.0 ms, 13 buffers. The list writes the status into
--    the SQL as a literal (a validated name) so that the generic plan can use the partial index. 34 MB -> 24 MB:
--    a delivery or an open, most of the updates, writes nothing here (the full index measured 272 MB and took an
--    entry at the email's place for every status change, which a late event on an old email pays for).
DROP INDEX CONCURRENTLY IF EXISTS emails_user_status_created;
CREATE INDEX CONCURRENTLY emails_user_status_created ON emails (user_id, status, created_at, id)
  WHERE status NOT IN ('DELIVERED', 'OPENED');
DROP INDEX CONCURRENTLY IF EXISTS emails_user_status;
