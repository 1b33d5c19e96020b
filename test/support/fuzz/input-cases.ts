/**
 * Malformed inputs derived from a JSON Schema (the OpenAPI document's, or an IPC channel's zod
 * schema converted): a valid-looking base with exactly one thing wrong (a field of the wrong
 * type, a hostile value of the right type, a required field missing, an unknown field, or a
 * wrong value in place of the whole input). One fault per case, so `mustRefuse` follows from
 * the fault and a failure points at it.
 */
import { hostileJson, hostileValues, randomString, type Hostile, type ValueType } from './hostile-values.ts';
import type { Prng } from './prng.ts';

export type JsonSchema = { [key: string]: unknown };

/** Values to use for properties of these names, so a case reaches past "no such key". */
export type Hints = Readonly<Record<string, unknown>>;

export interface InputCase {
  /** What is wrong, for the failure message. */
  label: string;
  /** A valid-looking input (undefined for inputs that take nothing). */
  base: unknown;
  fault:
    | { kind: 'set'; path: string[]; hostile: Hostile }
    | { kind: 'delete'; path: string[] }
    | { kind: 'whole'; hostile: Hostile }
    | { kind: 'none' };
  /** The schema says no: any answer but a refusal is a bug. */
  mustRefuse: boolean;
}

/** A declared property somewhere in the input. */
interface Slot {
  path: string[];
  schema: JsonSchema;
  required: boolean;
}

const SLOT = '\u0000fuzz-slot\u0000';
const UNKNOWN_NAMES = ['__proto__', 'constructor', 'isAdmin', 'role', 'ownerId', 'zzz'];

export function createInputCase(prng: Prng, schema: JsonSchema, hints: Hints, target: 'http' | 'ipc'): InputCase {
  const base = sampleValue(schema, schema, hints);
  const values = hostileValues(target);
  const slots = slotsOf(schema, schema, base);
  const rootTypes = admittedTypes(schema, schema);
  const kinds = ['wrong-type-field', 'hostile-field', 'missing-required', 'unknown-field', 'whole'] as const;
  const kind = slots.length === 0 ? 'whole' : prng.pick(kinds);

  if (kind === 'whole') {
    const hostile = prng.chance(0.2) ? randomString(prng) : prng.pick(values);
    return {
      label: `the whole input is ${hostile.label}`,
      base,
      fault: { kind: 'whole', hostile },
      mustRefuse: !admits(rootTypes, hostile.type),
    };
  }
  if (kind === 'missing-required') {
    const required = slots.filter((slot) => slot.required && has(base, slot.path));
    if (required.length > 0) {
      const slot = prng.pick(required);
      return {
        label: `${slot.path.join('.')} is missing`,
        base,
        fault: { kind: 'delete', path: slot.path },
        mustRefuse: true,
      };
    }
  }
  if (kind === 'unknown-field') {
    const objects = [
      { path: [] as string[], schema },
      ...slots.filter((s) => isObjectOnly(s.schema, schema) && has(base, s.path)),
    ];
    const holder = prng.pick(objects);
    const declared = Object.keys(propertiesOf(resolve(holder.schema, schema)));
    const name = prng.pick(UNKNOWN_NAMES.filter((n) => !declared.includes(n)));
    const hostile = prng.pick(values);
    const closed = resolve(holder.schema, schema).additionalProperties === false;
    return {
      label: `unknown field ${[...holder.path, name].join('.')} = ${hostile.label}`,
      base,
      fault: { kind: 'set', path: [...holder.path, name], hostile },
      mustRefuse: closed,
    };
  }
  const slot = prng.pick(slots);
  const types = admittedTypes(slot.schema, schema);
  const wrong = values.filter((value) => !admits(types, value.type));
  const fitting = values.filter((value) => admits(types, value.type));
  // 'missing-required' lands here when nothing is required: a wrong type instead.
  const wantWrong = kind !== 'hostile-field';
  const hostile =
    wantWrong && wrong.length > 0
      ? prng.pick(wrong)
      : fitting.length > 0 && prng.chance(0.85)
        ? prng.pick(fitting)
        : randomString(prng);
  return {
    label: `${slot.path.join('.')} = ${hostile.label}`,
    base,
    fault: { kind: 'set', path: slot.path, hostile },
    mustRefuse: !admits(types, hostile.type),
  };
}

/** The request body's JSON text. */
export function caseJson(input: InputCase): string {
  const { fault } = input;
  if (fault.kind === 'whole') return hostileJson(fault.hostile);
  if (fault.kind === 'none') return input.base === undefined ? '' : JSON.stringify(input.base);
  const copy = structuredClone(input.base);
  if (fault.kind === 'delete') {
    deleteAt(copy, fault.path);
    return JSON.stringify(copy);
  }
  setAt(copy, fault.path, SLOT);
  return JSON.stringify(copy).replace(JSON.stringify(SLOT), () => hostileJson(fault.hostile));
}

/**
 * The input as the main process receives it: through JSON (the browser harness's bridge) or,
 * for what only structured clone carries, through Electron's structured clone.
 */
export function caseValue(input: InputCase): unknown {
  const { fault } = input;
  if (fault.kind === 'none') return structuredClone(input.base);
  const ipcOnly = (fault.kind === 'whole' || fault.kind === 'set') && fault.hostile.ipcOnly;
  if (!ipcOnly) {
    const text = caseJson(input);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }
  if (fault.kind === 'whole') return structuredClone(fault.hostile.value);
  const copy = structuredClone(input.base);
  if (fault.kind === 'set') setAt(copy, fault.path, fault.hostile.value);
  return structuredClone(copy);
}

/** The JSON types a schema admits; null when it admits anything. */
function admittedTypes(schema: JsonSchema, root: JsonSchema): Set<ValueType> | null {
  const resolved = resolve(schema, root);
  const branches = (resolved.anyOf ?? resolved.oneOf) as JsonSchema[] | undefined;
  if (branches) {
    const union = new Set<ValueType>();
    for (const branch of branches) {
      const types = admittedTypes(branch, root);
      if (types === null) return null;
      for (const type of types) union.add(type);
    }
    return union;
  }
  if ('const' in resolved) return new Set([typeOf(resolved.const)]);
  if (Array.isArray(resolved.enum)) return new Set(resolved.enum.map(typeOf));
  const type = resolved.type;
  if (typeof type === 'string') return new Set([type as ValueType]);
  if (Array.isArray(type)) return new Set(type as ValueType[]);
  if (resolved.properties) return new Set(['object']);
  return null;
}

function admits(types: Set<ValueType> | null, type: ValueType): boolean {
  if (type === 'nonfinite' || type === 'other') return false;
  if (types === null) return true;
  if (type === 'integer') return types.has('integer') || types.has('number');
  return types.has(type);
}

/** A value the schema most likely accepts: required properties, the first enum value, the minimum. */
function sampleValue(schema: JsonSchema, root: JsonSchema, hints: Hints, name?: string): unknown {
  const resolved = resolve(schema, root);
  if (name !== undefined && Object.hasOwn(hints, name)) return hints[name];
  const branches = (resolved.anyOf ?? resolved.oneOf) as JsonSchema[] | undefined;
  if (branches && branches.length > 0) {
    const branch = branches.find((b) => resolve(b, root).type !== 'null') ?? branches[0]!;
    return sampleValue(branch, root, hints, name);
  }
  if ('const' in resolved) return resolved.const;
  if (Array.isArray(resolved.enum)) return resolved.enum[0];
  const type = Array.isArray(resolved.type) ? (resolved.type[0] as string) : resolved.type;
  switch (type) {
    case 'string':
      return sampleString(resolved);
    case 'integer':
    case 'number': {
      const minimum = typeof resolved.minimum === 'number' ? resolved.minimum : 1;
      const maximum = typeof resolved.maximum === 'number' ? resolved.maximum : Number.MAX_SAFE_INTEGER;
      return Math.min(Math.max(minimum, 1), maximum);
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const count = Math.max(typeof resolved.minItems === 'number' ? resolved.minItems : 0, 1);
      const limit = typeof resolved.maxItems === 'number' ? resolved.maxItems : count;
      const items = (resolved.items as JsonSchema | undefined) ?? {};
      return Array.from({ length: Math.min(count, limit) }, () => sampleValue(items, root, hints));
    }
    default: {
      if (type !== 'object' && !resolved.properties) return undefined;
      const value: Record<string, unknown> = {};
      const required = new Set((resolved.required as string[] | undefined) ?? []);
      for (const [key, property] of Object.entries(propertiesOf(resolved))) {
        if (required.has(key) || Object.hasOwn(hints, key)) value[key] = sampleValue(property, root, hints, key);
      }
      return value;
    }
  }
}

function sampleString(schema: JsonSchema): string {
  if (schema.format === 'date-time') return '2031-01-01T00:00:00.000Z';
  if (schema.format === 'uri') return 'https://receiver.example/fuzz';
  if (schema.format === 'email') return 'fuzz@example.com';
  const minimum = typeof schema.minLength === 'number' ? schema.minLength : 1;
  const maximum = typeof schema.maxLength === 'number' ? schema.maxLength : 64;
  return 'fuzz'.repeat(Math.ceil(Math.max(minimum, 4) / 4)).slice(0, Math.max(Math.min(maximum, 16), minimum));
}

/** Every declared property, nested ones too (through objects the base holds). */
function slotsOf(schema: JsonSchema, root: JsonSchema, base: unknown, path: string[] = []): Slot[] {
  const resolved = resolve(schema, root);
  const objectBranch = objectSchemaOf(resolved, root);
  if (!objectBranch || path.length > 4) return [];
  const required = new Set((objectBranch.required as string[] | undefined) ?? []);
  const slots: Slot[] = [];
  for (const [key, property] of Object.entries(propertiesOf(objectBranch))) {
    const slot = { path: [...path, key], schema: property, required: required.has(key) };
    slots.push(slot);
    const child = isRecord(base) ? base[key] : undefined;
    if (isRecord(child)) slots.push(...slotsOf(property, root, child, slot.path));
  }
  return slots;
}

function objectSchemaOf(schema: JsonSchema, root: JsonSchema): JsonSchema | null {
  if (schema.properties) return schema;
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  const object = branches?.map((b) => resolve(b, root)).find((b) => b.properties);
  return object ?? null;
}

function isObjectOnly(schema: JsonSchema, root: JsonSchema): boolean {
  const types = admittedTypes(schema, root);
  return types !== null && types.size === 1 && types.has('object');
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) target = (target as JsonSchema | undefined)?.[part];
  return resolve((target as JsonSchema | undefined) ?? {}, root);
}

function typeOf(value: unknown): ValueType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return typeof value === 'object' ? 'object' : 'other';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(value: unknown, path: string[]): boolean {
  let current = value;
  for (const key of path) {
    if (!isRecord(current) || !Object.hasOwn(current, key)) return false;
    current = current[key];
  }
  return true;
}

/** Own properties only: `__proto__` becomes a key, as JSON.parse makes it, not a prototype. */
function setAt(target: unknown, path: string[], value: unknown): void {
  let current = target as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    if (!isRecord(current[key])) define(current, key, {});
    current = current[key] as Record<string, unknown>;
  }
  define(current, path.at(-1)!, value);
}

function deleteAt(target: unknown, path: string[]): void {
  let current = target as Record<string, unknown>;
  for (const key of path.slice(0, -1)) current = current[key] as Record<string, unknown>;
  delete current[path.at(-1)!];
}

function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
