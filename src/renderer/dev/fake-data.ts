/** Dev only: deterministic generated keys with a spread of statuses for the fake bridge. */
import { DAY_MS, type KeyEnvironment, type KeyScope } from '../../shared/api/index.ts';
import type { VaultKey } from '../../shared/ipc/index.ts';

const NAMES = [
  'Entra ID provisioning',
  'Okta SCIM',
  'AD sync script',
  'Signature deployer',
  'Billing export',
  'CRM webhook relay',
  'Support portal',
  'Data warehouse loader',
  'Marketing automation',
  'Staging smoke tests',
  'Mobile backend',
  'Partner API',
];
const SCOPES: KeyScope[] = ['scim', 'on_premise', 'public_api'];
const PROVIDERS = ['Letsignit', 'letssign.now', 'Stripe'];
const PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', null];

function rand(seed: number): number {
  const x = Math.sin(seed * 9301 + 49297) * 233280;
  return x - Math.floor(x);
}

export function randomSecret(env: KeyEnvironment): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `lsk_${env}_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function makeKey(
  workspaceId: string,
  i: number,
  nowMs: number,
  patch: Partial<VaultKey> & Pick<VaultKey, 'name'>,
): VaultKey {
  const expiresAt = patch.expiresAt ?? new Date(nowMs + 365 * DAY_MS).toISOString();
  return {
    id: `${workspaceId}_key_${i}_${Math.random().toString(36).slice(2, 7)}`,
    workspaceId,
    prefix: 'lsk_live_000',
    scope: 'public_api',
    scopeLabel: '',
    provider: null,
    environment: 'live',
    options: null,
    status: 'active',
    createdAt: new Date(nowMs).toISOString(),
    createdByName: 'You',
    deletesAt: new Date(Date.parse(expiresAt) + 90 * DAY_MS).toISOString(),
    revokedAt: null,
    revokedReason: null,
    revokedByName: null,
    lastUsedAt: null,
    lastUsedIp: null,
    rotatedFromId: null,
    rotatedToId: null,
    overlapEndsAt: null,
    hasSecret: true,
    ...patch,
    expiresAt,
  };
}

export function generateKeys(
  workspaceId: string,
  count: number,
  nowMs: number,
  secrets: Map<string, string>,
  external = false,
): VaultKey[] {
  const keys: VaultKey[] = [];
  for (let i = 0; i < count; i += 1) {
    const r = rand(i + workspaceId.length * 1000);
    const scope = SCOPES[i % 3] as KeyScope;
    const env: KeyEnvironment = rand(i * 7) < 0.8 ? 'live' : 'test';
    // Spread: ~10% expired, ~12% expiring, ~8% revoked, the rest active.
    const expiresInDays = r < 0.1 ? -r * 600 : r < 0.22 ? (r - 0.1) * 250 + 0.02 : 30 + r * 330;
    const createdAt = nowMs + expiresInDays * DAY_MS - 365 * DAY_MS;
    const revoked = r > 0.92;
    const secret = randomSecret(env);
    const hasSecret = rand(i * 13) > 0.2;
    const name = external
      ? `${PROVIDERS[i % 3]} ${['production', 'sandbox', 'reporting'][i % 3]} key`
      : `${NAMES[i % NAMES.length]}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`;
    const usedAgo = rand(i * 17) * 20 * DAY_MS;
    const key = makeKey(workspaceId, i, nowMs, {
      name,
      prefix: secret.slice(0, 12),
      scope: external ? null : scope,
      scopeLabel: external ? (['Full access', 'Read only', 'Signatures'][i % 3] ?? '') : '',
      provider: external ? (PROVIDERS[i % 3] ?? null) : null,
      environment: env,
      options:
        scope === 'on_premise' && !external
          ? { retrieveSignatures: i % 2 === 0, sendDirectoryInfo: i % 4 === 0 }
          : null,
      createdAt: new Date(createdAt).toISOString(),
      createdByName: PEOPLE[i % 4] ?? null,
      expiresAt: new Date(nowMs + expiresInDays * DAY_MS).toISOString(),
      revokedAt: revoked ? new Date(nowMs - rand(i * 3) * 40 * DAY_MS).toISOString() : null,
      revokedReason: revoked ? 'Key was committed to a public repository' : null,
      revokedByName: revoked ? 'Grace Hopper' : null,
      lastUsedAt: rand(i * 19) < 0.15 ? null : new Date(nowMs - usedAgo).toISOString(),
      lastUsedIp: i % 5 === 0 ? '2001:db8:85a3::/48' : `203.0.${i % 250}.0/24`,
      hasSecret,
    });
    if (hasSecret) secrets.set(key.id, secret);
    keys.push(key);
  }
  return keys;
}
