export function electronBinary(): { path: string | null; packageDir: string | null };
export const MISSING_ELECTRON: string;
