// The bench's machinery, not its timings (speed is measured only by `npm run
// bench`): each baseline does the same work as the API — the same statements,
// the same answers — and the load generators keep their runs valid.
import t from 'tap'
import pg from 'pg'
import { getBoard } from '../../src/services/board.ts'
import { createCandidateSearch } from '../../src/services/candidate-search.ts'
import { getApplication } from '../../src/services/applications.ts'
import { DEMO_PASSWORD } from '../../scripts/lib/seed/demo-staff.ts'
import { seedLarge } from '../../scripts/seed-large.ts'
import { staffEmail } from '../../scripts/seed-large/staff.ts'
import { logIn, startApi } from '../../scripts/bench/api-server.ts'
import { startBareServer } from '../../scripts/bench/bare-server.ts'
import { startPgbenchOverHttp } from '../../scripts/bench/pgbench-over-http.ts'
import { captureStatements } from '../../scripts/bench/capture-sql.ts'
import { runHttpLoad } from '../../scripts/bench/http-load.ts'
import { alternate, summarize } from '../../scripts/bench/latency.ts'
import { moveTargets } from '../../scripts/bench/pairs/moves.ts'
import { ensurePgbench, initPgbench, runPgbenchScript, runPgbenchSimpleUpdate } from '../../scripts/bench/pgbench.ts'
import { prepareMoveSql } from '../../scripts/bench/move-sql.ts'
import { formatTable, type PairResult } from '../../scripts/bench/report.ts'
import { runSqlLoad } from '../../scripts/bench/sql-load.ts'
import { deleteRedisKeys } from '../helpers/app.ts'
import { createTestDatabase } from '../helpers/database.ts'

const database = await createTestDatabase()
await seedLarge(database.url, { candidates: 200, applications: 600, jobs: 5 }, () => {}, { seed: 3 })
const api = await startApi(database.url, 4)
const db = new pg.Pool({ connectionString: database.url, max: 2 })
t.teardown(async () => {
  await db.end()
  await api.close()
  await deleteRedisKeys(api.config)
  await database.drop()
})
const token = await logIn(api.origin, staffEmail('recruiter'), DEMO_PASSWORD)
const authorization = `Bearer ${token}`
const claims = api.app.jwt.decode<{ sub: string; sid: string }>(token)!
const principal = (await api.app.sessions.principalFor(claims.sid, claims.sub))!
const { rows: [job] } = await db.query<{ id: string }>(`SELECT job_id AS id FROM applications GROUP BY job_id ORDER BY count(*) DESC LIMIT 1`)

t.test('the raw-SQL baselines replay exactly the statements the API runs for the request, after its session check', async (t) => {
  const get = (path: string) => fetch(`${api.origin}${path}`, { headers: { authorization } }).then((r) => r.status)
  const board = await captureStatements(() => getBoard(api.app.pg, principal, job!.id, 20))
  const boardRequest = await captureStatements(() => get(`/jobs/${job!.id}/board`))
  t.equal(boardRequest.result, 200)
  t.same(boardRequest.statements.slice(-board.statements.length), board.statements, 'the board')
  t.ok(boardRequest.statements.length > board.statements.length, 'the request also checked the session')
  t.match(board.statements, [{ name: 'board_all_jobs' }], 'as a prepared statement, which the replay prepares alike')

  const search = await captureStatements(() => createCandidateSearch(api.app.db, api.app.pg).searchCandidates(principal, 'Postgress', {}, { limit: 20 }))
  const searchRequest = await captureStatements(() => get(`/candidates/search?q=Postgress`))
  t.equal(searchRequest.result, 200)
  t.same(searchRequest.statements.slice(-search.statements.length), search.statements, 'the search, its transaction included')
  t.match(search.statements.map((s) => s.name ?? null), [null, /^candidate_search_/, null], 'BEGIN with its settings, the prepared search, COMMIT')

  const replay = summarize([await runSqlLoad({ databaseUrl: database.url, connections: 2, seconds: 1, warmupSeconds: 0, units: [board.statements, search.statements] })])
  t.ok(replay.requests > 0, 'replayed through pg')
  t.equal(replay.failures, 0, 'without an error')
})

t.test('the bare server answers GET /applications/:id exactly as the API does', async (t) => {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM applications ORDER BY id LIMIT 3`)
  const session = await captureStatements(() => api.app.sessions.principalFor(principal.sessionId, principal.userId))
  const read = await captureStatements(() => getApplication(api.app.pg, principal, rows[0]!.id))
  const bare = await startBareServer({
    databaseUrl: database.url, poolSize: 2, jwtSecret: api.config.JWT_SECRET,
    session: { statements: session.statements, sessionId: principal.sessionId, userId: principal.userId },
    application: { statement: read.statements[0]!, applicationId: rows[0]!.id, userId: principal.userId },
  })
  t.teardown(bare.close)
  const ask = async (origin: string, id: string, auth = authorization) => {
    const response = await fetch(`${origin}/applications/${id}`, { headers: { authorization: auth } })
    return { status: response.status, etag: response.headers.get('etag'), body: response.status === 200 ? await response.json() : null }
  }
  for (const { id } of rows) t.same(await ask(bare.origin, id), await ask(api.origin, id), `application ${id}`)
  const unknown = '00000000-0000-7000-8000-000000000000'
  t.equal((await ask(bare.origin, unknown)).status, (await ask(api.origin, unknown)).status, 'an unknown one is 404 from both')
  t.equal((await ask(bare.origin, rows[0]!.id, 'Bearer forged')).status, 401, 'a bad token is refused')
  t.equal(read.statements.length, 1, 'the application is read in one statement')
})

t.test('the moves load carries each application\'s version from one run to the next, so no move is stale', async (t) => {
  const targets = await moveTargets(db, 20)
  t.ok(targets.length >= 4, `found applications to move (${targets.length})`)
  const job = { origin: api.origin, connections: 2, seconds: 1, warmupSeconds: 0, authorization }
  const first = await runHttpLoad({ ...job, work: { kind: 'moves', targets } })
  let measuring: { at: number; pid: number } | null = null
  const startedAt = performance.now()
  const secondRun = runHttpLoad({ ...job, warmupSeconds: 1, work: { kind: 'moves', targets: first.targets! } }, (pid) => (measuring = { at: performance.now(), pid }))
  const second = await secondRun
  const endedAt = performance.now()
  // The CPU sampled beside a run is timed from this call: after the warm-up, a timed run's length before the end.
  const announced = measuring as { at: number; pid: number } | null
  t.ok(announced && announced.at - startedAt >= 1000, 'the timed run is announced once its warm-up is over')
  t.ok(announced && endedAt - announced.at >= 900, 'and as it starts, not once it is over')
  t.ok(announced && announced.pid !== process.pid && announced.pid > 0, 'naming the generator\'s process')
  t.ok(first.samples.length > 0 && second.samples.length > 0, 'both runs moved applications')
  t.same([first.failures, second.failures], [0, 0], 'none refused (no 409, no 412)')
  const versions = new Map((await db.query<{ id: string; version: number }>(`SELECT id, version FROM applications WHERE id = ANY ($1::uuid[])`, [second.targets!.map((x) => x.id)])).rows.map((r) => [r.id, r.version]))
  t.ok(second.targets!.every((x) => versions.get(x.id) === x.version), 'the versions it hands back are the ones in the database')
})

t.test('pgbench simple-update runs beside our tables and its result is read', { skip: ensurePgbench(() => {}) ?? false }, async (t) => {
  await initPgbench(database.url)
  const run = await runPgbenchSimpleUpdate(database.url, 2, 1)
  t.ok(run.transactionsPerSecond > 0 && run.transactions > 0, `${run.transactions} transactions`)
  t.equal(run.failed, 0)

  // The ceiling beside it: the same transaction, one per HTTP request.
  const overHttp = await startPgbenchOverHttp({ databaseUrl: database.url, poolSize: 2 })
  t.teardown(overHttp.close)
  const state = async () => (await db.query<{ history: number; total: string }>(`SELECT (SELECT count(*)::int FROM pgbench_history) AS history, (SELECT sum(abalance) FROM pgbench_accounts) AS total`)).rows[0]!
  const before = await state()
  const loaded = await runHttpLoad({ origin: overHttp.origin, connections: 2, seconds: 1, warmupSeconds: 0, authorization: '', work: { kind: 'post', path: '/transactions' } })
  const after = await state()
  t.ok(loaded.samples.length > 0, `${loaded.samples.length} requests`)
  t.equal(loaded.failures, 0, 'every request answered 2xx')
  // A run's last requests may still be in flight when its generator stops counting: at most one per connection.
  const inserted = after.history - before.history
  t.ok(inserted >= loaded.samples.length && inserted <= loaded.samples.length + 2, `each request inserted one history row, as a pgbench transaction does (${inserted})`)
  const deltas = await db.query<{ sum: string }>(`SELECT sum(delta) FROM (SELECT delta FROM pgbench_history ORDER BY mtime DESC, aid LIMIT $1) h`, [inserted])
  t.equal(BigInt(after.total) - BigInt(before.total), BigInt(deltas.rows[0]!.sum), 'and moved its account\'s balance by its delta')
})

t.test("a move's own statements, replayed by pgbench, move applications as the API does: each write a version and a transition", { skip: ensurePgbench(() => {}) ?? false }, async (t) => {
  const [probe, ...others] = await moveTargets(db, 12)
  t.ok(others.length >= 4, `found applications to move (${others.length})`)
  const probeVersion = probe!.version
  const scripts = await prepareMoveSql({ api, authorization, principal, db }, probe!, others, 2)
  t.teardown(scripts.remove)
  t.match(probe, { home: false, version: probeVersion + 1 }, 'the probe was moved through the API, and the load carries on from where it is')
  const ids = others.map((o) => o.id)
  const totals = async () => (await db.query<{ versions: number; transitions: number; audits: number }>(`
    SELECT (SELECT sum(version)::int FROM applications WHERE id = ANY($1::uuid[])) AS versions,
           (SELECT count(*)::int FROM stage_transitions WHERE application_id = ANY($1::uuid[])) AS transitions,
           (SELECT count(*)::int FROM audit_events WHERE entity_id = ANY($1::uuid[])) AS audits`, [ids])).rows[0]!
  const stagesNow = async () => new Map((await db.query<{ id: string; stage_id: string }>('SELECT id, stage_id FROM applications WHERE id = ANY($1::uuid[])', [ids])).rows.map((r) => [r.id, r.stage_id]))
  const home = await stagesNow()
  for (const script of [scripts.move, scripts.write]) {
    const before = await totals()
    const run = await runPgbenchScript(database.url, script, 2, 1)
    const after = await totals()
    t.equal(run.failed, 0, `${run.transactions} transactions, none failed`)
    const moved = after.versions - before.versions
    t.equal(moved, run.transactions, `every transaction moved its application (${moved}): the clients never share one`)
    t.same([after.transitions - before.transitions, after.audits - before.audits], [moved, moved], 'each move wrote its transition and its audit event, as the API writes them')
    const now = await stagesNow()
    t.ok(others.every((o) => now.get(o.id) === home.get(o.id) || now.get(o.id) === o.backStageId), 'each application is in its own stage or the one before, as the load leaves them')
  }
})

t.test('sides alternate A B B A, results merge over runs, and the table says pass or fail', async (t) => {
  const order: string[] = []
  await alternate(4, 1, async (s, w) => order.push(`a${s}/${w}`), async (s, w) => order.push(`b${s}/${w}`))
  t.same(order, ['a2/1', 'b2/1', 'b2/0', 'a2/0'], 'half the time each, warm-up first only')
  order.length = 0
  const runs = await alternate(2, 0, async () => order.push('a') && 'a', async () => order.push('b') && 'b', async () => order.push('c') && 'c')
  t.same(order, ['a', 'b', 'c', 'c', 'b', 'a'], 'more sides go out and back the same way')
  t.same(runs, [['a', 'a'], ['b', 'b'], ['c', 'c']], 'each side\'s runs come back together')
  const merged = summarize([{ samples: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], seconds: 1, failures: 0 }, { samples: Array.from({ length: 90 }, (_, i) => 11 + i), seconds: 1, failures: 1 }])
  t.match(merged, { requests: 100, seconds: 2, perSecond: 50, p50: 50, p95: 95, p99: 99, max: 100, failures: 1 })
  const pair = (pass: boolean): PairResult => ({ pair: 'x', ours: 'o', baseline: 'b', ratio: 0.5, ratioOf: 'p95', target: 't', pass, details: {} })
  t.match(formatTable([pair(true), pair(false)]), /PASS[\s\S]*FAIL/)
})
