/**
 * Service databases as earlier releases left them: the schema of a given version, built by the
 * released migration files and recorded the way every release records it (`user_version`), with
 * rows written by plain SQL as that release's code wrote them. Nothing here goes through the
 * current repositories, which only know the newest schema.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hashSecret } from '../../../src/server/domain/ids.ts';
import { databasePath } from '../../../src/server/storage/sqlite/database.ts';
import { MIGRATIONS } from '../../../src/server/storage/sqlite/migrations/index.ts';
import { generateCredential, labelOf } from '../../../src/shared/credentials.ts';

export const WORKSPACE_ID = 'ws_acmeAcmeAcmeAcme01';
export const OWNER_TOKEN_ID = 'tok_ownerOwnerOwner01';
export const CI_TOKEN_ID = 'tok_ciCiCiCiCiCiCiCi01';
export const KEY_ID = 'key_billingBilling0001';

/** What a workspace held when the release before an upgrade stopped. */
export interface EarlierWorkspace {
  dataDir: string;
  ownerToken: string;
  ciToken: string;
  /** The secret of the live SCIM key "Billing sync". */
  keySecret: string;
}

/** A data directory whose database is at `version`, holding no rows yet. */
export function databaseAtVersion(version: number): { dataDir: string; db: Database.Database } {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'keywarden-upgrade-')), 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const db = new Database(databasePath(dataDir));
  db.pragma('journal_mode = WAL');
  for (const migration of MIGRATIONS.slice(0, version)) migration.up(db);
  db.pragma(`user_version = ${version}`);
  return { dataDir, db };
}

/**
 * A workspace in use since version 1: an owner and a CI admin token, one live key used three
 * times over two days, and the audit event of its creation. Written with version 1's columns
 * only, so it fits every later schema too.
 */
export function seedWorkspace(db: Database.Database, dataDir: string): EarlierWorkspace {
  const ownerToken = generateCredential('lsa_');
  const ciToken = generateCredential('lsa_');
  const keySecret = generateCredential('lsk_live_');
  const owner = { type: 'admin_token', id: OWNER_TOKEN_ID, name: 'Owner' };
  db.prepare(
    `INSERT INTO workspaces (id, name, brand, region, reply_to, scim_custom_attributes, created_at)
     VALUES (?, 'Acme', 'Acme Cloud', 'eu', NULL, 1, '2029-06-01T09:00:00.000Z')`,
  ).run(WORKSPACE_ID);
  const insertToken = db.prepare(
    `INSERT INTO admin_tokens (id, workspace_id, name, role, token_hash, prefix, created_at)
     VALUES (?, ?, ?, ?, ?, ?, '2029-06-01T09:00:00.000Z')`,
  );
  insertToken.run(OWNER_TOKEN_ID, WORKSPACE_ID, 'Owner', 'owner', hashSecret(ownerToken), labelOf(ownerToken));
  insertToken.run(CI_TOKEN_ID, WORKSPACE_ID, 'CI pipeline', 'admin', hashSecret(ciToken), labelOf(ciToken));
  db.prepare(
    `INSERT INTO api_keys (id, workspace_id, name, prefix, secret_hash, scope, environment, options,
       created_at, created_by, expires_at, last_used_at, last_used_ip)
     VALUES (?, ?, 'Billing sync', ?, ?, 'scim', 'live', NULL, '2029-06-02T10:00:00.000Z', ?,
       '2031-06-02T10:00:00.000Z', '2029-12-31T18:30:00.000Z', '203.0.113.0')`,
  ).run(KEY_ID, WORKSPACE_ID, labelOf(keySecret), hashSecret(keySecret), JSON.stringify(owner));
  const insertUse = db.prepare(
    `INSERT INTO key_uses (key_id, at, ip, user_agent) VALUES (?, ?, '203.0.113.0', 'sync/1.0')`,
  );
  for (const at of ['2029-12-30T08:00:00.000Z', '2029-12-30T09:00:00.000Z', '2029-12-31T18:30:00.000Z']) {
    insertUse.run(KEY_ID, at);
  }
  const insertDay = db.prepare('INSERT INTO key_usage_daily (key_id, day, requests) VALUES (?, ?, ?)');
  insertDay.run(KEY_ID, '2029-12-30', 2);
  insertDay.run(KEY_ID, '2029-12-31', 1);
  db.prepare(
    `INSERT INTO audit_events (id, type, at, actor_type, actor_id, actor_name, key_id, key_prefix, ip, user_agent, details)
     VALUES ('evt_createdCreated0001', 'key.created', '2029-06-02T10:00:00.000Z', 'admin_token', ?, 'Owner', ?, ?,
       '198.51.100.0', 'keywarden-desktop', '{"name":"Billing sync"}')`,
  ).run(OWNER_TOKEN_ID, KEY_ID, labelOf(keySecret));
  return { dataDir, ownerToken, ciToken, keySecret };
}
