/**
 * Errors are values with stable codes: services return a `Result`, and the HTTP layer turns a
 * failed one into `{error, code, message}` with the status that belongs to the code.
 */
import type { ErrorCode } from '../../shared/api/index.ts';

export interface Problem {
  code: ErrorCode;
  /** A sentence a person can act on; clients pin their handling to `code`, never to this. */
  message: string;
  fields?: { path: string; message: string }[];
  retryAfterSeconds?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, problem: { code, message } };
}

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_key: 401,
  forbidden: 403,
  insufficient_scope: 403,
  invalid_request: 400,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal_error: 500,
};

export const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Thrown only inside the HTTP layer, to carry a Problem from a handler to the error handler. */
export class ProblemError extends Error {
  readonly problem: Problem;
  readonly status: number;
  constructor(problem: Problem, status: number = STATUS_BY_CODE[problem.code]) {
    super(problem.message);
    this.problem = problem;
    this.status = status;
  }
}

/** The command line itself is wrong: the user fixes the command (see --help). */
const EXIT_USAGE = 2;
/** The command was understood and refused: the user fixes what the sentence names. */
const EXIT_REFUSED = 1;

/**
 * Every code an error raised outside HTTP (CLI, embedding API) can carry, with the exit code
 * `keywarden-server` ends with for it. The HTTP codes are here too: the CLI runs the same
 * services, which answer with them (revoking a token that is not there is `not_found`).
 */
export const EXIT_CODE_BY_KEYWARDEN_CODE = {
  usage: EXIT_USAGE,
  already_initialized: EXIT_REFUSED,
  not_initialized: EXIT_REFUSED,
  data_dir_in_use: EXIT_REFUSED,
  data_dir_not_writable: EXIT_REFUSED,
  database_too_new: EXIT_REFUSED,
  /** The PostgreSQL database named by --database could not be reached or opened. */
  database_unreachable: EXIT_REFUSED,
  tls_file_invalid: EXIT_REFUSED,
  invalid_mail_settings: EXIT_REFUSED,
  address_in_use: EXIT_REFUSED,
  /** `audit verify` found an event edited or deleted in the database. */
  audit_chain_broken: EXIT_REFUSED,
  invalid_key: EXIT_REFUSED,
  forbidden: EXIT_REFUSED,
  insufficient_scope: EXIT_REFUSED,
  invalid_request: EXIT_REFUSED,
  not_found: EXIT_REFUSED,
  conflict: EXIT_REFUSED,
  rate_limited: EXIT_REFUSED,
  internal_error: EXIT_REFUSED,
} as const satisfies { [code in ErrorCode]: number } & Record<string, number>;
export type KeywardenErrorCode = keyof typeof EXIT_CODE_BY_KEYWARDEN_CODE;

/** Errors raised outside HTTP (CLI, embedding API) carry a stable code like the HTTP answers. */
export class KeywardenError extends Error {
  readonly code: KeywardenErrorCode;
  constructor(code: KeywardenErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'KeywardenError';
  }
}
