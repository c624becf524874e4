-- Per-user suppressions (SPEC §27): complaints on the user's mail and the user's own manual entries.
CREATE TABLE suppressions (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  address text NOT NULL CHECK (address = lower(address)),
  reason text NOT NULL CHECK (reason IN ('complaint', 'manual')),
  origin text NOT NULL CHECK (origin IN ('ses', 'api')),
  email_id bigint,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  PRIMARY KEY (user_id, address)
);
-- Newest-first keyset pages: (created_at, address) descending within one user.
CREATE INDEX suppressions_user_newest ON suppressions (user_id, created_at DESC, address DESC);
