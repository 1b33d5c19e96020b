import type { Database } from 'better-sqlite3';

/** The first schema: workspace, admin tokens, API keys, audit trail, usage, webhooks. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE workspaces (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      brand TEXT,
      region TEXT,
      reply_to TEXT,
      scim_custom_attributes INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL
    );

    CREATE TABLE admin_tokens (
      id TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id),
      name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'auditor', 'verifier')),
      token_hash TEXT NOT NULL UNIQUE,
      prefix TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE api_keys (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
      details TEXT NOT NULL
    );
    CREATE INDEX audit_by_time ON audit_events (at DESC, seq DESC);
    CREATE INDEX audit_by_key ON audit_events (key_id, at DESC, seq DESC);

    CREATE TABLE key_uses (
      key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
      at TEXT NOT NULL,
      ip TEXT,
      user_agent TEXT
    );
    CREATE INDEX key_uses_by_key ON key_uses (key_id, at);

    CREATE TABLE key_usage_daily (
      key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
      day TEXT NOT NULL,
      requests INTEGER NOT NULL,
      PRIMARY KEY (key_id, day)
    ) WITHOUT ROWID;

    CREATE TABLE webhooks (
      id TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id),
      url TEXT NOT NULL,
      events TEXT NOT NULL,
      secret TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE webhook_deliveries (
      id TEXT PRIMARY KEY,
      webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
      event_id TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      at TEXT NOT NULL,
      status_code INTEGER,
      error TEXT,
      delivered INTEGER NOT NULL
    );
    CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, at);
  `);
}
