/**
 * Words for pushes and sign-in checks: what a push's outcome code is called in a list, a sign-in
 * check as one sentence, and which CLI did the work. The sentences about what went wrong come from
 * the core (the CLI's own words, redacted); these only name the states. Pure.
 */
import type { SignInView, TargetPushState } from '../../../shared/ipc/index.ts';
import type { PushOutcome } from '../../../shared/secret-targets.ts';

export const OUTCOME_WORDS: Readonly<Record<PushOutcome | 'manual', string>> = {
  ok: 'Pushed',
  manual: 'Set by hand',
  cli_missing: 'CLI not installed',
  cli_outdated: 'CLI too old',
  unsupported_platform: 'Not supported on this system',
  signed_out: 'Signed out',
  invalid_name: 'Name refused',
  invalid_value: 'Value refused',
  not_found: 'Not found',
  timeout: 'Timed out',
  cancelled: 'Cancelled',
  cli_failed: 'Failed',
  write_failed: 'Could not write',
};

export const PUSH_STATE_WORDS: Readonly<Record<TargetPushState, string>> = {
  waiting: 'Waiting',
  running: 'Pushing…',
  done: 'Done',
  failed: 'Failed',
  unknown: 'Unknown',
};

export function cliText(cli: { program: string; version: string | null; path: string } | null): string {
  if (cli === null) return '';
  return `${cli.program}${cli.version ? ` ${cli.version}` : ''} at ${cli.path}`;
}

/** A sign-in check as one sentence; nothing was written anywhere. */
export function signInSentence(view: SignInView, kind: string | null): string {
  if (view.state === 'signed_in') {
    if (kind === 'dotenv') return 'Ready: Keywarden may write to this file’s folder. Nothing was written.';
    const who = view.account ? ` as ${view.account}` : '';
    const cli = view.cli ? ` (${cliText(view.cli)})` : '';
    return `Signed in${who}${cli}. Nothing was written.`;
  }
  return view.sentence;
}
