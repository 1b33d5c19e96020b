/**
 * Loads the renderer's pure modules for these tests. They belong to the web TypeScript project,
 * which tsconfig.node.json (the one that type-checks test/**) does not list, so a static import
 * here would break `tsc -b` (TS6307). They are loaded by path at run time instead, typed by the
 * signatures below. Once tsconfig.node.json includes src/renderer/src/lib/**, switch to imports.
 */
import { resolve } from 'node:path';
import type { CreateApiKeyRequest, KeyEnvironment, KeyScope, KeyStatus } from '../../../src/shared/api.ts';
import type { ExternalKeyInput, VaultKey } from '../../../src/shared/ipc.ts';
import type { ExternalKeyPreset } from '../../../src/shared/presets.ts';

const LIB = resolve(import.meta.dirname, '../../../src/renderer/src/lib');

type CountdownKey = { expiresAt: string; revokedAt: string | null };
export type TimeLib = {
  formatDuration(ms: number): string;
  formatCountdown(key: CountdownKey, nowMs: number): string;
  formatAgo(iso: string, nowMs: number): string;
  toDateInputValue(ms: number): string;
  msUntilNextMinute(nowMs: number): number;
};

export type SortColumn = 'name' | 'prefix' | 'scope' | 'status' | 'expiresAt' | 'lastUsedAt';
export type KeySort = { column: SortColumn; direction: 'ascending' | 'descending' };
export type KeyFilter = { query: string; status: KeyStatus | 'all'; scope: KeyScope | 'external' | 'all' };
type KeyRow = { key: VaultKey; haystack: string };
type StatusRow = KeyRow & { status: KeyStatus };
export type KeyTableLib = {
  buildKeyRows(keys: readonly VaultKey[]): KeyRow[];
  withStatus(rows: readonly KeyRow[], nowMs: number): StatusRow[];
  sortRows(rows: readonly StatusRow[], sort: KeySort): StatusRow[];
  filterRows(rows: readonly StatusRow[], filter: KeyFilter): readonly StatusRow[];
  nextSort(current: KeySort, column: SortColumn): KeySort;
  countExpiring(keys: readonly VaultKey[], nowMs: number): number;
};

type FormResult<T, F extends string> = { ok: true; value: T } | { ok: false; errors: Partial<Record<F, string>> };
export type CreateKeyForm = {
  name: string;
  scope: KeyScope;
  environment: KeyEnvironment;
  scimCustomAttributes: boolean;
  retrieveSignatures: boolean;
  sendDirectoryInfo: boolean;
  expiresOn: string;
};
export type ExternalKeyForm = {
  name: string;
  presetId: string;
  provider: string;
  scopeLabel: string;
  environment: KeyEnvironment;
  expiresOn: string;
  secret: string;
};
export type KeyFormsLib = {
  defaultCreateKeyForm(nowMs: number): CreateKeyForm;
  expiryFromDateInput(value: string, nowMs: number): { ok: true; iso: string | undefined } | { ok: false; message: string };
  toCreateKeyRequest(form: CreateKeyForm, nowMs: number): FormResult<CreateApiKeyRequest, 'name' | 'expiresOn'>;
  defaultExternalKeyForm(nowMs: number, preset: ExternalKeyPreset | null): ExternalKeyForm;
  toExternalKeyInput(
    form: ExternalKeyForm,
    nowMs: number,
  ): FormResult<ExternalKeyInput, 'name' | 'provider' | 'scopeLabel' | 'environment' | 'expiresOn' | 'secret'>;
};

const load = (name: string) => import(/* @vite-ignore */ resolve(LIB, name));
export const loadTimeLib = (): Promise<TimeLib> => load('time.ts');
export const loadKeyTableLib = (): Promise<KeyTableLib> => load('key-table.ts');
export const loadKeyFormsLib = (): Promise<KeyFormsLib> => load('key-forms.ts');
