-- A partial index (WHERE ses_message_id IS NOT NULL) cannot serve "ses_message_id = ANY($1)" in a prepared
-- statement's generic plan, which is what the event pipeline runs: index every row instead.
DROP INDEX IF EXISTS emails_ses_message_id;
CREATE INDEX emails_ses_message_id ON emails (ses_message_id);
