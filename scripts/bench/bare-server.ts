import Fastify from 'fastify'
import { createVerifier } from 'fast-jwt'
import pg from 'pg'
import { listenLocally, type LocalServer } from './local-server.ts'
import type { CapturedStatement } from './capture-sql.ts'

export interface BareServerOptions {
  databaseUrl: string
  poolSize: number
  jwtSecret: string
  /** The API's session check, as captured, with the session and user ids it was captured for. */
  session: { statements: CapturedStatement[]; sessionId: string; userId: string }
  /** The API's application read, as captured, with the application and user ids it was captured for. */
  application: { statement: CapturedStatement; applicationId: string; userId: string }
}

type Bind = (params: Record<string, unknown>) => unknown[]

/** Turns captured values into a binder: the captured ids become named parameters, everything else stays as captured. */
function binder(values: unknown[], names: Record<string, unknown>): Bind {
  const slots = values.map((v) => Object.entries(names).find(([, captured]) => captured === v)?.[0])
  return (params) => values.map((v, i) => (slots[i] ? params[slots[i]] : v))
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The baseline for reading one application: plain Fastify (no plugins, no
 * schemas), a pg pool of the API's size, the same JWT verification (fast-jwt,
 * which @fastify/jwt wraps, HS256), the API's session check and application
 * query replayed statement for statement, and the same response shape.
 */
export async function startBareServer(options: BareServerOptions): Promise<LocalServer> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize, application_name: 'shortlist-bench-bare' })
  const verify = createVerifier({ key: options.jwtSecret, algorithms: ['HS256'] })
  const sessionStatements = options.session.statements.map((s) => ({ text: s.text, name: s.name, bind: binder(s.values, { sid: options.session.sessionId, sub: options.session.userId }) }))
  const read = options.application.statement
  const bindRead = binder(read.values, { id: options.application.applicationId, sub: options.application.userId })
  const app = Fastify({ logger: false })

  app.get<{ Params: { id: string } }>('/applications/:id', async (request, reply) => {
    const header = request.headers.authorization
    if (!header?.startsWith('Bearer ')) return reply.code(401).send({ title: 'Unauthorized' })
    let claims: { sub: string; sid: string }
    try {
      claims = verify(header.slice(7)) as { sub: string; sid: string }
    } catch {
      return reply.code(401).send({ title: 'Unauthorized' })
    }
    // The session check: the same statements; every one must find its row.
    const seen: Record<string, unknown> = {}
    for (const s of sessionStatements) {
      const row = (await pool.query({ text: s.text, name: s.name, values: s.bind({ sid: claims.sid, sub: claims.sub }) })).rows[0]
      if (!row) return reply.code(401).send({ title: 'Unauthorized' })
      Object.assign(seen, row)
    }
    if (!sessionAllows(seen, claims.sub)) return reply.code(401).send({ title: 'Unauthorized' })
    if (!UUID.test(request.params.id)) return reply.code(400).send({ title: 'Bad Request' })
    const row = (await pool.query<DetailRow>({ text: read.text, name: read.name, values: bindRead({ id: request.params.id, sub: claims.sub }) })).rows[0]
    if (!row) return reply.code(404).send({ title: 'Not Found' })
    return reply.header('etag', `"${row.version}"`).send(detail(row, seen.role === 'INTERVIEWER'))
  })

  return listenLocally(app, pool)
}

/**
 * Whatever the check left to the caller, judged as the API does: the session's
 * user, not revoked, not expired, the user active. Columns the statements did
 * not return were checked in SQL (a missing row already meant "no").
 */
function sessionAllows(row: Record<string, unknown>, userId: string): boolean {
  if ('user_id' in row && row.user_id !== userId) return false
  if ('revoked_at' in row && row.revoked_at !== null) return false
  if ('active' in row && row.active !== true) return false
  if ('expires_at' in row && !((row.expires_at as Date).getTime() > Date.now())) return false
  return true
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** The columns of the API's application statement (its aliases), as pg returns them. */
interface DetailRow {
  id: string; candidateId: string; jobId: string; stageId: string; status: string; version: number
  rejectionReason: string | null; rejectionNote: string | null; stageEnteredAt: Date; closedAt: Date | null; createdAt: Date; updatedAt: Date
  stageName: string; stageKind: string; stagePosition: number; requiredScorecards: number; jobTitle: string; jobStatus: string
  firstName: string; lastName: string; submitted: number; drafts: number; mineSubmitted: boolean; r1: number; r2: number; r3: number; r4: number
}

/** The API's ApplicationDetail shape, built from the query's row. */
function detail(r: DetailRow, interviewer: boolean) {
  return {
    id: r.id, candidateId: r.candidateId, jobId: r.jobId, stageId: r.stageId, status: r.status, version: r.version,
    rejectionReason: r.rejectionReason, rejectionNote: r.rejectionNote, stageEnteredAt: iso(r.stageEnteredAt), closedAt: iso(r.closedAt),
    createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
    stage: { id: r.stageId, name: r.stageName, kind: r.stageKind, position: r.stagePosition },
    job: { id: r.jobId, title: r.jobTitle, status: r.jobStatus },
    candidate: { id: r.candidateId, firstName: r.firstName, lastName: r.lastName },
    scorecards: {
      stageId: r.stageId, required: r.requiredScorecards, submitted: r.submitted, drafts: r.drafts,
      recommendations: !interviewer || r.mineSubmitted ? { strongNo: r.r1, no: r.r2, yes: r.r3, strongYes: r.r4 } : null,
    },
  }
}
