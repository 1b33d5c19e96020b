/**
 * A seeded pseudo-random generator for the boundary fuzz tests: the same seed gives the same
 * inputs on every machine, so a failure printed by CI is replayed by setting KEYWARDEN_FUZZ_SEED.
 */

/** The seed `npm test` runs with; KEYWARDEN_FUZZ_SEED replays or explores another one. */
export const FUZZ_SEED = integerFromEnvironment(process.env.KEYWARDEN_FUZZ_SEED) ?? 0x6b77_6664;

/** Cases per route or channel: bounded so `npm test` stays fast; KEYWARDEN_FUZZ_CASES explores further. */
export const FUZZ_CASES = integerFromEnvironment(process.env.KEYWARDEN_FUZZ_CASES) ?? 30;

export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, max). */
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** mulberry32: tiny, fast and good enough to spread cases; not for anything secret. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (max: number): number => Math.floor(next() * max);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
    chance: (probability) => next() < probability,
  };
}

/** One generator per name (a route, a channel), so adding a route does not change the others' cases. */
export function prngFor(name: string, seed: number = FUZZ_SEED): Prng {
  let hash = seed >>> 0;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return createPrng(hash);
}

function integerFromEnvironment(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`KEYWARDEN_FUZZ_SEED and _CASES must be integers, not ${value}`);
  return number;
}
