// The HTTP load generator, run as its own process by http-load.ts so that
// autocannon never competes with the server under test for one event loop.
// Reads a LoadJob as JSON on stdin. On stdout it writes the line MEASURING_LINE
// when the timed run starts (after the warm-up), then what it measured as JSON.
import autocannon from 'autocannon'
import { MEASURING_LINE } from './http-load.ts'
import { LatencyRecorder, type Measured } from './latency.ts'

/** An application the moves load sends back one stage and advances again, tracking its version. */
export interface MoveTarget {
  id: string
  version: number
  /** The stage before its own: "move" there (a send-back needs no scorecards), then "advance" home. */
  backStageId: string
  /** False while it waits in the back stage. */
  home: boolean
}

/** A run's measurements and, for moves, where the applications it did not leave in flight now are. */
export type LoadRun = Measured & { targets?: MoveTarget[] }

export interface LoadJob {
  /** Origin of the server, e.g. http://127.0.0.1:3000 */
  origin: string
  connections: number
  seconds: number
  warmupSeconds: number
  authorization: string
  /** GETs cycling through these paths; bodiless POSTs to one path; or moves spread over these applications. */
  work: { kind: 'get'; paths: string[] } | { kind: 'post'; path: string } | { kind: 'moves'; targets: MoveTarget[] }
}

type Request = autocannon.Request
interface MoveContext { current?: MoveTarget }

function requestsFor(job: LoadJob, idle: MoveTarget[]): Request[] {
  const headers = { authorization: job.authorization }
  if (job.work.kind === 'get') {
    const paths = job.work.paths
    let next = 0
    return [{ method: 'GET', setupRequest: (req) => ({ ...req, headers, path: paths[next++ % paths.length]! }) }]
  }
  if (job.work.kind === 'post') return [{ method: 'POST', path: job.work.path }]
  // One queue of idle applications shared by all connections (one thread serves them all): a request takes
  // the longest-idle one and its answer puts it back, so no two in-flight moves ever touch one row.
  // (autocannon resets a connection's context after every request, so state cannot live there.)
  return [{
    method: 'POST',
    setupRequest: (req, context) => {
      const target = idle.shift()
      if (!target) throw new Error('more connections than applications to move')
      ;(context as MoveContext).current = target
      const body = target.home ? { action: 'move', toStageId: target.backStageId, reason: 'Benchmark: sent back for another look' } : { action: 'advance' }
      return { ...req, path: `/applications/${target.id}/moves`, headers: { ...headers, 'content-type': 'application/json', 'if-match': `"${target.version}"` }, body: JSON.stringify(body) }
    },
    onResponse: (status, body, context, responseHeaders) => {
      const target = (context as MoveContext).current
      if (!target) return
      if (status === 200) {
        const etag = (responseHeaders as Record<string, string | undefined> | undefined)?.etag
        target.version = etag ? Number(etag.replaceAll('"', '')) : (JSON.parse(body) as { version: number }).version
        target.home = !target.home
      }
      // A refused move leaves the application where it was; one whose version is unknown (412) leaves the rotation.
      if (status !== 412) idle.push(target)
    },
  }]
}

function run(job: LoadJob, requests: Request[], seconds: number, recorder: LatencyRecorder | null): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url: job.origin, connections: job.connections, duration: seconds, requests }, (error, result) => {
      if (error) return reject(error)
      if (recorder) recorder.failures += result.errors + result.timeouts
      resolve(result)
    })
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (!recorder) return
      recorder.record(responseTime)
      if (statusCode < 200 || statusCode > 299) recorder.failures++
    })
  })
}

async function main(): Promise<LoadRun> {
  let input = ''
  for await (const chunk of process.stdin) input += chunk
  const job = JSON.parse(input) as LoadJob
  // Moves hand back the applications not in flight at the end (an unanswered move leaves its version unknown).
  const idle = job.work.kind === 'moves' ? job.work.targets.map((t) => ({ ...t })) : []
  const requests = requestsFor(job, idle)
  if (job.warmupSeconds > 0) await run(job, requests, job.warmupSeconds, null)
  process.stdout.write(`${MEASURING_LINE}\n`)
  const recorder = new LatencyRecorder()
  const result = await run(job, requests, job.seconds, recorder)
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]))
  return { ...recorder.measured(result.duration, statusCodes), ...(job.work.kind === 'moves' ? { targets: idle } : {}) }
}

process.stdout.write(`${JSON.stringify(await main())}\n`)
