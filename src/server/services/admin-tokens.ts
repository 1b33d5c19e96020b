import type { AdminTokenSummary } from '../../shared/api/index.ts';
import type { Clock } from '../../shared/clock.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { AdminTokenRecord, Storage } from '../storage/repositories.ts';
import type { AuditTrail, RequestContext } from './audit-trail.ts';

/**
 * Listing and revoking admin tokens. Used by the HTTP routes and by the CLI on a data directory.
 * Revocation needs no cache eviction: the authenticator looks admin tokens up on every request.
 */
export class AdminTokenService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #audit: AuditTrail;

  constructor(storage: Storage, clock: Clock, audit: AuditTrail) {
    this.#storage = storage;
    this.#clock = clock;
    this.#audit = audit;
  }

  async list(): Promise<AdminTokenSummary[]> {
    return (await this.#storage.adminTokens.list()).map(presentAdminToken);
  }

  /** Immediate and permanent; revoking a revoked token changes nothing and succeeds. */
  async revoke(context: RequestContext, id: string): Promise<Result<AdminTokenSummary>> {
    const revokedAt = this.#clock.now().toISOString();
    const events: ReturnType<AuditTrail['event']>[] = [];
    const result = await this.#storage.adminTokens.revoke(id, revokedAt, (token) => {
      events.push(
        this.#audit.event('admin_token.revoked', context, null, {
          tokenId: token.id,
          name: token.name,
          role: token.role,
          prefix: token.prefix,
        }),
      );
      return events;
    });
    switch (result.outcome) {
      case 'not_found':
        return fail('not_found', 'No admin token with this id exists in the workspace.');
      case 'last_owner':
        return fail(
          'conflict',
          'This is the last active owner token, and without it nobody could manage admin tokens; mint another owner token with "keywarden-server token create --role owner" first.',
        );
      case 'already_revoked':
        return ok(presentAdminToken(result.token));
      case 'revoked':
        this.#audit.committed(events);
        return ok(presentAdminToken(result.token));
    }
  }
}

export function presentAdminToken(token: AdminTokenRecord): AdminTokenSummary {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    prefix: token.prefix,
    createdAt: token.createdAt,
    lastUsedAt: token.lastUsedAt,
    revokedAt: token.revokedAt,
  };
}
