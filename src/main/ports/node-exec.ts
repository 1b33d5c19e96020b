import { spawn } from 'node:child_process';
import type { ExecPort } from '../core/ports.ts';

/** Runs a program without a shell (no injection through arguments), feeding secrets on stdin. */
export const nodeExec: ExecPort = {
  run(command, args, options = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        shell: false,
        env: { ...process.env, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr }));
      child.stdin.end(options.stdin ?? '');
    });
  },
};
