// A large CSV import streams: the API runs as a separate small process (its
// V8 heap capped at 160 MB), the file is generated on the fly and sent over a
// socket, the report is read line by line, and the server's peak resident
// memory (the kernel's VmHWM) must stay within a fixed bound of where it
// started, however many rows go through. The suite imports 20k rows;
// IMPORT_ROWS=100000 TAP_TIMEOUT=600 npx tsx test/candidates/import-memory.test.ts
// measures the 100k-row case.
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { request } from 'node:http'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import t from 'tap'
import { createTestDatabase } from '../helpers/database.ts'

const ROWS = Number(process.env.IMPORT_ROWS ?? 20_000)
const GROWTH_BOUND_MB = 150
const database = await createTestDatabase()
t.teardown(() => database.drop())

const server = spawn(process.execPath, ['--import=tsx', '--max-old-space-size=160', path.join(path.dirname(fileURLToPath(import.meta.url)), 'import-server.ts')], {
  // Without tap's coverage collection: V8 coverage keeps data per function and
  // would be measured as the import's memory (and can exhaust the capped heap).
  env: { ...withoutCoverage(process.env), IMPORT_TEST_DATABASE_URL: database.url },
  stdio: ['ignore', 'pipe', 'inherit'],
})
const stopped = new Promise((resolve) => server.once('exit', resolve))
t.teardown(async () => {
  server.kill('SIGTERM')
  await stopped
})
const ready = (await createInterface({ input: server.stdout! })[Symbol.asyncIterator]().next()).value as string
const { port, token } = JSON.parse(ready) as { port: number; token: string }

/** The server's current and peak resident set, in MB, as the kernel counts them. */
async function serverMemory(): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${server.pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

const skills = ['PostgreSQL', 'Go', 'Rust', 'TypeScript', 'Kubernetes', 'Python', 'Java', 'Redis']
async function* multipartCsv(rows: number, boundary: string, prefix: string) {
  yield `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`
  yield 'firstName,lastName,email,phone,location,skills,source\n'
  let chunk = ''
  for (let i = 0; i < rows; i++) {
    chunk += `First${i},"Last, ${i}",${prefix}${i}@bulk.test,+1 555 ${String(i % 10000).padStart(4, '0')},City ${i % 97},${skills[i % 8]};${skills[(i * 3) % 8]},bulk\n`
    if (chunk.length > 64 * 1024) {
      yield chunk
      chunk = ''
    }
  }
  yield `${chunk}\r\n--${boundary}--\r\n`
}

/** Streams the import and reads the NDJSON report as it comes, keeping only counts. */
function streamImport(rows: number, prefix: string): Promise<{ lines: number; statuses: Record<string, number>; summary: Record<string, unknown> }> {
  const boundary = `bulk${Date.now()}`
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, method: 'POST', path: '/candidates/import',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
    }, async (res) => {
      if (res.statusCode !== 200) return reject(new Error(`import answered ${res.statusCode}`))
      const statuses: Record<string, number> = {}
      let lines = 0
      let summary: Record<string, unknown> = {}
      for await (const line of createInterface({ input: res })) {
        const parsed = JSON.parse(line)
        if (parsed.summary) summary = parsed.summary
        else statuses[parsed.status] = (statuses[parsed.status] ?? 0) + 1
        lines++
      }
      resolve({ lines, statuses, summary })
    })
    req.on('error', reject)
    pipeline(Readable.from(multipartCsv(rows, boundary, prefix)), req).catch(reject)
  })
}

t.test(`${ROWS} rows import within a bounded amount of the server's memory`, async (t) => {
  await streamImport(500, 'warmup') // modules, prepared statements, pools
  const before = await serverMemory()
  const started = Date.now()
  const result = await streamImport(ROWS, 'person')
  const seconds = (Date.now() - started) / 1000
  const after = await serverMemory()
  const growth = after.peak - before.rss
  t.comment(`${ROWS} rows in ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds)} rows/s); server RSS ${before.rss.toFixed(0)} MB before, peak ${after.peak.toFixed(0)} MB (+${growth.toFixed(0)} MB)`)
  t.equal(result.statuses.created, ROWS, 'every row is created')
  t.equal(result.lines, ROWS + 1, 'one report line per row, then the summary')
  t.match(result.summary, { rows: ROWS, created: ROWS, rejected: 0 })
  const db = new pg.Client({ connectionString: database.url })
  await db.connect()
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM candidates WHERE email::text LIKE 'person%@bulk.test'`)
  await db.end()
  t.equal(Number(rows[0]!.n), ROWS, 'the rows are in the database')
  t.ok(growth < GROWTH_BOUND_MB, `the server's peak resident memory grew by ${growth.toFixed(0)} MB (< ${GROWTH_BOUND_MB} MB)`)
})

function withoutCoverage(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_V8_COVERAGE: _coverage, ...rest } = env
  return rest
}
