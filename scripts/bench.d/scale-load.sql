-- scripts/bench scale: fills a database that migrations V001–V007 created with :rows emails over the year before
-- now, by server-side INSERT … SELECT generate_series. Half of the emails belong to one heavy user (an agency sending
-- one-time passwords), the rest to five others; every email has two timeline events (UNSENT ones only their
-- send_failed), about 2 % a cc and 1 % a bcc. Every value comes from a hash of the email's number, so two builds
-- of the same size hold the same rows, apart from the year's end. Indexes and constraints are dropped during the
-- load, the tables are UNLOGGED meanwhile, and both come back as the migrations made them. Rows go in in id order
-- (generate_series and a sequential scan keep it), as production writes them.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '512MB';
SET work_mem = '256MB';
SET max_parallel_maintenance_workers = 0;
SET max_parallel_workers_per_gather = 0;
SELECT pg_backend_pid() AS backend_pid \gset
\! renice -n "${SCALE_NICE:-10}" -p :backend_pid >/dev/null 2>&1 || true

\echo users
INSERT INTO users (email, rate_limit) VALUES
  ('otp@scale.example.gov', 10000), ('newsletters@scale.example.gov', 10000), ('billing@scale.example.gov', 10000),
  ('alerts@scale.example.gov', 10000), ('accounts@scale.example.gov', 10000), ('tickets@scale.example.gov', 10000);
SELECT min(id) AS first_user, date_trunc('second', now()) AS year_end FROM users \gset

-- what the load drops and puts back: constraints (primary keys, unique, foreign keys) and the other indexes
CREATE TABLE scale_saved_definitions AS
  SELECT conrelid::regclass::text AS table_name, conname AS name, pg_get_constraintdef(oid) AS definition,
         CASE contype WHEN 'f' THEN 3 ELSE 1 END AS restore_order, true AS is_constraint
  FROM pg_constraint
  WHERE conrelid IN ('emails'::regclass, 'email_cc'::regclass, 'email_events'::regclass) AND contype IN ('p', 'u', 'f')
  UNION ALL
  SELECT indrelid::regclass::text, indexrelid::regclass::text, pg_get_indexdef(indexrelid), 2, false
  FROM pg_index i
  WHERE indrelid IN ('emails'::regclass, 'email_cc'::regclass, 'email_events'::regclass)
    AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);

SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', table_name, name)
FROM scale_saved_definitions WHERE is_constraint ORDER BY restore_order DESC \gexec
SELECT format('DROP INDEX %s', name) FROM scale_saved_definitions WHERE NOT is_constraint \gexec
ALTER TABLE emails DISABLE TRIGGER USER;
ALTER TABLE emails SET UNLOGGED;
ALTER TABLE email_cc SET UNLOGGED;
ALTER TABLE email_events SET UNLOGGED;

\echo emails
INSERT INTO emails (id, user_id, from_address, recipient, params, params_bytes, status, status_rank,
                    status_event_at, status_event_key, error_code, error_sub_type, accepted_at, sent_at,
                    delivered_at, opened_at, bounced_at, complained_at, first_human_open_at, click_count, tag,
                    ses_message_id, configuration_set, created_at, updated_at)
SELECT g, user_id, from_address, recipient, params, octet_length(params::text), status, rank,
       CASE rank WHEN 0 THEN NULL WHEN 1 THEN accepted_at ELSE event_at END,
       CASE rank WHEN 0 THEN NULL WHEN 1 THEN 'api:accepted:' || g ELSE event_key END,
       CASE status WHEN 'UNSENT' THEN 'Blacklisted recipient' WHEN 'BOUNCED' THEN 'Hard bounce'
                   WHEN 'COMPLAINT' THEN 'Complaint' END,
       CASE status WHEN 'BOUNCED' THEN 'General' WHEN 'COMPLAINT' THEN 'abuse' END,
       accepted_at,
       CASE WHEN rank >= 2 THEN created_at + interval '800 ms' END,
       CASE WHEN status IN ('DELIVERED', 'OPENED', 'COMPLAINT') THEN created_at + interval '3 s' END,
       CASE WHEN status = 'OPENED' THEN event_at END,
       CASE WHEN status = 'BOUNCED' THEN event_at END,
       CASE WHEN status = 'COMPLAINT' THEN event_at END,
       CASE WHEN status = 'OPENED' AND g % 5 <> 0 THEN event_at END,
       CASE WHEN status = 'OPENED' AND g % 4 = 0 THEN 1 ELSE 0 END,
       tag,
       CASE WHEN rank >= 1 THEN message_id END,
       CASE WHEN rank >= 1 THEN 'postbox-tracking' END,
       created_at,
       CASE rank WHEN 0 THEN created_at + interval '10 ms' WHEN 1 THEN accepted_at ELSE event_at END
FROM (
  SELECT g, user_id, created_at, status, rank, tag, message_id, accepted_at, event_at,
         encode(sha256(convert_to(event_type || E'\n' || message_id || E'\n' || event_at, 'UTF8')), 'hex') AS event_key,
         (ARRAY['OTP Service <no-reply@otp.example.gov>', 'City News <news@city.example.gov>',
                'Billing <billing@city.example.gov>', 'Alerts <alerts@city.example.gov>',
                'Accounts <accounts@city.example.gov>', 'Help Desk <help@city.example.gov>'])[user_id - :first_user + 1]
           AS from_address,
         'citizen' || citizen || '@' || (ARRAY['mail.example.com', 'inbox.example.net', 'post.example.org',
           'example.com', 'example.net', 'users.example.org', 'home.example.com'])[citizen % 7 + 1] AS recipient,
         CASE WHEN user_id = :first_user THEN
           json_build_object('body', '<p>Your one-time password is <b>' || lpad((g * 7919 % 1000000)::text, 6, '0')
             || '</b>. It expires in 5 minutes. Do not share it with anyone.</p>',
             'from', 'OTP Service <no-reply@otp.example.gov>', 'subject', 'Your one-time password')
         ELSE
           json_build_object('body', '<p>Dear resident,</p><p>This is message ' || g || ' about your account. '
             || 'Please review the details in the portal and contact us if anything looks wrong.</p>'
             || '<p>Kind regards,<br>City Services</p>',
             'from', 'City Services <no-reply@city.example.gov>', 'subject', 'Update on your account #' || g)
         END AS params
  FROM (
    SELECT g, user_id, created_at, status, rank, tag, citizen, message_id,
           created_at + interval '40 ms' AS accepted_at,
           created_at + CASE status WHEN 'SENT' THEN interval '800 ms' WHEN 'OPENED' THEN interval '2 min' * (1 + g % 90)
                                    WHEN 'COMPLAINT' THEN interval '1 hour' ELSE interval '3 s' END AS event_at,
           CASE status WHEN 'SENT' THEN 'Send' WHEN 'DELIVERED' THEN 'Delivery' WHEN 'OPENED' THEN 'Open'
                       WHEN 'BOUNCED' THEN 'Bounce' ELSE 'Complaint' END AS event_type
    FROM (
      SELECT g,
             CASE WHEN g % 2 = 0 THEN :first_user
                  ELSE :first_user + 1 + CASE WHEN h_user < 40 THEN 0 WHEN h_user < 64 THEN 1 WHEN h_user < 80 THEN 2
                                              WHEN h_user < 92 THEN 3 ELSE 4 END
             END AS user_id,
             date_trunc('milliseconds', :'year_end'::timestamptz - interval '365 days'
               + make_interval(secs => (g - 1) * 31536000.0 / :rows)) AS created_at,
             CASE WHEN h_status < 780 THEN 'DELIVERED' WHEN h_status < 900 THEN 'OPENED' WHEN h_status < 930 THEN 'SENT'
                  WHEN h_status < 955 THEN 'BOUNCED' WHEN h_status < 958 THEN 'COMPLAINT'
                  WHEN h_status < 970 THEN 'ACCEPTED' ELSE 'UNSENT' END AS status,
             CASE WHEN h_status < 780 THEN 4 WHEN h_status < 900 THEN 5 WHEN h_status < 930 THEN 2
                  WHEN h_status < 955 THEN 6 WHEN h_status < 958 THEN 7 WHEN h_status < 970 THEN 1 ELSE 0 END AS rank,
             CASE WHEN g % 2 = 0 THEN
                    CASE WHEN h_tag < 60 THEN 'otp' WHEN h_tag < 75 THEN 'login' WHEN h_tag < 85 THEN 'password-reset'
                         WHEN h_tag < 92 THEN 'email-change' END
                  WHEN h_tag < 90 THEN (ARRAY['welcome', 'invoice', 'newsletter', 'otp', 'receipt', 'reminder'])[h_tag % 6 + 1]
             END AS tag,
             h_citizen % (:rows / 5 + 1) AS citizen,
             '0100018c' || lpad(to_hex(g), 8, '0') || '-' || lpad(to_hex(h_citizen % 4294967296), 8, '0')
               || '-scale-000000' AS message_id
      FROM generate_series(1::bigint, :rows) AS g,
           LATERAL (SELECT abs(hashint8extended(g, 11)) % 100 AS h_user, abs(hashint8extended(g, 21)) % 1000 AS h_status,
                           abs(hashint8extended(g, 31)) % 100 AS h_tag, abs(hashint8extended(g, 41)) AS h_citizen) AS h
    ) AS drawn
  ) AS timed
) AS built;
SELECT setval('emails_id_seq', :rows) \g /dev/null

\echo email_cc
INSERT INTO email_cc (email_id, address, cc_type)
SELECT id, CASE WHEN h < 2 THEN 'family' || id % 100000 || '@mail.example.com' ELSE 'records@city.example.gov' END,
       CASE WHEN h < 2 THEN 'CC' ELSE 'BCC' END
FROM (SELECT id, abs(hashint8extended(id, 51)) % 100 AS h FROM emails) AS e
WHERE h < 3;

\echo email_events
INSERT INTO email_events (email_id, type, occurred_at, recipient, source, details, dedup_key, created_at)
SELECT e.id, t.type, t.occurred_at, t.recipient, t.source, t.details, t.dedup_key, t.occurred_at
FROM emails e
CROSS JOIN LATERAL (VALUES
  (1, CASE WHEN e.status_rank = 0 THEN 'send_failed' ELSE 'accepted' END,
   COALESCE(e.accepted_at, e.created_at + interval '10 ms'), NULL, 'api',
   CASE WHEN e.status_rank = 0 THEN json_build_object('error_code', 'Blacklisted recipient', 'error_sub_type', NULL)
        ELSE json_build_object('ses_message_id', e.ses_message_id, 'configuration_set', e.configuration_set) END,
   CASE WHEN e.status_rank = 0 THEN 'api:send_failed:' ELSE 'api:accepted:' END || e.id),
  (2, CASE e.status WHEN 'ACCEPTED' THEN 'delivery_delay' WHEN 'SENT' THEN 'send' WHEN 'DELIVERED' THEN 'delivery'
                    WHEN 'OPENED' THEN 'open' WHEN 'BOUNCED' THEN 'bounce' WHEN 'COMPLAINT' THEN 'complaint' END,
   CASE WHEN e.status_rank = 1 THEN e.accepted_at + interval '10 min' ELSE e.status_event_at END,
   CASE WHEN e.status_rank >= 2 THEN e.recipient END, 'ses',
   CASE e.status
     WHEN 'ACCEPTED' THEN json_build_object('delay_type', 'TransientCommunicationFailure', 'expiration_time',
       e.accepted_at + interval '1 day', 'status', '4.4.1', 'diagnostic_code', 'smtp; 421 4.4.1 try again later')
     WHEN 'SENT' THEN json_build_object()
     WHEN 'DELIVERED' THEN json_build_object('smtp_response', '250 2.0.0 OK', 'processing_time_ms', 1500,
       'reporting_mta', 'a8-70.smtp-out.amazonses.com')
     WHEN 'OPENED' THEN json_build_object('user_agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)',
       'ip_address', '198.51.100.' || e.id % 250, 'machine', false, 'machine_reason', NULL)
     WHEN 'BOUNCED' THEN json_build_object('bounce_type', 'Permanent', 'bounce_sub_type', 'General', 'action', 'failed',
       'status', '5.1.1', 'diagnostic_code', 'smtp; 550 5.1.1 user unknown')
     ELSE json_build_object('feedback_type', 'abuse', 'complaint_sub_type', NULL, 'user_agent', NULL)
   END,
   CASE WHEN e.status_rank = 1 THEN 'scale:delay:' || e.id ELSE e.status_event_key END)
) AS t(n, type, occurred_at, recipient, source, details, dedup_key)
WHERE t.type IS NOT NULL;

\echo logged
ALTER TABLE emails SET LOGGED;
ALTER TABLE email_cc SET LOGGED;
ALTER TABLE email_events SET LOGGED;

\echo indexes
SELECT CASE WHEN is_constraint THEN format('ALTER TABLE %s ADD CONSTRAINT %I %s', table_name, name, definition)
            ELSE definition END
FROM scale_saved_definitions ORDER BY restore_order, table_name, name \gexec
ALTER TABLE emails ENABLE TRIGGER USER;
DROP TABLE scale_saved_definitions;

\echo vacuum
VACUUM (FREEZE, ANALYZE) users, emails, email_cc, email_events;
