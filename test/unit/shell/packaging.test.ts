/**
 * The packaged app's Electron fuses (electron-builder.yml). Flipped off, they stop anyone who can
 * start the binary from running their own code with the app's identity and keychain access
 * (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect, a loose app folder, an edited app.asar). The
 * binary itself can't be packaged offline, so this checks the configuration electron-builder reads,
 * against electron-builder's own schema so a misspelt key can't pass.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/** The `key: true|false` lines of one top-level block of a YAML file. */
function yamlBooleanBlock(file: string, block: string): Record<string, boolean> {
  const lines = readFileSync(resolve(root, file), 'utf8').split('\n');
  const start = lines.indexOf(`${block}:`);
  if (start === -1) return {};
  const entries: Record<string, boolean> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // the next top-level key
    const match = /^\s+([A-Za-z]+):\s*(true|false)\s*$/.exec(line);
    if (match) entries[match[1]!] = match[2] === 'true';
  }
  return entries;
}

function fuseKeysElectronBuilderKnows(): string[] {
  const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
  const schema = JSON.parse(readFileSync(requireFromBuilder.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
    definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
  };
  return Object.keys(schema.definitions.FuseOptionsV1.properties);
}

describe('electron-builder fuses', () => {
  const fuses = yamlBooleanBlock('electron-builder.yml', 'electronFuses');

  it('turn off every way to run other code inside the packaged app, and encrypt its cookies', () => {
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('use only keys electron-builder knows', () => {
    const known = fuseKeysElectronBuilderKnows();
    expect(known).toContain('runAsNode');
    for (const key of Object.keys(fuses)) expect(known, key).toContain(key);
  });
});
