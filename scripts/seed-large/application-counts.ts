import { randomFor, Stream } from './random.ts'

/**
 * How many applications each candidate makes, adding up to exactly `total`:
 * everyone applies at least once (when there are enough applications), most a
 * few times, some many (an exponential spread around the running mean), never
 * more than `cap`. Two bytes per candidate, so it is kept rather than recomputed.
 */
export function applicationCounts(seed: number, candidates: number, total: number, cap: number): Uint16Array {
  if (candidates * cap < total) throw new Error(`${total} applications do not fit ${candidates} candidates at ${cap} jobs each`)
  const random = randomFor(seed, Stream.counts, 0)
  const counts = new Uint16Array(candidates)
  let remaining = total
  for (let i = 0; i < candidates && remaining > 0; i++) {
    const left = candidates - i
    const least = remaining >= left ? 1 : 0
    const spread = -Math.log(1 - random.next())
    let n = least + Math.floor((remaining / left - least) * spread + random.next())
    // Leave one for everyone after this candidate.
    n = Math.max(least, Math.min(n, cap, remaining - least * (left - 1)))
    counts[i] = n
    remaining -= n
  }
  // The spread can leave a few over at the end: hand them out one by one.
  for (let i = 0; remaining > 0; i = (i + 1) % candidates) {
    if (counts[i]! < cap) {
      counts[i]!++
      remaining--
    }
  }
  return counts
}
