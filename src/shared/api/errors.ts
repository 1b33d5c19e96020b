/** The error body every endpoint answers with: `{ error, code }`, plus the fields that failed. */
import { z } from 'zod';

/** Stable error codes: clients pin their handling to these, never to the human message. */
export const ErrorCode = z.enum([
  'invalid_key',
  'forbidden',
  'insufficient_scope',
  'invalid_request',
  'not_found',
  'conflict',
  'rate_limited',
  'internal_error',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldError = z.object({ path: z.string(), message: z.string() });
export const ErrorBody = z.object({
  error: z.string(),
  code: ErrorCode,
  message: z.string().optional(),
  fields: z.array(FieldError).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
