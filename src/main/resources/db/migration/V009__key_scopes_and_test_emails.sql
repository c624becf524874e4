-- SPEC §28: what a key may do (scope) and whether its sends are tests (mode); test emails are kept apart.
ALTER TABLE api_keys ADD COLUMN scope text NOT NULL DEFAULT 'full' CHECK (scope IN ('full', 'send', 'read'));
ALTER TABLE api_keys ADD COLUMN mode text NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'test'));

ALTER TABLE emails ADD COLUMN test boolean NOT NULL DEFAULT false;
-- a test key's list and stats walk only its few test emails, not the user's live history
CREATE INDEX emails_user_test_created ON emails (user_id, created_at, id) WHERE test;
