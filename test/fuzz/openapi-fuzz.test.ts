// Fuzzes every operation in the served OpenAPI document with inputs its schemas
// forbid (and odd inputs they allow). Whatever the input: never a 5xx, and every
// 4xx is RFC 9457 problem+json whose status matches the HTTP status.
// New routes are covered as soon as they appear in /openapi.json.
//
// Replay a run: FUZZ_SEED=<seed printed below> npx tsx test/fuzz/openapi-fuzz.test.ts
import t from 'tap'
import { createRng, seedFromEnv } from './prng.ts'
import { operationsOf, type Operation } from './openapi-operations.ts'
import { describeFinding, fuzzOperations, type Finding, type FuzzRun } from './harness.ts'
import { buildAppWithExtraRoutes } from '../access/app-with-extra-routes.ts'
import { SELFTEST_PREFIX, selftestRoutes } from './selftest-routes.ts'
import { fuzzCallers } from './fuzz-callers.ts'
import { errorContractViolations } from '../access/problem-response.ts'

// Run directly (npx tsx), tap's timeout is 30 s; give the same 120 s as .taprc
// gives under the runner: about 1,500 requests take 5-10 s on 2 idle cores, but
// several times that on a machine busy with other test files.
if (!process.env.TAP_TIMEOUT) t.setTimeout(120_000)

const seed = seedFromEnv()
t.comment(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`)

// About 30-40 cases per operation with today's ~40 operations (priority cases are
// always sent, the rest sampled by the seed): the file stays well under tap's
// 30 s default timeout on 2 busy cores. Raise it for a deeper local run.
const BUDGET = Number(process.env.FUZZ_BUDGET ?? 1200)
const ANONYMOUS_SAMPLE = 3

// Login is rate limited per IP; the fuzzer sends hundreds of logins from one.
const { app, config } = await buildAppWithExtraRoutes(t, { LOGIN_RATE_LIMIT_MAX: '1000000' }, selftestRoutes)
const callers = await fuzzCallers(app)

const documentResponse = await app.inject({ method: 'GET', url: '/openapi.json' })
t.equal(documentResponse.statusCode, 200, '/openapi.json is served')
const operations = operationsOf(documentResponse.json())
const apiOperations = operations.filter((o) => !o.path.startsWith(SELFTEST_PREFIX))
const selftestOperations = operations.filter((o) => o.path.startsWith(SELFTEST_PREFIX))

const fuzz = (ops: Operation[]) =>
  fuzzOperations(app, ops, {
    rng: createRng(seed),
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    budget: BUDGET,
    anonymousSample: ANONYMOUS_SAMPLE,
    callerFor: callers.callerFor,
    protectedIds: callers.protectedIds,
  })

t.test('the document describes the API, so the fuzz is not vacuous', async (t) => {
  const ids = apiOperations.map((o) => o.id)
  t.ok(apiOperations.length >= 8, `${apiOperations.length} operations`)
  for (const id of ['POST /auth/login', 'POST /auth/refresh', 'GET /auth/me', 'GET /users', 'PATCH /users/{id}']) t.ok(ids.includes(id), `documents ${id}`)
  t.equal(selftestOperations.length, 3, 'the planted self-test routes are documented too')
})

t.test('every operation answers bad input with a 4xx problem, never a 5xx', async (t) => {
  const started = Date.now()
  const run = await fuzz(apiOperations)
  t.comment(`${run.requests} requests to ${apiOperations.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  for (const [operation, { cases, ms }] of run.perOperation) t.comment(`  ${operation}: ${cases} cases, ${ms} ms`)

  t.equal(run.findings.length, 0, 'no response breaks the error contract', { findings: summarise(run.findings) })

  // Guards against a run that proves nothing: every operation must have been
  // reached past authentication, and every operation with inputs must have rejected some.
  for (const operation of apiOperations) {
    t.ok((run.pastGuard.get(operation.id) ?? 0) > 0, `${operation.id}: some requests got past authentication`)
    const hasInputs = operation.pathParams.length + operation.queryParams.length + operation.headerParams.length > 0 || operation.body
    if (hasInputs) t.ok((run.rejected.get(operation.id) ?? 0) > 0, `${operation.id}: validation rejected some inputs with 400`)
  }
  for (const user of callers.users) {
    const me = await app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${user.token}` } })
    t.equal(me.statusCode, 200, `the ${user.role} caller is still logged in after the fuzz`)
  }
})

// The fuzz only proves "no 5xx" for these; the exact answers are part of the contract.
t.test('well-formed but unknown refresh tokens', async (t) => {
  const unknownToken = Buffer.alloc(32, 7).toString('base64url') // same shape as a real one
  const refresh = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: unknownToken } })
  t.equal(refresh.statusCode, 401, 'refresh answers 401')
  t.same(errorContractViolations(refresh, 'POST'), [], 'as a problem')
  const logout = await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: unknownToken } })
  t.equal(logout.statusCode, 204, 'logout answers 204: it is idempotent by design (services/sessions.ts)')
})

t.test('self-test: the harness flags planted bugs', async (t) => {
  const run: FuzzRun = await fuzz(selftestOperations)
  const flagged = (operation: string, label: RegExp, problem: RegExp) =>
    run.findings.some((f) => f.operation === operation && label.test(f.label) && f.problems.some((p) => problem.test(p)))
  t.ok(flagged(`POST ${SELFTEST_PREFIX}/echo`, /RTL override/, /server error 500/), 'a handler that throws on odd but valid text is caught')
  t.ok(flagged(`GET ${SELFTEST_PREFIX}/crash`, /valid baseline/, /server error 500/), 'a handler that always throws is caught')
  t.ok(flagged(`GET ${SELFTEST_PREFIX}/plain-error/{id}`, /valid baseline/, /not application\/problem\+json/), 'a 4xx that is not problem+json is caught')
  t.notOk(run.findings.some((f) => f.operation === `POST ${SELFTEST_PREFIX}/echo` && /valid baseline/.test(f.label)), 'the planted bug is not blamed on valid input')
})

/**
 * One entry per kind of failure (what was sent, what went wrong), naming every
 * operation it happened on and showing one example: a bug shared by all routes
 * (say, a router error that is not problem+json) reads as one line, not forty.
 */
function summarise(findings: Finding[]): string[] {
  const kinds = new Map<string, { example: Finding; operations: Set<string>; count: number }>()
  for (const f of findings) {
    const what = f.label.replace(/^(path|query|header|body)\.[^:]+:/, '$1.*:')
    const key = `${what} => ${f.problems[0]?.replace(/\d{3}/, (s) => s[0] + 'xx')}`
    const kind = kinds.get(key) ?? { example: f, operations: new Set<string>(), count: 0 }
    kind.operations.add(f.operation)
    kind.count++
    kinds.set(key, kind)
  }
  const severity = (f: Finding) => (f.status === 0 || f.status >= 500 ? 0 : 1)
  return [...kinds.values()]
    .sort((a, b) => severity(a.example) - severity(b.example))
    .slice(0, 80)
    .map(({ example, operations, count }) => {
      const names = [...operations]
      const where = names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ')
      return `${describeFinding(example)}\n    (${count} time(s), on ${where})`
    })
}
