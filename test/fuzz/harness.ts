// Sends the generated cases and records every answer that breaks the error
// contract: a 5xx, a 4xx that is not problem+json, a status the contract fixes
// but the app did not give, or a protected operation answering an anonymous caller.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Operation } from './openapi-operations.ts'
import type { Rng } from './prng.ts'
import { casesFor, type FuzzCase } from './fuzz-cases.ts'
import { errorContractViolations } from '../access/problem-response.ts'

export interface Finding {
  operation: string
  label: string
  caller: string
  request: string
  status: number
  problems: string[]
  body: string
}

export interface FuzzOptions {
  rng: Rng
  bodyLimitBytes: number
  /** At most this many cases in all; priority cases are always sent. */
  budget: number
  /** How many of each operation's cases are also sent without credentials. */
  anonymousSample: number
  /** The caller each operation is fuzzed as (a role its access allows); undefined sends no credentials. */
  callerFor(operation: Operation): { name: string; authorization: string } | undefined
  /** Ids the fuzzer must never put in a URL (its own callers: editing them would lock the fuzzer out). */
  protectedIds: ReadonlySet<string>
}

export interface FuzzRun {
  requests: number
  findings: Finding[]
  /** Per operation: cases an authorised caller sent that got past authentication (not 401/403). */
  pastGuard: Map<string, number>
  /** Per operation: cases answered 400 (so validation ran). */
  rejected: Map<string, number>
  /** Per operation: cases sent with credentials, and the milliseconds all its requests took. */
  perOperation: Map<string, { cases: number; ms: number }>
}

// Creating first fills the pool of known ids that later reads and updates use.
const METHOD_ORDER = ['POST', 'PUT', 'GET', 'HEAD', 'PATCH', 'DELETE']

export async function fuzzOperations(app: FastifyInstance, operations: Operation[], options: FuzzOptions): Promise<FuzzRun> {
  const run: FuzzRun = { requests: 0, findings: [], pastGuard: new Map(), rejected: new Map(), perOperation: new Map() }
  const knownIds: string[] = []
  const perOperation = Math.max(40, Math.floor(options.budget / Math.max(1, operations.length)))
  const ordered = [...operations].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path))

  for (const operation of ordered) {
    const all = casesFor(operation, { rng: options.rng, knownIds, bodyLimitBytes: options.bodyLimitBytes })
    const cases = withinBudget(all, perOperation, options.rng)
    const started = Date.now()
    const caller = options.callerFor(operation)
    for (const fuzzCase of cases) {
      const response = await send(app, fuzzCase, caller?.authorization)
      run.requests++
      if ('noAnswer' in response) {
        recordNoAnswer(run, fuzzCase, caller?.name ?? 'anonymous', response.noAnswer)
        continue
      }
      record(run, fuzzCase, caller?.name ?? 'anonymous', response, contractProblems(fuzzCase, response, Boolean(caller)))
      if (caller && response.statusCode !== 401 && response.statusCode !== 403) bump(run.pastGuard, operation.id)
      if (response.statusCode === 400) bump(run.rejected, operation.id)
      if (response.statusCode < 300) harvestIds(response, knownIds, options.protectedIds)
    }
    for (const fuzzCase of options.rng.sample(cases, options.anonymousSample)) {
      const response = await send(app, fuzzCase, undefined)
      run.requests++
      if ('noAnswer' in response) {
        recordNoAnswer(run, fuzzCase, 'anonymous', response.noAnswer)
        continue
      }
      const problems = contractProblems(fuzzCase, response, !operation.secured)
      if (operation.secured && response.statusCode < 400) problems.push(`protected operation answered ${response.statusCode} to an anonymous caller`)
      record(run, fuzzCase, 'anonymous', response, problems)
    }
    run.perOperation.set(operation.id, { cases: cases.length, ms: Date.now() - started })
  }
  return run
}

export function describeFinding(f: Finding): string {
  return `${f.operation} [${f.label}] as ${f.caller}: ${f.problems.join('; ')}\n    ${f.request}\n    -> ${f.status} ${f.body}`
}

function rank(operation: Operation): number {
  const index = METHOD_ORDER.indexOf(operation.method)
  return index === -1 ? METHOD_ORDER.length : index
}

function withinBudget(cases: FuzzCase[], limit: number, rng: Rng): FuzzCase[] {
  if (cases.length <= limit) return cases
  const priority = cases.filter((c) => c.priority)
  const rest = rng.sample(cases.filter((c) => !c.priority), Math.max(0, limit - priority.length))
  return [...priority, ...rest]
}

// A request that gets no answer (the handler hangs, or the response is destroyed
// half-way) is a finding too, not a test that crashes or hangs until tap kills it.
const REQUEST_TIMEOUT_MS = 10_000

type Outcome = LightMyRequestResponse | { noAnswer: string }

async function send(app: FastifyInstance, fuzzCase: FuzzCase, authorization: string | undefined): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<Outcome>((resolve) => (timer = setTimeout(resolve, REQUEST_TIMEOUT_MS, { noAnswer: `no answer within ${REQUEST_TIMEOUT_MS} ms` })))
  const answer = app.inject({
    method: fuzzCase.method as 'GET',
    url: fuzzCase.url,
    headers: authorization ? { ...fuzzCase.headers, authorization } : fuzzCase.headers,
    ...(fuzzCase.payload !== undefined ? { payload: fuzzCase.payload } : {}),
  }).catch((error: Error & { code?: string }): Outcome => ({ noAnswer: `no complete answer: ${error.code ?? ''} ${error.message}` }))
  try {
    return await Promise.race([answer, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The error contract, plus the exact status a case fixes (only when the caller gets past the guard). */
function contractProblems(fuzzCase: FuzzCase, response: LightMyRequestResponse, passesGuard: boolean): string[] {
  const problems = errorContractViolations(response, fuzzCase.method)
  if (passesGuard && fuzzCase.expectStatus !== undefined && response.statusCode !== fuzzCase.expectStatus) {
    problems.push(`expected ${fuzzCase.expectStatus}, got ${response.statusCode}`)
  }
  return problems
}

function record(run: FuzzRun, fuzzCase: FuzzCase, caller: string, response: LightMyRequestResponse, problems: string[]) {
  if (problems.length) run.findings.push({ ...describeRequest(fuzzCase, caller), status: response.statusCode, problems, body: response.body.slice(0, 300) })
}

function recordNoAnswer(run: FuzzRun, fuzzCase: FuzzCase, caller: string, problem: string) {
  run.findings.push({ ...describeRequest(fuzzCase, caller), status: 0, problems: [problem], body: '' })
}

function describeRequest(fuzzCase: FuzzCase, caller: string) {
  const url = fuzzCase.url.length > 160 ? `${fuzzCase.url.slice(0, 160)}… (${fuzzCase.url.length} chars)` : fuzzCase.url
  return { operation: fuzzCase.operation.id, label: fuzzCase.label, caller, request: `${fuzzCase.method} ${url}` }
}

function bump(counts: Map<string, number>, key: string) {
  counts.set(key, (counts.get(key) ?? 0) + 1)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Collects the ids a successful answer names, so later cases can address rows that exist. */
function harvestIds(response: LightMyRequestResponse, knownIds: string[], protectedIds: ReadonlySet<string>) {
  if (!/json/.test(String(response.headers['content-type'] ?? ''))) return
  let body: unknown
  try {
    body = JSON.parse(response.body)
  } catch {
    return
  }
  const visit = (value: unknown, depth: number) => {
    if (depth > 4 || typeof value !== 'object' || value === null) return
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'id' && typeof inner === 'string' && UUID.test(inner) && !protectedIds.has(inner) && !knownIds.includes(inner) && knownIds.length < 50) knownIds.push(inner)
      else visit(inner, depth + 1)
    }
  }
  visit(body, 0)
}
