import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type tap from 'tap'
import { bearer, type TestUser } from '../helpers/users.ts'

// Shared by the job tests: calls through the API, and rows the API of other
// issues would make (candidates, applications), written directly.

type Asserts = Pick<typeof tap, 'equal' | 'match'>

export function assertProblem(t: Asserts, res: LightMyRequestResponse, status: number, type?: string) {
  t.equal(res.statusCode, status, `answers ${status}`)
  t.match(res.headers['content-type'], /^application\/problem\+json/, 'as application/problem+json')
  const body = res.json()
  if (type) t.equal(body.type, `https://shortlist.dev/problems/${type}`, `of type ${type}`)
  return body as { detail: string; errors?: { pointer: string; detail: string }[] }
}

export const api = (app: FastifyInstance, user: TestUser) => ({
  get: (url: string) => app.inject({ method: 'GET', url, headers: bearer(user) }),
  post: (url: string, payload?: object) => app.inject({ method: 'POST', url, headers: bearer(user), ...(payload ? { payload } : {}) }),
  patch: (url: string, payload: object) => app.inject({ method: 'PATCH', url, headers: bearer(user), payload }),
  put: (url: string, payload: object, headers: Record<string, string> = {}) => app.inject({ method: 'PUT', url, headers: { ...bearer(user), ...headers }, payload }),
})

export interface StageJson {
  id: string
  position: number
  name: string
  kind: string
  templateId: string | null
  requiredScorecards: number
  slaDays: number | null
  activeApplications: number
}

export async function createJob(app: FastifyInstance, user: TestUser, body: object = {}) {
  const res = await api(app, user).post('/jobs', { title: 'Back-end developer', ...body })
  if (res.statusCode !== 201) throw new Error(`job create failed: ${res.statusCode} ${res.body}`)
  return res.json() as { id: string; status: string; plan: StageJson[]; team: { userId: string; role: string }[] }
}

let candidates = 0

/** An ACTIVE application in the given stage, as the applications API would leave it (minus its history). */
export async function createApplication(app: FastifyInstance, jobId: string, stageId: string) {
  candidates += 1
  const candidate = await app.db.candidate.create({
    data: { firstName: 'Test', lastName: `Candidate ${candidates}`, email: `candidate.${candidates}.${Math.random().toString(36).slice(2, 8)}@example.test` },
    select: { id: true },
  })
  return app.db.application.create({ data: { candidateId: candidate.id, jobId, stageId }, select: { id: true, candidateId: true, version: true } })
}

/** Row counts of everything a job write touches: compared before and after a refused request. */
export async function rowCounts(app: FastifyInstance) {
  const [jobs, stages, members, audit, transitions, outbox] = await Promise.all([
    app.db.job.count(), app.db.stage.count(), app.db.hiringTeamMember.count(), app.db.auditEvent.count(), app.db.stageTransition.count(), app.db.outboxEvent.count(),
  ])
  return { jobs, stages, members, audit, transitions, outbox }
}
