/**
 * A key's destinations (secret-manager targets) as the key's details show them, what the renderer
 * may ask of them (add, edit, remove, test the sign-in, copy the command), and the key's push
 * history. A target's configuration names places, never a secret; the rules for each kind's names
 * are the shared schemas in src/shared/secret-targets.ts.
 */
import { z } from 'zod';
import { isoTime } from '../api/index.ts';
import { PushOutcome, SecretTargetKind, SecretTargetOwner } from '../secret-targets.ts';

export const TargetView = z.object({
  id: z.string(),
  owner: SecretTargetOwner,
  /** Null when the stored kind is one this version doesn't know. */
  kind: SecretTargetKind.nullable(),
  label: z.string(),
  /** The kind's settings, checked against its schema; null when they no longer pass it. */
  config: z.record(z.string(), z.unknown()).nullable(),
  /** Why the stored settings can't be used (remove the destination and add it again); else null. */
  unreadable: z.string().nullable(),
  createdAt: isoTime.nullable(),
  updatedAt: isoTime.nullable(),
});
export type TargetView = z.infer<typeof TargetView>;

export const TargetRef = z.strictObject({ targetId: z.string().min(1) });

/** Checked against the kind's schema by the core (the form checks with the same schema first). */
export const AddTargetInput = z.strictObject({
  owner: z.strictObject({ workspaceId: z.string().min(1), keyId: z.string().min(1) }),
  kind: SecretTargetKind,
  label: z.string().max(255),
  config: z.record(z.string(), z.unknown()),
});

export const UpdateTargetInput = TargetRef.extend({
  label: z.string().max(255).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});

/** A saved destination, or a draft from the form: checks the sign-in only, writes nothing. */
export const TestTargetInput = z.union([
  TargetRef,
  z.strictObject({ kind: SecretTargetKind, config: z.record(z.string(), z.unknown()) }),
]);

export const CliIdentityView = z.object({ program: z.string(), path: z.string(), version: z.string().nullable() });

export const SignInView = z.discriminatedUnion('state', [
  z.object({ state: z.literal('signed_in'), account: z.string().nullable(), cli: CliIdentityView.nullable() }),
  z.object({ state: z.literal('signed_out'), sentence: z.string(), cli: CliIdentityView.nullable() }),
  z.object({
    state: z.literal('unavailable'),
    code: PushOutcome,
    sentence: z.string(),
    cli: CliIdentityView.nullable(),
  }),
]);
export type SignInView = z.infer<typeof SignInView>;

/** The command line without the secret; the secret (or the item JSON holding it) goes on its stdin. */
export const CopyCommandView = z.object({
  command: z.string(),
  stdin: z.enum(['secret', 'item-json', 'none']),
  note: z.string().nullable(),
});

export const RemovedTarget = z.strictObject({ removed: z.boolean() });

export const PushHistoryInput = z.strictObject({
  workspaceId: z.string().min(1),
  keyId: z.string().min(1),
  limit: z.number().int().min(1).max(500).optional(),
});

export const PushRecordView = z.object({
  id: z.number().int(),
  targetId: z.string(),
  owner: SecretTargetOwner,
  targetKind: SecretTargetKind,
  targetLabel: z.string(),
  at: isoTime,
  outcome: PushOutcome,
  exitCode: z.number().int().nullable(),
  /** What happened, in a sentence; the CLI's words capped and redacted. Never the secret. */
  message: z.string(),
  cli: CliIdentityView.nullable(),
});
export type PushRecordView = z.infer<typeof PushRecordView>;
