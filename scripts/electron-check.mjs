// Exits non-zero with one clear sentence (no stack trace) when the Electron binary is missing.
import { electronBinary, MISSING_ELECTRON } from './electron-binary.mjs';

if (!electronBinary().path) {
  console.error(MISSING_ELECTRON);
  process.exit(1);
}
