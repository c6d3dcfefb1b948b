import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { Candidate, CreateCandidateBody, UpdateCandidateBody } from '../../schemas/candidates.ts'
import { createCandidatesService, type CandidatesService } from '../../services/candidates.ts'
import { latestResumeInfo, type ResumeInfo } from '../../services/resumes.ts'

type CandidateRecord = Awaited<ReturnType<CandidatesService['getCandidate']>>

// Create, read and update one candidate.
const records: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = createCandidatesService(app.db)
  const tags = ['candidates']
  const security = [{ bearerAuth: [] }]
  const conflict = { 409: Type.Ref('Problem') }
  const notFound = { 404: Type.Ref('Problem') }

  app.post(
    '',
    {
      schema: { tags, security, summary: 'Create a candidate (409 with Location when the e-mail is taken)', body: CreateCandidateBody, response: { 201: Candidate, ...problemResponses, ...conflict } },
      config: { access: access.roles('ADMIN', 'RECRUITER') },
    },
    async (request, reply) => {
      const candidate = await service.createCandidate(request.body, { actorId: request.principal!.userId, requestId: request.id })
      return reply.code(201).header('location', `/candidates/${candidate.id}`).send(candidateJson(candidate, null))
    },
  )

  app.get(
    '/:id',
    {
      schema: { tags, security, summary: 'Read a candidate (an erased one comes back anonymised)', params: IdParams, response: { 200: Candidate, ...problemResponses, ...notFound } },
      config: { access: access.anyUser },
    },
    async (request) => {
      const candidate = await service.getCandidate(request.principal!, request.params.id)
      return candidateJson(candidate, candidate.erasedAt ? null : await latestResumeInfo(app.db, candidate.id))
    },
  )

  app.patch(
    '/:id',
    {
      schema: { tags, security, summary: 'Change a candidate (null clears an optional field)', params: IdParams, body: UpdateCandidateBody, response: { 200: Candidate, ...problemResponses, ...notFound, ...conflict } },
      config: { access: access.roles('ADMIN', 'RECRUITER') },
    },
    async (request) => {
      const candidate = await service.updateCandidate(request.params.id, request.body, { actorId: request.principal!.userId, requestId: request.id })
      return candidateJson(candidate, await latestResumeInfo(app.db, candidate.id))
    },
  )
}

function candidateJson(candidate: CandidateRecord, resume: ResumeInfo | null) {
  // Erasure already anonymised the row; blanking here too means a read can never show what it missed.
  const erased = candidate.erasedAt !== null
  const personal = <V>(value: V) => (erased ? null : value)
  return {
    ...candidate,
    email: personal(candidate.email),
    phone: personal(candidate.phone),
    location: personal(candidate.location),
    timeZone: personal(candidate.timeZone),
    portfolioUrl: personal(candidate.portfolioUrl),
    githubUrl: personal(candidate.githubUrl),
    linkedinUrl: personal(candidate.linkedinUrl),
    skills: erased ? [] : candidate.skills,
    erasedAt: candidate.erasedAt?.toISOString() ?? null,
    createdAt: candidate.createdAt.toISOString(),
    updatedAt: candidate.updatedAt.toISOString(),
    latestResume: resume && !erased ? { ...resume, createdAt: resume.createdAt.toISOString() } : null,
  }
}

export default records
