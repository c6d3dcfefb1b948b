import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

/** One measured pair: our endpoint beside its baseline, run in the same bench. */
export interface PairResult {
  pair: string
  /** A short summary of each side, for the table. */
  ours: string
  baseline: string
  /** ours ÷ baseline of the compared quantity (latency for board and search, throughput otherwise). */
  ratio: number
  ratioOf: string
  target: string
  pass: boolean
  /** Everything measured, for the JSON report. */
  details: Record<string, unknown>
}

export interface BenchReport {
  startedAt: string
  machine: { cpus: number; node: string; loadAverage: number[] }
  data: Record<string, unknown>
  settings: Record<string, unknown>
  pairs: PairResult[]
}

const ms = (n: number) => `${n < 10 ? n.toFixed(1) : n.toFixed(0)} ms`
export const latencySummary = (r: { p50: number; p95: number; p99: number; perSecond: number }) =>
  `p95 ${ms(r.p95)} (p50 ${ms(r.p50)}, p99 ${ms(r.p99)}), ${r.perSecond.toFixed(0)}/s`

/** The results as a fixed-width table, one pair a row. */
export function formatTable(pairs: PairResult[]): string {
  const header = ['pair', 'ours', 'baseline', 'ratio', 'target', 'result']
  const rows = pairs.map((p) => [p.pair, p.ours, p.baseline, `${p.ratio.toFixed(2)}× ${p.ratioOf}`, p.target, p.pass ? 'PASS' : 'FAIL'])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' │ ').trimEnd()
  return [line(header), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(line)].join('\n')
}

export async function writeReport(file: string, report: BenchReport): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`)
}
