-- The foreign key from the timeline to emails took a KEY SHARE lock on the email row for every inserted event (a
-- WAL record each, and a multixact when batches overlap), which on much-opened emails cost more than the insert.
-- Timeline rows are written only for emails read in the same transaction, and emails are never deleted.
ALTER TABLE email_events DROP CONSTRAINT IF EXISTS email_events_email_id_fkey;
