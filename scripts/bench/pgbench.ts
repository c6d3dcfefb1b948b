import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** libpq's environment for a postgresql:// URL, so the password never appears in a process list. */
function libpqEnvironment(databaseUrl: string): NodeJS.ProcessEnv {
  const url = new URL(databaseUrl)
  return {
    ...process.env,
    PGHOST: url.hostname.replace(/^\[|\]$/g, ''),
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username),
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: decodeURIComponent(url.pathname.slice(1)),
  }
}

const hasPgbench = () => {
  try {
    execFileSync('pgbench', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * Makes sure pgbench is on the PATH: as root on Debian it is installed from the
 * distribution (postgresql-client); elsewhere the reason is returned instead.
 */
export function ensurePgbench(log: (line: string) => void): string | null {
  if (hasPgbench()) return null
  if (process.getuid?.() === 0 && process.platform === 'linux') {
    log('pgbench is missing: installing postgresql-client with apt-get…')
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' })
      execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql-client'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    } catch (error) {
      return `pgbench is missing and apt-get could not install postgresql-client (${(error as Error).message})`
    }
    if (hasPgbench()) return null
  }
  return 'pgbench is missing: install the PostgreSQL client tools (Debian: apt-get install postgresql-client)'
}

export interface PgbenchRun {
  transactions: number
  seconds: number
  transactionsPerSecond: number
  latencyAverageMs: number | null
  failed: number
}

/** `pgbench -i` at scale 1 in the given database: its own pgbench_* tables beside ours (100,000 accounts). */
export async function initPgbench(databaseUrl: string): Promise<void> {
  await run('pgbench', ['-i', '-q', '-s', '1'], { env: libpqEnvironment(databaseUrl) })
}

/**
 * pgbench's "simple update" (-N: update an account, select it, insert history,
 * without the branch and teller updates that make the TPC-B-like default
 * contend on a few rows) at the given concurrency, two threads as on our two
 * cores, for `seconds`.
 */
export async function runPgbenchSimpleUpdate(databaseUrl: string, clients: number, seconds: number): Promise<PgbenchRun> {
  return runPgbench(databaseUrl, ['-N'], clients, seconds)
}

/** A script of our own (`-f`), on prepared statements as the API runs its hot paths, otherwise as runPgbenchSimpleUpdate. */
export async function runPgbenchScript(databaseUrl: string, script: string, clients: number, seconds: number): Promise<PgbenchRun> {
  return runPgbench(databaseUrl, ['-n', '-M', 'prepared', '-f', script], clients, seconds)
}

async function runPgbench(databaseUrl: string, workload: string[], clients: number, seconds: number): Promise<PgbenchRun> {
  const { stdout } = await run('pgbench', [...workload, '-c', String(clients), '-j', '2', '-T', String(seconds)], { env: libpqEnvironment(databaseUrl) })
  const number = (pattern: RegExp) => {
    const match = pattern.exec(stdout)
    return match?.[1] === undefined ? null : Number(match[1])
  }
  const tps = number(/^tps = ([\d.]+)/m)
  if (tps === null) throw new Error(`could not read pgbench's result:\n${stdout}`)
  return {
    transactions: number(/number of transactions actually processed: (\d+)/) ?? 0,
    seconds,
    transactionsPerSecond: tps,
    latencyAverageMs: number(/latency average = ([\d.]+) ms/),
    failed: number(/number of failed transactions: (\d+)/) ?? 0,
  }
}
