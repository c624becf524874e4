-- pgbench "read" ceiling: one email by primary key, for its owner, as GET /v1/transactional/email/{id} reads it.
\set email_id random(1, :emails)
SELECT e.*,
       ARRAY(SELECT c.address FROM email_cc c WHERE c.email_id = e.id AND c.cc_type = 'CC' ORDER BY c.address) AS cc,
       ARRAY(SELECT c.address FROM email_cc c WHERE c.email_id = e.id AND c.cc_type = 'BCC' ORDER BY c.address) AS bcc
FROM emails e WHERE e.id = :email_id AND e.user_id = :user_id;
