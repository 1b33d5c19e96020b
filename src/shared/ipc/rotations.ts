/**
 * Rotations as the wizard and the key's row see them: four steps (create the successor, push it to
 * every destination, watch traffic move, retire the old key), each with its own honest state, and
 * the actions on them. A rotation lives in the vault, so it survives a reload, a quit or a crash
 * and resumes where it stopped. Nothing here ever holds a secret except the pasted successor of
 * an external key, on its way in.
 */
import { z } from 'zod';
import { isoTime, KeyUses, MAX_OVERLAP_SECONDS } from '../api/index.ts';
import { PushOutcome, SecretTargetKind } from '../secret-targets.ts';
import { IpcErrorCode } from './errors.ts';

/** The overlaps the wizard offers; "custom" is any number of seconds up to a week. */
export const OVERLAP_PRESETS = [
  { id: 'immediately', label: 'Immediately', seconds: 0 },
  { id: 'one_hour', label: '1 hour', seconds: 3600 },
  { id: 'one_day', label: '24 hours', seconds: 86_400 },
  { id: 'one_week', label: '7 days', seconds: MAX_OVERLAP_SECONDS },
] as const;

/** How recent a use of the old key must be for an early revoke to need the admin's confirmation. */
export const DEFAULT_IN_USE_WINDOW_MINUTES = 15;

export const RotationStepName = z.enum(['create', 'distribute', 'verify', 'retire']);
export type RotationStepName = z.infer<typeof RotationStepName>;

/**
 * - `pending`: not started (for an external key's create: waiting for the pasted secret);
 * - `running`: under way, or (retire) waiting for the overlap to end;
 * - `failed`: stopped with a problem; the step's action retries it;
 * - `needs_attention`: stopped on something only the admin can decide (an orphaned successor);
 * - `skipped`: not part of this rotation (verify on the leaked-key path).
 */
export const RotationStepState = z.enum(['pending', 'running', 'done', 'failed', 'needs_attention', 'skipped']);
export type RotationStepState = z.infer<typeof RotationStepState>;

/**
 * The IPC error codes, plus what only a rotation runs into: a successor whose secret never reached
 * the vault, destinations whose push failed, and pushes that may or may not have arrived.
 */
export const RotationProblemCode = z.enum([
  ...IpcErrorCode.options,
  'orphaned_successor',
  'push_failed',
  'push_unknown',
]);
export type RotationProblemCode = z.infer<typeof RotationProblemCode>;

export const RotationProblem = z.object({ code: RotationProblemCode, message: z.string() });
export type RotationProblem = z.infer<typeof RotationProblem>;

export const RotationStepView = z.object({
  state: RotationStepState,
  problem: RotationProblem.nullable(),
  /** When the step reached this state. */
  at: isoTime.nullable(),
});
export type RotationStepView = z.infer<typeof RotationStepView>;

/**
 * One destination's push of the successor: `unknown` means Keywarden stopped while the push ran,
 * so it may or may not have arrived; it is pushed again only when the admin says so.
 */
export const TargetPushState = z.enum(['waiting', 'running', 'done', 'failed', 'unknown']);
export type TargetPushState = z.infer<typeof TargetPushState>;

export const RotationTargetView = z.object({
  targetId: z.string(),
  /** Null when the destination's stored settings can't be read any more. */
  kind: SecretTargetKind.nullable(),
  label: z.string(),
  state: TargetPushState,
  /** The push's stable code; `manual` when the admin said they set it by hand. */
  outcome: z.union([PushOutcome, z.literal('manual')]).nullable(),
  /** The CLI's sentence (redacted), or why the push is unknown. */
  message: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  attempts: z.number().int(),
  updatedAt: isoTime.nullable(),
});
export type RotationTargetView = z.infer<typeof RotationTargetView>;

export const RetireHow = z.enum(['revoke_now', 'overlap_ends', 'revoked_at_provider', 'revoked_with_rotation']);
export type RetireHow = z.infer<typeof RetireHow>;

export const RotationView = z.object({
  id: z.string(),
  workspaceId: z.string(),
  /** The key being replaced. */
  keyId: z.string(),
  keyName: z.string(),
  /** A non-secret label of the old key (its prefix), null when unknown. */
  keyLabel: z.string().nullable(),
  successor: z.object({ keyId: z.string(), label: z.string().nullable() }).nullable(),
  /** `external`: keys with no management API; the wizard becomes a checklist. */
  kind: z.enum(['managed', 'external']),
  /** `leaked`: no overlap, every destination at once, the old key revoked at once, then an audit. */
  mode: z.enum(['standard', 'leaked']),
  status: z.enum(['in_progress', 'completed', 'cancelled']),
  /** The step the wizard shows: the first one not done. */
  step: z.union([RotationStepName, z.literal('done')]),
  steps: z.object({
    create: RotationStepView,
    distribute: RotationStepView,
    verify: RotationStepView,
    retire: RotationStepView,
  }),
  overlapSeconds: z.number().int().nullable(),
  /** When the old key stops working by itself (managed keys, once the successor exists). */
  overlapEndsAt: isoTime.nullable(),
  /** A successor the service made whose secret never reached this vault (see `rotations:reissue`). */
  orphanKeyId: z.string().nullable(),
  targets: z.array(RotationTargetView),
  verify: z.object({
    newKeyFirstUseAt: isoTime.nullable(),
    oldKeyLastUseAt: isoTime.nullable(),
    /** Masked, as the service keeps it. */
    oldKeyLastUseIp: z.string().nullable(),
    checkedAt: isoTime.nullable(),
  }),
  retire: z.object({
    /** What was chosen, or null while nothing was. */
    how: RetireHow.nullable(),
    /** What can still be chosen now. */
    options: z.array(RetireHow),
    /** When the old key stops (or stopped) working; null until known. */
    oldKeyStopsAt: isoTime.nullable(),
    /** Which will happen and when, in a sentence. */
    plan: z.string(),
  }),
  /** The leaked-key path: the audit lists the old key's requests since this time. */
  auditSince: isoTime.nullable(),
  /** What stays as it is if the admin cancels now, in a sentence. */
  cancelNote: z.string(),
  startedAt: isoTime,
  updatedAt: isoTime,
  finishedAt: isoTime.nullable(),
});
export type RotationView = z.infer<typeof RotationView>;

export const RotationRef = z.strictObject({ rotationId: z.string().min(1) });

export const ListRotationsInput = z
  .strictObject({
    /** Only this key's rotations (the old key or its successor). */
    workspaceId: z.string().min(1).optional(),
    keyId: z.string().min(1).optional(),
    /** Completed and cancelled ones too, newest first (default: only those in progress). */
    includeFinished: z.boolean().optional(),
  })
  .optional();

export const StartRotationInput = z.strictObject({
  workspaceId: z.string().min(1),
  keyId: z.string().min(1),
  mode: z.enum(['standard', 'leaked']).default('standard'),
  /** Managed keys, standard mode: how long both keys work (see OVERLAP_PRESETS). Leaked: always 0. */
  overlapSeconds: z.number().int().min(0).max(MAX_OVERLAP_SECONDS).optional(),
  /** Leaked mode: the audit lists the old key's requests since this time (default: 24 hours ago). */
  auditSince: isoTime.optional(),
});
export type StartRotationInput = z.output<typeof StartRotationInput>;

/** External keys: the new secret created in the provider's dashboard, checked by the key's preset. */
export const ProvideSecretInput = RotationRef.extend({
  secret: z.string().min(1).max(10_000),
  /** Default: the preset's validity from now (one year without a preset). */
  expiresAt: isoTime.optional(),
});

export const DistributeInput = RotationRef.extend({
  /** Push again to destinations whose earlier push ended unknown (Keywarden stopped meanwhile). */
  includeUnknown: z.boolean().optional(),
});

export const RotationTargetRef = RotationRef.extend({ targetId: z.string().min(1) });

export const ContinueRotationInput = RotationRef.extend({
  /** Leave the distribute step with destinations that don't have the new secret. */
  acceptIncomplete: z.boolean().optional(),
});

export const RetireInput = RotationRef.extend({
  how: z.enum(['revoke_now', 'overlap_ends', 'revoked_at_provider']),
  /** Revoke now even though the old key was used in the last minutes. */
  confirmInUse: z.boolean().optional(),
});

export const TrafficInput = RotationRef.extend({
  /** How far back the chart reaches (default 60 minutes, at most a day). */
  minutes: z.number().int().min(5).max(1440).optional(),
});

export const RotationTraffic = z.object({
  rotationId: z.string(),
  /** One bar per minute, oldest first, for the old and the new key. */
  minutes: z.array(z.object({ at: isoTime, oldKey: z.number().int(), newKey: z.number().int() })),
  newKeyFirstUseAt: isoTime.nullable(),
  oldKeyLastUseAt: isoTime.nullable(),
  oldKeyLastUseIp: z.string().nullable(),
  /** e.g. "Still in use by 203.0.113.x, 4 minutes ago", or "No use of the old key in the last 15 minutes". */
  summary: z.string(),
  checkedAt: isoTime,
});
export type RotationTraffic = z.infer<typeof RotationTraffic>;

export const OldKeyUsesInput = RotationRef.extend({ since: isoTime.optional() });
export const OldKeyUses = KeyUses;
