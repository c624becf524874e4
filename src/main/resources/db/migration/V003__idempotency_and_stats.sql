-- SPEC §17: one row per (user, Idempotency-Key). state 'in_flight' while the first request runs (claim_id names
-- its holder, so that a late finish of an abandoned claim cannot overwrite a newer one), 'finished' once its final
-- status code and body are stored. A 503 provider_unavailable deletes the row (key released).
CREATE TABLE idempotency_keys (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key text NOT NULL,
  fingerprint text NOT NULL,
  state text NOT NULL CHECK (state IN ('in_flight', 'finished')),
  claim_id uuid NOT NULL,
  response_code integer,
  response_body json,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, key)
);
-- The periodic purge deletes by expiry.
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);

-- SPEC §18 statistics read the window of one user's emails through emails_user_created (user_id, created_at, id);
-- no further index is needed.
