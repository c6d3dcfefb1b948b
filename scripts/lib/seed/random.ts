/**
 * A seeded pseudo-random generator (mulberry32): the demo data comes out the
 * same on every run, so screenshots, docs and bug reports agree.
 */
export function createRandom(seed: number) {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
  /** `count` distinct items (a partial Fisher-Yates shuffle). */
  const sample = <T>(items: readonly T[], count: number): T[] => {
    const copy = [...items]
    for (let i = 0; i < Math.min(count, copy.length); i++) {
      const j = int(i, copy.length - 1)
      ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
    }
    return copy.slice(0, count)
  }
  return { next, int, pick, sample }
}

export type Random = ReturnType<typeof createRandom>
