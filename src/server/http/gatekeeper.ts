import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../shared/clock.ts';
import { maskIp } from '../domain/ip.ts';
import { ProblemError } from '../domain/result.ts';
import type { RequestContext } from '../services/audit-trail.ts';
import { bearerFrom, type Authenticator } from '../services/authenticator.ts';
import type { UsageRecorder } from '../services/usage-recorder.ts';
import { credentialOutsideBearer } from './credentials-in-url.ts';
import type { AnyRoute, Caller, Gatekeeper } from './route-registry.ts';

const MASK_CACHE_LIMIT = 1_000;

export interface GatekeeperDeps {
  authenticator: Authenticator;
  usage: UsageRecorder;
  clock: Clock;
}

/**
 * Authenticates the caller of a route and checks its role; failures become stable error codes.
 * `request.ip` is the socket's address, or the forwarded one when the server trusts a proxy.
 */
export function createGatekeeper(deps: GatekeeperDeps): Gatekeeper {
  const maskedByAddress = new Map<string, string | null>();
  const mask = (address: string): string | null => {
    let masked = maskedByAddress.get(address);
    if (masked === undefined) {
      if (maskedByAddress.size >= MASK_CACHE_LIMIT) maskedByAddress.clear();
      masked = maskIp(address);
      maskedByAddress.set(address, masked);
    }
    return masked;
  };

  return async (route: AnyRoute, request: FastifyRequest): Promise<Caller> => {
    const userAgent = request.headers['user-agent']?.slice(0, 500) ?? null;
    const ip = mask(request.ip);
    if (route.access.kind === 'public') {
      return {
        context: { actor: { type: 'system', id: null, name: 'anonymous' }, ip, userAgent },
        adminToken: null,
        apiKey: null,
      };
    }
    const bearer = bearerFrom(request.headers.authorization);
    if (bearer === null) {
      const misplaced = credentialOutsideBearer(request.headers);
      if (misplaced) throw new ProblemError(misplaced);
    }

    if (route.access.kind === 'api_key') {
      const pending = deps.authenticator.authenticateKey(bearer, request.ip);
      const result = pending instanceof Promise ? await pending : pending;
      if (!result.ok) throw new ProblemError(result.problem);
      const key = result.value;
      deps.usage.record({ keyId: key.id, atMs: deps.clock.now().getTime(), ip, userAgent });
      const context: RequestContext = { actor: { type: 'api_key', id: key.id, name: key.name }, ip, userAgent };
      return { context, adminToken: null, apiKey: key };
    }

    const result = await deps.authenticator.authenticateAdmin(bearer, request.ip);
    if (!result.ok) throw new ProblemError(result.problem);
    const token = result.value;
    if (!route.access.roles.includes(token.role)) {
      throw new ProblemError({
        code: 'forbidden',
        message: `An admin token with the ${token.role} role may not call ${route.method} ${route.url}.`,
      });
    }
    const context: RequestContext = { actor: { type: 'admin_token', id: token.id, name: token.name }, ip, userAgent };
    return { context, adminToken: token, apiKey: null };
  };
}
