export function ensureKeyring(options: { script: string; args?: string[]; command: string; activity: string }): void;
export function onPath(tool: string): boolean;
