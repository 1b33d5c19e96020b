/**
 * Values a careless, broken or hostile client sends: huge strings, control and bidi characters,
 * lone surrogates, numbers at and past the edge of IEEE-754, deep nesting and prototype keys.
 * Each carries its JSON type, so a generator can pick one a field's schema cannot accept.
 */
import type { Prng } from './prng.ts';

/** JSON's types, plus values JSON cannot hold (NaN, Infinity) and values only IPC can carry. */
export type ValueType =
  'string' | 'integer' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'nonfinite' | 'other';

export interface Hostile {
  /** What the value is, for the failure message (the value itself may be a megabyte). */
  label: string;
  type: ValueType;
  value: unknown;
  /**
   * The JSON text, where JSON.stringify would say something else (1e309, -0, 2**64 exactly) or
   * cannot say it at all (ten thousand levels overflow its stack; JSON.parse reads them fine).
   */
  json?: string;
  /** Only Electron's structured clone carries it (Map, Date, BigInt, cycles): IPC only. */
  ipcOnly?: boolean;
}

export const MIB = 1024 * 1024;
export const DEEP_LEVELS = 10_000;

const text = (label: string, value: string): Hostile => ({ label, type: 'string', value });
const num = (label: string, value: number, json?: string): Hostile => ({
  label,
  type: Number.isInteger(value) ? 'integer' : Number.isFinite(value) ? 'number' : 'nonfinite',
  value,
  ...(json ? { json } : {}),
});

export const HOSTILE_STRINGS: readonly Hostile[] = [
  text('a 1 MiB string', 'a'.repeat(MIB)),
  text('a 70 KiB string (just over the body limit)', 'b'.repeat(70 * 1024)),
  text('a 10,000-character string', 'c'.repeat(10_000)),
  text('the empty string', ''),
  text('only whitespace', ' \t\n\r '),
  text('NUL bytes', 'nul\u0000byte\u0000'),
  text('ANSI escapes and a bell', '\u001b[2J\u001b[31mred\u0007'),
  text('CR LF and a header', 'x\r\nX-Injected: 1\r\n\r\n'),
  text('C1 controls and DEL', '\u0085\u009b\u007f'),
  text('a bidi override', 'key\u202Egnp.exe\u202C'),
  text('bidi isolates and marks', '\u2066x\u2069\u200F\u061C'),
  text('zero-width characters', 'Prod\u200Bkey\uFEFF\u2060'),
  text('a lone high surrogate', 'ab\uD800cd'),
  text('a lone low surrogate', '\uDC00'),
  text('reversed surrogates', '\uDC00\uD800'),
  text('non-ASCII letters and emoji', 'ключ-🔑-Ünïcödé-鍵'),
  text('combining characters', 'e\u0301'.repeat(50)),
  text('a path traversal', '../../../../etc/passwd'),
  text('dot segments', '..'),
  text('percent-encoded NUL and slash', '%00%2F%2e%2e'),
  text('a prototype key', '__proto__'),
  text('a constructor key', 'constructor'),
  text('SQL', "'; DROP TABLE api_keys; --"),
  text('HTML', '<img src=x onerror=alert(1)>'),
  text('a template', '${7*7}{{7*7}}'),
  text('an admin-token-shaped string', `lsa_${'A'.repeat(43)}`),
  text('an API-key-shaped string', `lsk_live_${'B'.repeat(43)}`),
  text('400 digits', '9'.repeat(400)),
  text('the string NaN', 'NaN'),
  text('the string Infinity', 'Infinity'),
  text('the string -0', '-0'),
  text('the string 1e308', '1e308'),
  text('the string 1e309', '1e309'),
  text('hex', '0x10'),
  text('2**64 as text', '18446744073709551616'),
  text('an impossible date', '2030-02-30T25:61:61Z'),
  text('the last representable date', '+275760-09-13T00:00:00.000Z'),
  text('year zero', '0000-01-01T00:00:00.000Z'),
  text('a date without zone', '2030-01-01T00:00:00'),
];

export const HOSTILE_NUMBERS: readonly Hostile[] = [
  num('1e308', 1e308),
  num('-1e308', -1e308),
  num('1e309 (Infinity once parsed)', Infinity, '1e309'),
  num('-1e309', -Infinity, '-1e309'),
  num('2**64', 2 ** 64, '18446744073709551616'),
  num('-(2**64)', -(2 ** 64), '-18446744073709551616'),
  num('2**53 + 1', 2 ** 53 + 1, '9007199254740993'),
  num('-0', -0, '-0'),
  num('0', 0),
  num('-1', -1),
  num('0.5', 0.5),
  num('the smallest subnormal', 5e-324),
  num('a 400-digit integer', Infinity, '9'.repeat(400)),
];

/** Whole structures: wrong at the top of a body or inside a field. */
const HOSTILE_STRUCTURES: readonly Hostile[] = [
  { label: 'true', type: 'boolean', value: true },
  { label: 'false', type: 'boolean', value: false },
  { label: 'null', type: 'null', value: null },
  { label: 'an empty array', type: 'array', value: [] },
  { label: 'an empty object', type: 'object', value: {} },
  { label: 'a mixed array', type: 'array', value: [1, 'a', null, {}, []] },
  deep('array'),
  deep('object'),
  { label: 'an object with 10,000 keys', type: 'object', value: wideObject(10_000) },
  { label: 'an array of 100,000 zeros', type: 'array', value: new Array<number>(100_000).fill(0) },
  { label: 'an own __proto__ key', type: 'object', value: JSON.parse('{"__proto__":{"isAdmin":true}}') },
  {
    label: 'constructor.prototype keys',
    type: 'object',
    value: JSON.parse('{"constructor":{"prototype":{"isAdmin":true}}}'),
  },
];

/** Values only Electron's structured clone carries (the harness bridge and HTTP send JSON). */
const IPC_ONLY: readonly Hostile[] = [
  { label: 'NaN', type: 'nonfinite', value: NaN, ipcOnly: true },
  { label: 'a BigInt 2n**64n', type: 'other', value: 2n ** 64n, ipcOnly: true },
  { label: 'a Date', type: 'other', value: new Date(8.64e15), ipcOnly: true },
  { label: 'an invalid Date', type: 'other', value: new Date(NaN), ipcOnly: true },
  { label: 'a Map', type: 'other', value: new Map([['workspaceId', 'x']]), ipcOnly: true },
  { label: 'a Set', type: 'other', value: new Set([1, 2]), ipcOnly: true },
  { label: 'a Uint8Array', type: 'other', value: new Uint8Array(16), ipcOnly: true },
  { label: 'a RegExp', type: 'other', value: /a+$/, ipcOnly: true },
  { label: 'an Error', type: 'other', value: new Error('boom'), ipcOnly: true },
  { label: 'an object that contains itself', type: 'object', value: cyclicObject(), ipcOnly: true },
  { label: 'a sparse array a million long', type: 'array', value: sparseArray(), ipcOnly: true },
];

export function hostileValues(target: 'http' | 'ipc'): Hostile[] {
  const all = [...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, ...HOSTILE_STRUCTURES];
  return target === 'ipc' ? [...all, ...IPC_ONLY] : all;
}

/** A short random string of any UTF-16 code units, surrogates and controls included. */
export function randomString(prng: Prng, maxLength = 24): Hostile {
  const ranges: Array<[number, number]> = [
    [0x00, 0x20],
    [0x20, 0x7f],
    [0x80, 0x100],
    [0x400, 0x500],
    [0x200b, 0x2070],
    [0xd800, 0xe000],
    [0xfff0, 0x10000],
  ];
  let value = '';
  const length = prng.int(maxLength) + 1;
  for (let i = 0; i < length; i++) {
    const [from, to] = prng.pick(ranges);
    value += String.fromCharCode(from + prng.int(to - from));
  }
  return { label: `random string ${JSON.stringify(value)}`, type: 'string', value };
}

/** The JSON text of a Hostile. */
export function hostileJson(hostile: Hostile): string {
  if (hostile.json !== undefined) return hostile.json;
  if (hostile.ipcOnly) throw new Error(`${hostile.label} has no JSON form`);
  return JSON.stringify(hostile.value) ?? 'null';
}

/** A Hostile's value as the receiving side holds it: read from JSON, or structured-cloned. */
export function receivedValue(hostile: Hostile): unknown {
  return hostile.ipcOnly ? hostile.value : JSON.parse(hostileJson(hostile));
}

function deep(kind: 'array' | 'object'): Hostile {
  const open = kind === 'array' ? '[' : '{"a":';
  const close = kind === 'array' ? ']' : '}';
  const innermost = kind === 'array' ? '[]' : '{}';
  const json = open.repeat(DEEP_LEVELS - 1) + innermost + close.repeat(DEEP_LEVELS - 1);
  return { label: `${DEEP_LEVELS} nested ${kind}s`, type: kind, value: undefined, json };
}

function wideObject(keys: number): Record<string, number> {
  const value: Record<string, number> = {};
  for (let i = 0; i < keys; i++) value[`k${i}`] = i;
  return value;
}

function cyclicObject(): Record<string, unknown> {
  const value: Record<string, unknown> = { name: 'loop' };
  value.self = value;
  return value;
}

function sparseArray(): unknown[] {
  const value: unknown[] = [];
  value[1_000_000] = 'x';
  return value;
}
