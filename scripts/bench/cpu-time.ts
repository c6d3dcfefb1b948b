import { readdirSync, readFileSync } from 'node:fs'

// Where a pair's CPU goes, read from Linux's /proc. The API, the load
// generator, PostgreSQL and pgbench all share this machine's cores, so a
// throughput ratio alone cannot tell whether the API's work or the database's
// work per operation is what limits it; CPU time per operation can.
// (No library: pidusage and its kind report one process at a time, by pid, and
// cannot group a server's short-lived backends by what they are.)

/** The parts of a run whose CPU is told apart. */
export type CpuPart = 'api' | 'loadGenerator' | 'postgresql' | 'pgbench'

/** CPU seconds each part spent per second of wall-clock time. */
export type CpuRates = Partial<Record<CpuPart, number>>

export interface ProcessTimes {
  comm: string
  ppid: number
  /** User plus system time, in clock ticks. */
  ticks: number
  /** When it started, in clock ticks since boot: with the pid, what identifies a process (pids are reused). */
  startTime: number
}

// Linux reports process times in USER_HZ ticks, which its ABI fixes at 100 a
// second on every architecture Node runs on (sysconf(_SC_CLK_TCK) is not reachable from Node).
const TICKS_PER_SECOND = 100

/**
 * One /proc/<pid>/stat line (proc(5)). The command name sits in parentheses and
 * may itself hold spaces and parentheses, so fields are counted from the last ")".
 */
export function parseStat(line: string): ProcessTimes | null {
  const open = line.indexOf('(')
  const close = line.lastIndexOf(')')
  if (open < 0 || close < open) return null
  // After ") " come field 3 (state), 4 (ppid) … 14 (utime), 15 (stime) … 22 (starttime).
  const fields = line.slice(close + 2).split(' ')
  const ppid = Number(fields[1])
  const ticks = Number(fields[11]) + Number(fields[12])
  const startTime = Number(fields[19])
  if (![ppid, ticks, startTime].every(Number.isInteger)) return null
  return { comm: line.slice(open + 1, close), ppid, ticks, startTime }
}

function snapshot(): Map<number, ProcessTimes> | null {
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return null // not Linux
  }
  const processes = new Map<number, ProcessTimes>()
  for (const pid of pids) {
    try {
      const times = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))
      if (times) processes.set(Number(pid), times)
    } catch {
      // it exited between the listing and the read
    }
  }
  return processes
}

/** The processes that are not told apart by name: the bench's own, and the HTTP load generator it started, if any. */
export interface KnownProcesses {
  api: number
  loadGenerator?: number
}

/**
 * Which part a process is: the bench's own process serves the API, the load
 * generator is the child it names, pgbench and a local PostgreSQL's processes
 * (all named "postgres") go by name. Anything else is not counted.
 */
export function partOf(pid: number, p: ProcessTimes, known: KnownProcesses): CpuPart | null {
  if (pid === known.api) return 'api'
  if (pid === known.loadGenerator) return 'loadGenerator'
  if (p.comm === 'postgres') return 'postgresql'
  if (p.comm === 'pgbench') return 'pgbench'
  return null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Each part's CPU rate between two snapshots `windowMs` apart, the first taken
 * `delayMs` from now; null where /proc cannot be read. Only processes alive at
 * both ends count, so the window belongs inside a steady run, away from its
 * start and end (pgbench's connections, for one, end with it).
 */
export async function cpuRates(delayMs: number, windowMs: number, known: KnownProcesses = { api: process.pid }): Promise<CpuRates | null> {
  await sleep(delayMs)
  const before = snapshot()
  const startedAt = performance.now()
  await sleep(windowMs)
  const after = snapshot()
  const seconds = (performance.now() - startedAt) / 1000
  if (!before || !after) return null
  const rates: CpuRates = {}
  for (const [pid, end] of after) {
    const start = before.get(pid)
    const part = partOf(pid, end, known)
    // Not the command name: Node 22+ renames its main thread once started ("MainThread").
    if (!start || !part || start.startTime !== end.startTime) continue
    rates[part] = (rates[part] ?? 0) + (end.ticks - start.ticks) / TICKS_PER_SECOND / seconds
  }
  return rates
}

/** CPU is sampled inside each timed run, this far from its start and its end (less in short runs). */
const CPU_SETTLE_MS = 1000

export interface CpuSample {
  rates: CpuRates | null
  /** When the window closed: one closing after its run had ended measured idle time too. */
  closedAt: number
}

/** CPU rates over the middle of a timed run of `seconds` that starts now. */
export async function cpuDuringRun(seconds: number, known?: KnownProcesses): Promise<CpuSample> {
  const settle = Math.min(CPU_SETTLE_MS, (seconds * 1000) / 4)
  const rates = await cpuRates(settle, seconds * 1000 - 2 * settle, known)
  return { rates, closedAt: performance.now() }
}

/** The sample's rates if its window closed before the run ended. */
export async function ratesWithin(sample: Promise<CpuSample> | null, runEndedAt: number): Promise<CpuRates | null> {
  const taken = await sample
  return taken && taken.closedAt <= runEndedAt ? taken.rates : null
}

/** Milliseconds of CPU per operation for each part, averaged over runs measured at `perSecond` operations a second. */
export function cpuPerOperation(runs: { rates: CpuRates | null; perSecond: number }[]): CpuRates | null {
  const measured = runs.filter((r) => r.rates && r.perSecond > 0)
  if (!measured.length) return null
  const perOperation: CpuRates = {}
  for (const { rates, perSecond } of measured) {
    for (const [part, rate] of Object.entries(rates!) as [CpuPart, number][]) {
      perOperation[part] = (perOperation[part] ?? 0) + (1000 * rate) / perSecond / measured.length
    }
  }
  return perOperation
}
