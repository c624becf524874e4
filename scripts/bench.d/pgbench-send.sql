-- pgbench "send" ceiling: one transaction that inserts an email row as postbox's send does, then moves it to SENT.
\set reader random(1, 1000000)
BEGIN;
INSERT INTO emails (user_id, from_address, recipient, params, attachments_metadata, classification, tag,
                    disable_tracking)
VALUES (:user_id, 'Postbox <no-reply@example.gov>', 'reader' || :reader || '@example.com',
        '{"body":"<p>Hello <b>bench</b></p>","from":"Postbox <no-reply@example.gov>","subject":"Bench"}', NULL,
        NULL, 'bench', false)
RETURNING id AS email_id \gset
UPDATE emails SET status = 'SENT', status_rank = 2, status_event_at = now(), status_event_key = 'pgbench:' || id,
                  accepted_at = now(), sent_at = now(), ses_message_id = 'pgbench-' || id,
                  configuration_set = 'postbox-tracking', updated_at = now()
WHERE id = :email_id;
END;
