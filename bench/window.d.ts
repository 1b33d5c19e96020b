import type { KeywardenApi } from '../../src/shared/ipc.ts';

declare global {
  interface Window {
    keywarden: KeywardenApi;
  }
}
