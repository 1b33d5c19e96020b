import type { KeywardenApi } from '../../src/shared/ipc/index.ts';

declare global {
  interface Window {
    keywarden: KeywardenApi;
  }
}
