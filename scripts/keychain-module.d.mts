export type LibsecretProbe = 'found' | 'missing' | 'no-pkg-config';
export function keychainModuleAdvice(input: {
  platform: NodeJS.Platform;
  keytarLoads: boolean;
  libsecret: LibsecretProbe | null;
}): string | null;
export function keytarLoads(): boolean;
export function probeLibsecret(): LibsecretProbe;
export function currentKeychainModuleAdvice(): string | null;
