/**
 * The sentences a user reads about a push or a sign-in check, in place of an adapter's raw
 * detail. A CLI's words are redacted (with the secret) before they are capped, so a cut can't
 * leave half a secret behind.
 */
import type { CliIdentity, SecretTargetConfig } from '../../../shared/secret-targets.ts';
import type { AdapterVerdict, CliAdapter, CliKind } from './adapter.ts';
import { cliWords } from './redact.ts';

export interface SentenceContext {
  adapter: CliAdapter;
  config: SecretTargetConfig<CliKind>;
  cli: CliIdentity;
}

/** "aws (AWS CLI v2) 2.9.19 at /usr/bin/aws": admins have v1 and v2 side by side, so say which ran. */
export function describeCli(cli: CliIdentity): string {
  const title = cli.program === 'aws' && cli.version ? `aws (AWS CLI v${cli.version.split('.')[0]})` : cli.program;
  return `${title} ${cli.version ?? '(version unknown)'} at ${cli.path}`;
}

export function explainVerdict(context: SentenceContext, verdict: AdapterVerdict, secret: string): AdapterVerdict {
  const who = describeCli(context.cli);
  switch (verdict.outcome) {
    case 'ok':
      return { ...verdict, detail: `Pushed with ${who}.` };
    case 'signed_out':
      return { ...verdict, detail: signedOutSentence(context, verdict.detail, [secret]) };
    case 'cli_failed': {
      const exit = verdict.exitCode !== null ? ` (exit ${verdict.exitCode})` : '';
      return { ...verdict, detail: `${who} failed${exit}: ${cliWords(verdict.detail, [secret])}` };
    }
    default:
      return { ...verdict, detail: cliWords(verdict.detail, [secret]) };
  }
}

export function signedOutSentence(context: SentenceContext, said: string, secrets: readonly string[]): string {
  const words = cliWords(said, secrets);
  return `${context.adapter.signInHint(context.config)}${words ? ` (${context.cli.program} said: ${words})` : ''}`;
}

export function missingSentence(adapter: CliAdapter, config: SecretTargetConfig<CliKind> | null): string {
  return `${adapter.program(config)} isn't installed (not found on PATH). ${adapter.installHint}`;
}
