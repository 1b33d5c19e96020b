/**
 * The whole schema as of SQLite's migration 6, in PostgreSQL's terms. Times stay ISO-8601 text in
 * UTC, compared as text like SQLite does, so both backends order and filter identically.
 * Besides SQLite's tables: the audit chain's head (one row, locked by every append so nodes
 * append to one chain), a lease on webhook deliveries (a node that dies mid-delivery lets
 * another take it over), and the failed-authentication windows every node counts in.
 */
export const INITIAL = `
  CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    brand TEXT,
    region TEXT,
    reply_to TEXT,
    scim_custom_attributes BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL
  );
  -- One workspace per database, as per data directory: two inits racing on two nodes make one.
  CREATE UNIQUE INDEX one_workspace ON workspaces ((TRUE));

  CREATE TABLE admin_tokens (
    seq BIGSERIAL UNIQUE,
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'auditor', 'verifier')),
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT,
    email TEXT
  );

  CREATE TABLE api_keys (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL CHECK (scope IN ('scim', 'on_premise', 'public_api')),
    environment TEXT NOT NULL CHECK (environment IN ('live', 'test')),
    options TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_reason TEXT,
    revoked_by TEXT,
    last_used_at TEXT,
    last_used_ip TEXT,
    rotated_from_id TEXT,
    rotated_to_id TEXT,
    overlap_ends_at TEXT,
    expiring_notice_at TEXT,
    expired_notice_at TEXT,
    overlap_closed_at TEXT
  );
  CREATE INDEX api_keys_by_created ON api_keys (created_at DESC, seq DESC);
  CREATE INDEX api_keys_by_expiry ON api_keys (expires_at);

  CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    actor_type TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    key_id TEXT,
    key_prefix TEXT,
    ip TEXT,
    user_agent TEXT,
    details TEXT NOT NULL,
    hash TEXT
  );
  CREATE INDEX audit_by_time ON audit_events (at DESC, seq DESC);
  CREATE INDEX audit_by_key ON audit_events (key_id, at DESC, seq DESC);
  CREATE INDEX audit_by_type ON audit_events (type, at DESC, seq DESC);
  CREATE INDEX audit_by_actor ON audit_events (actor_id, at DESC, seq DESC);

  CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT
  );
  INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, NULL);

  CREATE TABLE key_uses (
    key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    ip TEXT,
    user_agent TEXT,
    requests BIGINT NOT NULL DEFAULT 1
  );
  CREATE INDEX key_uses_by_key ON key_uses (key_id, at);
  CREATE INDEX key_uses_by_time ON key_uses (at);

  CREATE TABLE key_usage_daily (
    key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    requests BIGINT NOT NULL,
    PRIMARY KEY (key_id, day)
  );

  CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    url TEXT NOT NULL,
    events JSONB NOT NULL,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
  );

  CREATE TABLE webhook_deliveries (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    response_code INTEGER,
    error TEXT,
    created_at TEXT NOT NULL,
    last_attempt_at TEXT,
    next_attempt_at TEXT,
    redelivery_of TEXT,
    claimed_until TEXT
  );
  CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at DESC, seq DESC);
  CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);
  CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

  CREATE TABLE webhook_attempts (
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    at TEXT NOT NULL,
    status_code INTEGER,
    error TEXT,
    delivered BOOLEAN NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
  );

  CREATE TABLE email_outbox (
    id TEXT PRIMARY KEY,
    key_id TEXT NOT NULL,
    key_prefix TEXT NOT NULL,
    notice TEXT NOT NULL CHECK (notice IN ('expiring', 'expired')),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    sent_at TEXT,
    failed_at TEXT,
    UNIQUE (key_id, notice, recipient)
  );
  CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

  -- Losing these windows in a crash only forgives some failed guesses: not worth the WAL.
  CREATE UNLOGGED TABLE auth_failures (
    client TEXT PRIMARY KEY,
    window_started_ms BIGINT NOT NULL,
    failures INTEGER NOT NULL
  );
`;
