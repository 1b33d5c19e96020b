/**
 * The management service's HTTP contract: one zod schema per request and response body, one file
 * per resource. The server validates with these and builds its OpenAPI document from them; the
 * desktop client parses every response with them. Import from this index. Runs anywhere (no node:*).
 */
export * from './admin-tokens.ts';
export * from './audit.ts';
export * from './common.ts';
export * from './errors.ts';
export * from './key-auth.ts';
export * from './keys.ts';
export * from './usage.ts';
export * from './webhooks.ts';
export * from './workspace.ts';
