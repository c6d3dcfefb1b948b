import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { problemResponses } from '../../schemas/common.ts'
import { decodeCursor, encodeCursor, isUuidCursor, Page } from '../../schemas/pagination.ts'
import { CreateJobBody, Job, JobIdParams, JobSummary, ListJobsQuery, UpdateJobBody } from '../../schemas/jobs.ts'
import { createJobsService } from '../../services/jobs.ts'
import { actorOf, jobJson, principalOf } from './json.ts'
import planRoutes from './plan.ts'
import teamRoutes from './team.ts'

const problem = Type.Ref('Problem')

// Jobs: anyone signed in reads the jobs they may see (hiring managers and
// interviewers only their teams'); admins and recruiters create and run them.
const jobs: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = createJobsService(app.db)
  const editors = { access: access.roles('ADMIN', 'RECRUITER') }
  const readers = { access: access.anyUser }
  const tags = ['jobs']
  const security = [{ bearerAuth: [] }]

  app.get(
    '',
    { schema: { tags, security, querystring: ListJobsQuery, response: { 200: Page(JobSummary), ...problemResponses } }, config: readers },
    async (request) => {
      const { limit, cursor, status, createdAfter, createdBefore, q } = request.query
      const after = decodeCursor(cursor, isUuidCursor)
      const page = await service.listJobs(principalOf(request), { limit, after, status, createdAfter, createdBefore, q })
      return { items: page.items.map(jobJson), nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  )

  app.post(
    '',
    { schema: { tags, security, body: CreateJobBody, response: { 201: Job, ...problemResponses, 404: problem, 409: problem } }, config: editors },
    async (request, reply) => {
      const job = await service.createJob(request.body, actorOf(request))
      return reply.code(201).header('location', `/jobs/${job.id}`).send(jobJson(job))
    },
  )

  app.get(
    '/:id',
    { schema: { tags, security, params: JobIdParams, response: { 200: Job, ...problemResponses, 404: problem } }, config: readers },
    async (request) => jobJson(await service.getJob(request.params.id, principalOf(request))),
  )

  app.patch(
    '/:id',
    { schema: { tags, security, params: JobIdParams, body: UpdateJobBody, response: { 200: Job, ...problemResponses, 404: problem } }, config: editors },
    async (request) => jobJson(await service.updateJob(request.params.id, request.body, actorOf(request))),
  )

  const statusChange = { tags, security, params: JobIdParams, response: { 200: Job, ...problemResponses, 404: problem, 409: problem } }
  app.post(
    '/:id/open',
    { schema: { ...statusChange, description: 'DRAFT → OPEN, or CLOSED → OPEN to reopen' }, config: editors },
    async (request) => jobJson(await service.openJob(request.params.id, actorOf(request))),
  )
  app.post(
    '/:id/close',
    { schema: { ...statusChange, description: 'OPEN → CLOSED. Applications stay as they are; no new ones are taken.' }, config: editors },
    async (request) => jobJson(await service.closeJob(request.params.id, actorOf(request))),
  )

  await app.register(planRoutes)
  await app.register(teamRoutes)
}

export default jobs
