// Set-up shared by the candidate tests: jobs with a hiring team and
// applications are written straight to the database (the jobs and applications
// APIs have their own tests); candidates go through the API under test.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { HiringTeamRole, JobStatus } from '../../src/generated/prisma/enums.ts'
import { bearer, type TestUser } from '../helpers/users.ts'

let counter = 0

export async function createJob(app: FastifyInstance, options: { status?: JobStatus; team?: Array<{ user: TestUser; role: HiringTeamRole }> } = {}) {
  const job = await app.db.job.create({
    data: {
      title: `Back-end developer ${++counter}`,
      status: options.status ?? 'OPEN',
      stages: { create: [{ position: 1, name: 'Resume review', kind: 'REVIEW' }, { position: 2, name: 'Technical interview', kind: 'INTERVIEW' }] },
      team: { create: (options.team ?? []).map((m) => ({ userId: m.user.id, role: m.role })) },
    },
    select: { id: true, stages: { orderBy: { position: 'asc' }, select: { id: true } } },
  })
  return { id: job.id, stageIds: job.stages.map((s) => s.id) }
}

export async function applyToJob(app: FastifyInstance, candidateId: string, job: { id: string; stageIds: string[] }, stage = 0) {
  return app.db.application.create({ data: { candidateId, jobId: job.id, stageId: job.stageIds[stage]! }, select: { id: true } })
}

export function uniqueEmail(name = 'candidate'): string {
  return `${name}.${Date.now().toString(36)}${(++counter).toString(36)}@example.test`
}

export async function postCandidate(app: FastifyInstance, user: TestUser, body: Record<string, unknown>): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/candidates', headers: bearer(user), payload: body })
}

/** Creates a candidate through the API and returns its JSON; fails loudly otherwise. */
export async function createCandidate(app: FastifyInstance, user: TestUser, body: Record<string, unknown> = {}) {
  const res = await postCandidate(app, user, { firstName: 'Ada', lastName: 'Lovelace', email: uniqueEmail(), ...body })
  if (res.statusCode !== 201) throw new Error(`create candidate failed: ${res.statusCode} ${res.body}`)
  return res.json() as { id: string; email: string; firstName: string; lastName: string; skills: string[] } & Record<string, unknown>
}
