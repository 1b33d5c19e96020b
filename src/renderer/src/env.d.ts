/// <reference types="vite/client" />
import type { KeywardenApi } from '../../shared/ipc/index.ts';

declare global {
  interface Window {
    /** Installed by the preload (Electron) or the browser harness before the app loads. */
    keywarden: KeywardenApi;
  }
}
