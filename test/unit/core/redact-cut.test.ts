/**
 * A CLI's output is cut at a byte limit before it is redacted: a secret straddling the cut would
 * leave its first part in the push history, which redacting the whole secret can't catch.
 */
import { describe, expect, it } from 'vitest';
import type { ExecPort, ExecResult } from '../../../src/main/core/ports.ts';
import { cliRunner } from '../../../src/main/core/secret-managers/cli-runner.ts';
import { REDACTED, redactCutTail } from '../../../src/main/core/secret-managers/redact.ts';

const secret = 'lsk_live_CutInTheMiddleSecret0123456789';

function execAnswering(stdout: string, stderr: string, truncated: boolean): ExecPort {
  return {
    locate: async () => null,
    run: async (): Promise<ExecResult> => ({ status: 'exited', exitCode: 1, signal: null, stdout, stderr, truncated }),
  };
}

describe('output cut in the middle of a secret', () => {
  it('drops the start of the secret that a cut left at the end of either stream', async () => {
    const run = cliRunner(
      execAnswering(
        `{"value": "${secret.slice(0, 20)}`,
        `echo: ${Buffer.from(secret).toString('base64').slice(0, 9)}`,
        true,
      ),
      { path: '/usr/bin/op', env: {}, timeoutMs: 1000 },
      [secret],
    );
    const result = await run(['item', 'get']);
    expect(result.stdout).toBe(`{"value": "${REDACTED}`);
    expect(result.stderr).toBe(`echo: ${REDACTED}`);
  });

  it('keeps output that was not cut, and a tail shorter than four characters', async () => {
    const run = cliRunner(execAnswering('ends with lsk_', 'ok', false), { path: '/x', env: {}, timeoutMs: 1000 }, [
      secret,
    ]);
    expect((await run([])).stdout).toBe('ends with lsk_');
    expect(redactCutTail('value: lsk', [secret])).toBe('value: lsk');
    expect(redactCutTail('value: lsk_l', [secret])).toBe(`value: ${REDACTED}`);
    expect(redactCutTail('nothing secret here', [secret])).toBe('nothing secret here');
  });
});
