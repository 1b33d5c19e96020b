/**
 * `node scripts/verify-audit-export.ts FILE.csv`: checks an audit log exported from the app
 * (Audit › Export CSV) against the hash chain its workspaces' services keep, so an export edited
 * afterwards shows. For each workspace in the file, its service events (source `service`) are
 * taken in seq order and each one's hash is computed again from the one before it and the
 * event's fields, exactly as the service computed it (src/shared/audit-chain.ts); the first
 * event's own hash is taken as given unless it is seq 1. Prints, per workspace, the seqs that
 * check out and the last hash: compare it with `GET /v1/audit/head` (or a head written down
 * earlier) to know the export is the service's trail up to there. Exits 1 naming the first seq
 * that does not check out (edited, missing or out of place), 2 when the file can't be read.
 *
 * The export put an apostrophe before every cell starting with =, +, -, @, a tab, a carriage
 * return or an apostrophe (so a spreadsheet shows text); exactly one leading apostrophe is taken
 * off again here. An empty cell is null; a quoted empty cell ("") is empty text.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sha256Hex } from '../src/server/domain/sha256.ts';
import { AuditEvent } from '../src/shared/api/index.ts';
import { AUDIT_CHAIN_START, verifyAuditChain, type AuditChainHead } from '../src/shared/audit-chain.ts';

/** A cell as read: null when it was empty and unquoted. */
type Row = Record<string, string | null>;

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error('Usage: node scripts/verify-audit-export.ts FILE.csv');
  process.exit(2);
}

let rows: Row[];
try {
  rows = parse(readFileSync(file, 'utf8'), {
    columns: true,
    cast: (value, context) => (value === '' && !context.quoting ? null : value),
  }) as Row[];
} catch (error) {
  console.error(`Can't read ${file} as an audit export: ${(error as Error).message}`);
  process.exit(2);
}

const cell = (value: string | null | undefined) => (value?.startsWith("'") ? value.slice(1) : (value ?? ''));
const orNull = (value: string | null | undefined) => (value === null || value === undefined ? null : cell(value));

const byWorkspace = new Map<string, AuditEvent[]>();
for (const row of rows) {
  if (row.source !== 'service') continue;
  const event = AuditEvent.safeParse({
    seq: Number(row.seq),
    id: cell(row.event_id),
    type: row.type,
    at: row.at,
    actor: { type: row.actor_type, id: orNull(row.actor_id), name: cell(row.actor_name) },
    keyId: orNull(row.key_id),
    keyPrefix: orNull(row.key_label),
    ip: orNull(row.ip),
    userAgent: orNull(row.user_agent),
    details: JSON.parse(cell(row.details) || '{}') as unknown,
    hash: row.hash,
  });
  if (!event.success) {
    console.error(`A row of ${file} is not an audit event (${event.error.issues[0]?.message ?? 'unreadable'}).`);
    process.exit(2);
  }
  const events = byWorkspace.get(row.workspace_id ?? '') ?? [];
  events.push(event.data);
  byWorkspace.set(row.workspace_id ?? '', events);
}
if (byWorkspace.size === 0) {
  console.error(`${file} holds no service events: export them with Source "Workspace services".`);
  process.exit(2);
}

let broken = false;
for (const [workspaceId, events] of byWorkspace) {
  events.sort((a, b) => a.seq - b.seq);
  const first = events[0]!;
  // A trail exported from seq 1 is checked from the chain's start; a later start is taken on trust.
  const from: AuditChainHead =
    first.seq === 1 ? { seq: 0, hash: AUDIT_CHAIN_START } : { seq: first.seq, hash: first.hash };
  const check = verifyAuditChain(first.seq === 1 ? events : events.slice(1), sha256Hex, from);
  const last = check.head;
  if (check.intact) {
    console.log(
      `${workspaceId}: seq ${first.seq}–${last.seq} check out (${events.length} events); last hash ${last.hash}`,
    );
  } else {
    broken = true;
    console.log(`${workspaceId}: ${check.broken.message}; seq ${first.seq}–${last.seq} checked out before it`);
  }
}
process.exit(broken ? 1 : 0);
