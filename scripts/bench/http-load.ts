import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type pg from 'pg'
import type { LoadJob, LoadRun } from './load-worker.ts'

const worker = fileURLToPath(new URL('./load-worker.ts', import.meta.url))

/** The load worker prints this alone on a line when its timed run starts (after the warm-up). */
export const MEASURING_LINE = 'measuring'

/**
 * Runs autocannon in a child process (node with tsx, as npm runs scripts) and
 * returns what it measured. A separate process keeps the load generator off the
 * event loop of the server being measured, which runs in the bench's process.
 * `onMeasuring` is called with the generator's pid when the timed run starts.
 */
export function runHttpLoad(job: LoadJob, onMeasuring?: (pid: number) => void): Promise<LoadRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (onMeasuring && stdout.split('\n').slice(0, -1).includes(MEASURING_LINE)) {
        onMeasuring(child.pid!)
        onMeasuring = undefined
      }
    })
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}: ${stderr.trim()}`))
      try {
        // The result is the last line, one JSON document.
        resolve(JSON.parse(stdout.trimEnd().split('\n').at(-1)!) as LoadRun)
      } catch {
        reject(new Error(`the load generator printed no result: ${stdout.slice(0, 500)} ${stderr.slice(0, 500)}`))
      }
    })
    child.stdin.end(JSON.stringify(job))
  })
}

/** A server under load: where to send requests, and the pg pool its handlers query. */
export interface LoadedServer {
  origin: string
  pool: pg.Pool
}

/**
 * runHttpLoad against `server`, returning once the requests the run left
 * queued in the server's pool have run too: a run ends when its generator
 * stops, and what a small pool still holds must not be timed or captured as
 * part of whatever comes next.
 */
export async function loadServer(server: LoadedServer, job: Omit<LoadJob, 'origin'>, onMeasuring?: (pid: number) => void): Promise<LoadRun> {
  const run = await runHttpLoad({ ...job, origin: server.origin }, onMeasuring)
  const { pool } = server
  while (pool.waitingCount > 0 || pool.idleCount < pool.totalCount) await new Promise((resolve) => setTimeout(resolve, 20))
  return run
}
