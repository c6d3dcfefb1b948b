/** One timed run: every request's latency (ms), how long it ran and what failed. */
export interface Measured {
  samples: number[]
  seconds: number
  /** Answers other than 2xx (HTTP) or failed units (SQL): a correct run has none. */
  failures: number
  statusCodes?: Record<string, number>
}

/** What one side of a pair measured over all its runs: throughput and latency percentiles (ms). */
export interface LoadResult {
  requests: number
  seconds: number
  perSecond: number
  p50: number
  p95: number
  p99: number
  max: number
  failures: number
  statusCodes?: Record<string, number>
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

const round = (n: number) => Math.round(n * 100) / 100

/** The runs of one side taken together (the bench alternates sides, so a side is measured in several runs). */
export function summarize(runs: Measured[]): LoadResult {
  const sorted = Float64Array.from(runs.flatMap((r) => r.samples)).sort()
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0)
  const statusCodes: Record<string, number> = {}
  for (const r of runs) for (const [code, n] of Object.entries(r.statusCodes ?? {})) statusCodes[code] = (statusCodes[code] ?? 0) + n
  return {
    requests: sorted.length,
    seconds: round(seconds),
    perSecond: round(sorted.length / seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    ...(runs.some((r) => r.statusCodes) ? { statusCodes } : {}),
  }
}

/** Collects one run's latencies. */
export class LatencyRecorder {
  private samples: number[] = []
  failures = 0

  record(ms: number): void {
    this.samples.push(Math.round(ms * 100) / 100)
  }

  measured(seconds: number, statusCodes?: Record<string, number>): Measured {
    return { samples: this.samples, seconds, failures: this.failures, ...(statusCodes ? { statusCodes } : {}) }
  }
}

/**
 * Measures each side twice, in the order A B … B A, each run half the time:
 * machines drift (other work, caches, autovacuum), and this order gives every
 * side the same share of early and late. Each side warms up before its first run.
 */
export async function alternate<T extends unknown[]>(seconds: number, warmupSeconds: number, ...sides: { [K in keyof T]: (seconds: number, warmup: number) => Promise<T[K]> }): Promise<{ [K in keyof T]: T[K][] }> {
  const half = Math.max(1, Math.round(seconds / 2))
  const runs = sides.map(() => [] as unknown[])
  for (const [i, side] of sides.entries()) runs[i]!.push(await side(half, warmupSeconds))
  for (const [i, side] of [...sides.entries()].reverse()) runs[i]!.push(await side(half, 0))
  return runs as { [K in keyof T]: T[K][] }
}
