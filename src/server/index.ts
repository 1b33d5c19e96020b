/** The embedding API: the desktop app runs the management service in-process through this. */
export { initWorkspace, isInitialized, createAdminToken, listAdminTokens, revokeAdminToken } from './services/setup.ts';
export type { InitWorkspaceOptions, CreateAdminTokenOptions, AdminTokensOptions } from './services/setup.ts';
export { startServer } from './server.ts';
export { verifyAuditTrail } from './services/audit-verification.ts';
export type { RunningServer, StartServerOptions, LoggerOption } from './server.ts';
export type { TrustedProxies } from './http/trusted-proxies.ts';
export { EXIT_CODE_BY_KEYWARDEN_CODE, KeywardenError, type KeywardenErrorCode } from './domain/result.ts';
export { signWebhook } from './services/webhooks.ts';
