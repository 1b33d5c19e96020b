/** `GET/PATCH /v1/workspace`: the workspace an admin token belongs to. */
import { z } from 'zod';
import { displayText, isoTime } from './common.ts';

export const Workspace = z.object({
  id: z.string(),
  name: z.string(),
  brand: z.string().nullable(),
  region: z.string().nullable(),
  replyTo: z.string().nullable(),
  /** The SCIM custom-attributes toggle applies to every SCIM key of the workspace. */
  scimCustomAttributes: z.boolean(),
  createdAt: isoTime,
});
export type Workspace = z.infer<typeof Workspace>;

export const UpdateWorkspaceRequest = z.strictObject({
  name: displayText(z.string().trim().min(1).max(100)).optional(),
  brand: displayText(z.string().max(100)).nullable().optional(),
  region: displayText(z.string().max(50)).nullable().optional(),
  replyTo: z.email().nullable().optional(),
  scimCustomAttributes: z.boolean().optional(),
});
export type UpdateWorkspaceRequest = z.infer<typeof UpdateWorkspaceRequest>;

/** What a key-authenticated caller may learn about the workspace its key belongs to. */
export const WorkspaceSummary = Workspace.pick({ id: true, name: true, brand: true, region: true, replyTo: true });
export type WorkspaceSummary = z.infer<typeof WorkspaceSummary>;
