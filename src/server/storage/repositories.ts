/**
 * The storage boundary. Services see only these interfaces; `storage/sqlite` implements them with
 * better-sqlite3. Every method returns a Promise so a PostgreSQL backend (which is asynchronous)
 * can implement the same contract. Each write method is one transaction that also appends the
 * audit events it is given, so a change and its audit trail are never split.
 */
import type {
  Actor,
  AdminRole,
  AuditEvent,
  AuditEventType,
  AuditHead,
  KeyEnvironment,
  KeyScope,
  KeyStatus,
} from '../../shared/api/index.ts';
import type { WebhookRepository } from './webhooks.ts';

export type {
  AttemptOutcome,
  ClaimedDelivery,
  DeliveryJob,
  WebhookAttempt,
  WebhookDeliveryRecord,
  WebhookRecord,
  WebhookRepository,
} from './webhooks.ts';

/** An audit event before it is stored: its place in the trail (`seq`, `hash`) is given on insert. */
export type NewAuditEvent = Omit<AuditEvent, 'seq' | 'hash'>;

export interface WorkspaceRecord {
  id: string;
  name: string;
  brand: string | null;
  region: string | null;
  replyTo: string | null;
  scimCustomAttributes: boolean;
  createdAt: string;
}

/** What a change to the workspace may set; its id and creation time never change. */
export type WorkspaceChanges = Partial<
  Pick<WorkspaceRecord, 'name' | 'brand' | 'region' | 'replyTo' | 'scimCustomAttributes'>
>;

export interface AdminTokenRecord {
  id: string;
  workspaceId: string;
  name: string;
  role: AdminRole;
  tokenHash: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Revocation is immediate and permanent; the row stays so the list and audit trail still name it. */
  revokedAt: string | null;
  /** Where an owner token's holder is emailed about expiring keys; null: not emailed. */
  email: string | null;
}

/** What a revocation did: owners are kept from locking themselves out of the workspace. */
export type AdminTokenRevocation =
  { outcome: 'revoked' | 'already_revoked'; token: AdminTokenRecord } | { outcome: 'not_found' | 'last_owner' };

export interface KeyOptions {
  retrieveSignatures: boolean;
  sendDirectoryInfo: boolean;
}

export interface ApiKeyRecord {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  secretHash: string;
  scope: KeyScope;
  environment: KeyEnvironment;
  options: KeyOptions | null;
  createdAt: string;
  createdBy: Actor;
  expiresAt: string;
  /** May lie in the future while a rotation overlap runs: the key stops working at that instant. */
  revokedAt: string | null;
  revokedReason: string | null;
  revokedBy: Actor | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  rotatedFromId: string | null;
  rotatedToId: string | null;
  overlapEndsAt: string | null;
  /** Lifecycle bookkeeping: each notice is emitted once. */
  expiringNoticeAt: string | null;
  expiredNoticeAt: string | null;
  overlapClosedAt: string | null;
}

export type ApiKeyChanges = Partial<
  Pick<
    ApiKeyRecord,
    | 'name'
    | 'options'
    | 'revokedAt'
    | 'revokedReason'
    | 'revokedBy'
    | 'rotatedToId'
    | 'overlapEndsAt'
    | 'expiringNoticeAt'
    | 'expiredNoticeAt'
    | 'overlapClosedAt'
  >
>;

/** Keyset position: the sort key of the last row of the previous page. */
export interface PagePosition {
  time: string;
  seq: number;
}

export interface Page<T> {
  rows: T[];
  next: PagePosition | null;
}

export interface WorkspaceRepository {
  /** One data directory holds one workspace. */
  get(): Promise<WorkspaceRecord | null>;
  create(workspace: WorkspaceRecord, owner: AdminTokenRecord, events: NewAuditEvent[]): Promise<void>;
  /**
   * Writes only the fields `changes` names and returns the workspace as stored after it: two nodes
   * changing different fields at once both keep their change, where writing the whole record
   * would put back the other's old value.
   */
  update(id: string, changes: WorkspaceChanges, events: NewAuditEvent[]): Promise<WorkspaceRecord>;
}

export interface AdminTokenRepository {
  insert(token: AdminTokenRecord, events: NewAuditEvent[]): Promise<void>;
  /** Revoked tokens too: they authenticate nothing, but are told apart from guesses. */
  findByHash(tokenHash: string): Promise<AdminTokenRecord | null>;
  findById(id: string): Promise<AdminTokenRecord | null>;
  /** Every token, revoked ones included, oldest first. */
  list(): Promise<AdminTokenRecord[]>;
  /** Unrevoked tokens of a role. */
  listByRole(role: AdminRole): Promise<AdminTokenRecord[]>;
  markUsed(id: string, at: string): Promise<void>;
  /**
   * Revokes in one write transaction that first checks another unrevoked owner remains, so two
   * owners revoking each other at once (even from the CLI beside the server) cannot both succeed.
   */
  revoke(
    id: string,
    revokedAt: string,
    events: (token: AdminTokenRecord) => NewAuditEvent[],
  ): Promise<AdminTokenRevocation>;
}

export interface ApiKeyListQuery {
  now: string;
  /** Start of the warning window: keys expiring before it are `expiring`. */
  warnBefore: string;
  status?: KeyStatus;
  limit: number;
  after?: PagePosition;
}

export interface ApiKeyRepository {
  insert(key: ApiKeyRecord, events: NewAuditEvent[]): Promise<void>;
  findById(id: string): Promise<ApiKeyRecord | null>;
  findBySecretHash(secretHash: string): Promise<ApiKeyRecord | null>;
  list(query: ApiKeyListQuery): Promise<Page<ApiKeyRecord>>;
  update(id: string, changes: ApiKeyChanges, events: NewAuditEvent[]): Promise<void>;
  /**
   * Marks the old key rotated and inserts its successor, atomically. Returns false (and changes
   * nothing) when the old key was rotated or revoked meanwhile, so two racing rotations make one
   * successor and a rotation racing a revocation cannot undo it.
   */
  rotate(oldId: string, oldChanges: ApiKeyChanges, successor: ApiKeyRecord, events: NewAuditEvent[]): Promise<boolean>;
  /** Live keys whose expiry falls before `warnBefore` and that were not warned yet. */
  dueForExpiringNotice(warnBefore: string, now: string): Promise<ApiKeyRecord[]>;
  dueForExpiredNotice(now: string): Promise<ApiKeyRecord[]>;
  overlapsEnded(now: string): Promise<ApiKeyRecord[]>;
  /** Keys that expired before `expiredBefore` (three months ago). */
  dueForDeletion(expiredBefore: string): Promise<ApiKeyRecord[]>;
  /** Deletes the key and its usage; its audit history stays. */
  delete(id: string, events: NewAuditEvent[]): Promise<void>;
}

export interface AuditQuery {
  keyId?: string;
  type?: AuditEventType;
  actorId?: string;
  since?: string;
  until?: string;
  limit: number;
  after?: PagePosition;
}

export interface AuditRepository {
  append(events: NewAuditEvent[]): Promise<void>;
  /** Newest first, filtered. */
  list(query: AuditQuery): Promise<Page<AuditEvent>>;
  /** Events with a greater seq than `after`, oldest first, at most `limit`. */
  after(after: number, limit: number): Promise<AuditEvent[]>;
  /** The last event's place in the chain; null when the trail is empty. */
  head(): Promise<AuditHead | null>;
  /**
   * The highest seq ever given to an event, remembered apart from the rows (SQLite's
   * sqlite_sequence), so events deleted from the end of the trail are noticed too.
   */
  highestSeqIssued(): Promise<number>;
}

/** One or more identical uses of a key: same masked IP and user agent within the same second. */
export interface KeyUse {
  keyId: string;
  at: string;
  ip: string | null;
  userAgent: string | null;
  requests: number;
}

export interface UsageRepository {
  /** Records a batch of uses in one transaction and moves each key's last-used fields forward. */
  recordBatch(uses: KeyUse[]): Promise<void>;
  dailyCounts(keyId: string, fromDay: string, toDay: string): Promise<Map<string, number>>;
  /** The key's recorded uses at or after `since`, newest first, at most `limit`. */
  usesSince(keyId: string, since: string, limit: number): Promise<KeyUse[]>;
  /** Drops per-request rows older than `before`; the per-day counts stay. Returns how many. */
  pruneUsesBefore(before: string): Promise<number>;
}

export type EmailNotice = 'expiring' | 'expired';

/** A message to an owner about a key, from when it is queued until the mail server took it (or never did). */
export interface OutboxMessage {
  id: string;
  keyId: string;
  keyPrefix: string;
  notice: EmailNotice;
  recipient: string;
  subject: string;
  body: string;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  failedAt: string | null;
}

export type NewOutboxMessage = Omit<OutboxMessage, 'attempts' | 'lastError' | 'sentAt' | 'failedAt'>;

export interface EmailOutboxRepository {
  /** Queues the messages not queued before (same key, notice and recipient); returns how many were new. */
  enqueue(messages: NewOutboxMessage[]): Promise<number>;
  /** Messages still to send whose next attempt is due, oldest first. */
  due(now: string, limit: number): Promise<OutboxMessage[]>;
  markSent(id: string, attempts: number, sentAt: string, events: NewAuditEvent[]): Promise<void>;
  /** Records a failed attempt; with `failedAt`, the last one (no more retries). */
  markAttemptFailed(
    id: string,
    failure: { attempts: number; error: string; nextAttemptAt: string; failedAt: string | null },
    events: NewAuditEvent[],
  ): Promise<void>;
}

/** Failed authentications counted in the database, so every node sharing it sees the same count. */
export interface AuthFailureCounter {
  /**
   * Counts one failure for `client` (an IPv4 address or an IPv6 /64) in its fixed window. Returns
   * null while the window has room (the failure was counted), else the seconds until it ends.
   */
  countFailure(client: string, nowMs: number, limit: { failures: number; windowMs: number }): Promise<number | null>;
  /**
   * Deletes the windows that ended by `nowMs` (a failure after that starts a new one anyway), so
   * the table holds only the clients that failed within the last window. Returns how many.
   */
  forgetEndedWindows(nowMs: number, windowMs: number): Promise<number>;
}

/**
 * Writes that must commit together, named by `Storage.transaction`'s callback and applied in one
 * database transaction once it returns: all of them, in order, or none.
 */
export interface StorageWrites {
  updateWorkspace(id: string, changes: WorkspaceChanges): void;
  insertKey(key: ApiKeyRecord): void;
  appendAudit(events: NewAuditEvent[]): void;
}

/** Work that must run on one node at a time (the scheduled key lifecycle). */
export type ExclusiveWork = 'lifecycle';

export interface Storage {
  readonly backend: 'sqlite' | 'postgres';
  /**
   * True when other processes (more nodes) write the same database: then a node must not answer
   * from what it remembers of a key or the workspace, and must count rate limits in the database.
   */
  readonly shared: boolean;
  workspaces: WorkspaceRepository;
  adminTokens: AdminTokenRepository;
  apiKeys: ApiKeyRepository;
  audit: AuditRepository;
  usage: UsageRepository;
  webhooks: WebhookRepository;
  emailOutbox: EmailOutboxRepository;
  /**
   * Commits the writes `collect` names in one transaction (a new key with the SCIM toggle chosen
   * with it and their audit events): a failed insert leaves the workspace as it was. The callback
   * only names writes, so nothing else can run inside the transaction on either backend.
   */
  transaction(collect: (writes: StorageWrites) => void): Promise<void>;
  /** Null: this process is the only one counting (SQLite), so it counts in memory. */
  authFailures: AuthFailureCounter | null;
  /**
   * Runs `work` unless another node is running work of that name right now; returns whether it ran.
   * Work that is skipped is not lost: the node running it sees the same rows.
   */
  exclusively(name: ExclusiveWork, work: () => Promise<void>): Promise<boolean>;
  /** Resolves when the database answers (the health check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
