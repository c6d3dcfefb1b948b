// A small seeded PRNG (mulberry32): the same seed gives the same cases, so a
// failure seen once can be replayed with FUZZ_SEED=<seed>.

export interface Rng {
  readonly seed: number
  /** A float in [0, 1). */
  next(): number
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chance(probability: number): boolean
  /** Up to `count` items, in their original order. */
  sample<T>(items: readonly T[], count: number): T[]
  uuid(): string
  hex(length: number): string
}

export function seedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.FUZZ_SEED
  if (given !== undefined && given !== '') {
    const seed = Number(given)
    if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`FUZZ_SEED must be an integer in [0, 2^32): ${given}`)
    return seed
  }
  return Math.floor(Math.random() * 2 ** 32)
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const hex = (length: number) => Array.from({ length }, () => int(0, 15).toString(16)).join('')
  return {
    seed,
    next,
    int,
    hex,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[int(0, items.length - 1)]!
    },
    chance: (probability) => next() < probability,
    sample: (items, count) => {
      if (items.length <= count) return [...items]
      const chosen = new Set<number>()
      while (chosen.size < count) chosen.add(int(0, items.length - 1))
      return [...chosen].sort((a, b) => a - b).map((i) => items[i]!)
    },
    // A version 4 UUID drawn from this PRNG (crypto.randomUUID would not replay).
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`,
  }
}
