import { electronBinary, MISSING_ELECTRON } from '../../scripts/electron-binary.mjs';

export default function globalSetup(): void {
  if (!electronBinary().path) console.log(`Electron e2e skipped: ${MISSING_ELECTRON}`);
}
