/**
 * Seeded randomness for the large seed. Every entity (candidate i, the
 * applications of candidate i, …) draws from its own generator, derived from
 * (seed, stream, index): a table can then be generated again, row for row,
 * without keeping the earlier tables in memory, and the same seed gives the same
 * data on every run. mulberry32 is tiny and fast, which matters at millions of
 * draws (scripts/lib/seed/random.ts is the demo seed's, without the raw 32-bit
 * draws and per-entity derivation needed here).
 */
export class Random {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  next(): number {
    return this.u32() / 4294967296
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  /** An index drawn with the given relative weights. */
  weighted(weights: readonly number[]): number {
    let total = 0
    for (const w of weights) total += w
    let x = this.next() * total
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!
      if (x < 0) return i
    }
    return weights.length - 1
  }

  /** `count` distinct items, in random order (partial Fisher-Yates on a copy). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items]
    const n = Math.min(count, copy.length)
    for (let i = 0; i < n; i++) {
      const j = this.int(i, copy.length - 1)
      ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
    }
    copy.length = n
    return copy
  }

  /** A UUIDv7 for the time `ms`, its random bits from this generator (time-ordered ids keep B-tree inserts local). */
  uuidV7(ms: number): string {
    const time = Math.floor(ms).toString(16).padStart(12, '0')
    const a = this.u32()
    const b = this.u32()
    const c = this.u32()
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${(a & 0xfff).toString(16).padStart(3, '0')}-${(0x8000 | (b & 0x3fff)).toString(16)}-${c.toString(16).padStart(8, '0')}${(b >>> 16).toString(16).padStart(4, '0')}`
  }
}

export const createRandom = (seed: number) => new Random(seed)

/** The generator of one entity: a murmur3-style mix of (seed, stream, index), so neighbouring indexes draw unrelated values. */
export function randomFor(seed: number, stream: number, index: number): Random {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b9) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return createRandom(h)
}

/** Streams of randomFor: one per kind of entity. */
export const Stream = { staff: 1, jobs: 2, candidates: 3, applications: 4, counts: 5 } as const
