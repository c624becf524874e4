CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  rate_limit integer NOT NULL DEFAULT 10 CHECK (rate_limit BETWEEN 1 AND 10000),
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);

CREATE TABLE api_keys (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  hash text NOT NULL UNIQUE,
  last_five text NOT NULL,
  label text NOT NULL,
  valid_until timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);
CREATE INDEX api_keys_user ON api_keys (user_id);

CREATE TABLE verified_from_addresses (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  address text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  PRIMARY KEY (user_id, address)
);

CREATE TABLE emails (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  from_address text NOT NULL,
  recipient text NOT NULL,
  params json NOT NULL,
  attachments_metadata json,
  status text NOT NULL DEFAULT 'UNSENT',
  status_rank smallint NOT NULL DEFAULT 0,
  status_event_at timestamptz,
  status_event_key text,
  error_code text,
  error_sub_type text,
  accepted_at timestamptz,
  sent_at timestamptz,
  delivered_at timestamptz,
  opened_at timestamptz,
  bounced_at timestamptz,
  complained_at timestamptz,
  first_human_open_at timestamptz,
  click_count integer NOT NULL DEFAULT 0,
  classification text,
  tag text,
  disable_tracking boolean NOT NULL DEFAULT false,
  ses_message_id text,
  configuration_set text,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);
CREATE INDEX emails_user_created ON emails (user_id, created_at, id);
CREATE INDEX emails_user_updated ON emails (user_id, updated_at, id);
CREATE INDEX emails_user_tag ON emails (user_id, tag);
CREATE INDEX emails_user_status ON emails (user_id, status);
CREATE INDEX emails_ses_message_id ON emails (ses_message_id) WHERE ses_message_id IS NOT NULL;

CREATE TABLE email_cc (
  email_id bigint NOT NULL REFERENCES emails (id) ON DELETE CASCADE,
  address text NOT NULL,
  cc_type text NOT NULL CHECK (cc_type IN ('CC', 'BCC')),
  error_code text,
  PRIMARY KEY (email_id, address, cc_type)
);

CREATE TABLE email_events (
  id bigserial PRIMARY KEY,
  email_id bigint NOT NULL REFERENCES emails (id) ON DELETE CASCADE,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recipient text,
  source text NOT NULL,
  details json NOT NULL DEFAULT '{}',
  dedup_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);
CREATE INDEX email_events_timeline ON email_events (email_id, occurred_at, id);

CREATE TABLE blacklist (
  address text PRIMARY KEY,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);
