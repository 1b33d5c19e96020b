/**
 * A failure's sentence is written in one place: the text of whatever was thrown comes from
 * errorMessage, and the keychain's refusal from keychainUnavailable. A second copy drifts (one
 * said "Unlock it", another "Unlock the keychain"), so any new one fails here with where it is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}

function filesSaying(pattern: RegExp, except: string): string[] {
  return sourceFiles(join(ROOT, 'src')).filter(
    (file) => file !== except && pattern.test(readFileSync(join(ROOT, file), 'utf8')),
  );
}

describe('errors said once', () => {
  it("takes a thrown value's text from errorMessage only", () => {
    expect(
      filesSaying(/instanceof Error \? \w+\.message|as Error\)\??\.message/, 'src/shared/error-message.ts'),
    ).toEqual([]);
  });

  it('says the keychain refused through keychainUnavailable only', () => {
    const byHand = /new AppError\(\s*'keychain_unavailable'|code: 'keychain_unavailable',/;
    expect(filesSaying(byHand, 'src/main/core/errors.ts')).toEqual([]);
  });
});
