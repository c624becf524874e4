CREATE TABLE ingest_rejects (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  source text NOT NULL,
  reason text NOT NULL,
  raw_body text
);
CREATE INDEX ingest_rejects_received ON ingest_rejects (received_at);
