/**
 * The one IPC contract between the renderer and the main process, typed once. `contract.ts`
 * declares every channel and event; the schemas live in one file per resource. Import from this
 * index. Errors cross as values, `{ ok: false, code, message }`. Runs anywhere.
 */
export * from './app.ts';
export * from './audit.ts';
export * from './clipboard.ts';
export * from './contract.ts';
export * from './dashboard.ts';
export * from './errors.ts';
export * from './external-keys.ts';
export * from './keys.ts';
export * from './reminders.ts';
export * from './rotations.ts';
export * from './settings.ts';
export * from './targets.ts';
export * from './webhooks.ts';
export * from './window-api.ts';
export * from './workspaces.ts';
