import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Errors } from '../../errors.ts'
import { access } from '../../plugins/app/access-control.ts'
import { createSchedulingServices } from '../../scheduling/services.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { IfMatchHeaders } from '../../schemas/applications.ts'
import {
  boundedRange, CancelBody, Interview, InterviewBody, InterviewPatch, InterviewWithHistory, OutcomeBody, SlotList, SlotQuery,
} from '../../schemas/interviews.ts'
import { findCommonSlots } from '../../scheduling/availability.ts'
import { loadPanelAvailability } from '../../scheduling/panel-availability.ts'
import { assertMaySchedule, assertMayScheduleInterview } from '../../services/interview-access.ts'
import { interviewFields, interviewJson } from '../../services/interviews.ts'
import { assertSchedulesWith, managesJob, visibleApplications } from '../../services/job-access.ts'
import type { Principal } from '../../services/sessions.ts'
import type { HiringTeamRole } from '../../generated/prisma/enums.ts'
import { etagOf, versionFromIfMatch } from '../applications/etag.ts'

const problem = Type.Ref('Problem')
const MAX_SLOT_RANGE_DAYS = 31

// Booking interviews over the API: the recruiter's calendar work.
const interviewRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { interviews } = createSchedulingServices(app.db, app.config)
  const tags = ['interviews']
  const security = [{ bearerAuth: [] }]
  const schedulers = access.roles('ADMIN', 'RECRUITER', 'HIRING_MANAGER')

  app.get(
    '/interviews/slots',
    {
      schema: {
        tags, security, querystring: SlotQuery, response: { 200: SlotList, ...problemResponses },
        description: "The panel's common free slots of a length within [from, to): working hours in each interviewer's zone, exceptions, buffers, minimum notice and daily caps.",
      },
      config: { access: schedulers },
    },
    async (request) => {
      const q = request.query
      const { from, to } = boundedRange(q.from, q.to, MAX_SLOT_RANGE_DAYS, 'querystring')
      await assertSchedulesWith(app.db, request.principal!, q.panelUserIds)
      const panel = await loadPanelAvailability(app.db, q.panelUserIds, from, to)
      const slots = findCommonSlots(panel, { from, to, durationMinutes: q.durationMinutes, stepMinutes: q.stepMinutes, now: new Date(), limit: q.limit })
      return { items: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })) }
    },
  )

  app.post(
    '/applications/:id/interviews',
    {
      schema: {
        tags, security, params: IdParams, body: InterviewBody,
        response: { 201: Interview, ...problemResponses, 404: problem, 409: problem },
        description: 'Books an interview for one of the job\'s interview stages. 409 names each interviewer who is not free and why (another interview, buffer, working hours, away, daily cap), or who is not on the hiring team. The interview in the way is named (id, times) only if it is on a job the caller can see.',
      },
      config: { access: schedulers },
    },
    async (request, reply) => {
      const body = request.body
      await assertMaySchedule(app.db, request.principal!, request.params.id)
      const interview = await interviews.book({
        applicationId: request.params.id, stageId: body.stageId, panelUserIds: body.panelUserIds, startsAt: new Date(body.startsAt),
        durationMinutes: body.durationMinutes, timeZone: body.timeZone, location: body.location ?? null, videoUrl: body.videoUrl ?? null,
        panelNotes: body.panelNotes ?? null, enforceMinNotice: false, actor: { userId: request.principal!.userId, byCandidate: false }, viewer: request.principal, requestId: request.id,
      })
      return reply.code(201).header('location', `/interviews/${interview.id}`).header('etag', etagOf(interview.sequence)).send(interviewJson(interview))
    },
  )

  app.get(
    '/applications/:id/interviews',
    { schema: { tags, security, params: IdParams, response: { 200: Type.Object({ items: Type.Array(Interview) }), ...problemResponses, 404: problem } }, config: { access: access.anyUser } },
    async (request) => {
      const application = await app.db.application.findFirst({ where: { id: request.params.id, ...visibleApplications(request.principal!) }, select: { id: true, job: roleOf(request.principal!) } })
      if (!application) throw new Errors.NotFound('Application')
      const rows = await app.db.interview.findMany({ where: { applicationId: application.id }, select: interviewFields, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] })
      const reasons = readsReasons(request.principal!, application.job)
      return { items: rows.map((row) => interviewJson(reasons ? row : { ...row, cancelReason: null })) }
    },
  )

  app.get(
    '/interviews/:id',
    { schema: { tags, security, params: IdParams, response: { 200: InterviewWithHistory, ...problemResponses, 404: problem } }, config: { access: access.anyUser } },
    async (request, reply) => {
      const row = await app.db.interview.findFirst({
        where: { id: request.params.id, application: visibleApplications(request.principal!) },
        select: {
          ...interviewFields, application: { select: { job: roleOf(request.principal!) } },
          changes: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { kind: true, sequence: true, startsAt: true, endsAt: true, panelUserIds: true, reason: true, changedById: true, byCandidate: true, createdAt: true } },
        },
      })
      if (!row) throw new Errors.NotFound('Interview')
      const { changes, application, ...interview } = row
      const reasons = readsReasons(request.principal!, application.job)
      const history = changes.map((c) => ({
        ...c, reason: reasons ? c.reason : null, startsAt: c.startsAt.toISOString(), endsAt: c.endsAt.toISOString(), createdAt: c.createdAt.toISOString(),
      }))
      return reply.header('etag', etagOf(row.sequence)).send({ ...interviewJson(reasons ? interview : { ...interview, cancelReason: null }), history })
    },
  )

  app.patch(
    '/interviews/:id',
    {
      schema: {
        tags, security, params: IdParams, headers: IfMatchHeaders, body: InterviewPatch,
        response: { 200: Interview, ...problemResponses, 404: problem, 409: problem, 412: problem, 428: problem },
        description: 'Reschedules (new start, length or panel) or edits the details; raises SEQUENCE, sends updates with calendar files, moves the reminders. If-Match: the ETag (sequence) you read.',
      },
      config: { access: schedulers },
    },
    async (request, reply) => {
      // The fields sent are the changes; the schema admits no others.
      const { startsAt, reason, ...changes } = request.body
      const expectedSequence = versionFromIfMatch(request.headers['if-match'])
      await assertMayScheduleInterview(app.db, request.principal!, request.params.id)
      const interview = await interviews.reschedule({
        ...changes, interviewId: request.params.id, expectedSequence,
        ...(startsAt !== undefined ? { startsAt: new Date(startsAt) } : {}),
        reason: reason ?? null, enforceMinNotice: false, actor: { userId: request.principal!.userId, byCandidate: false }, viewer: request.principal, requestId: request.id,
      })
      return reply.header('etag', etagOf(interview.sequence)).send(interviewJson(interview))
    },
  )

  app.post(
    '/interviews/:id/cancel',
    {
      schema: {
        tags, security, params: IdParams, headers: IfMatchHeaders, body: CancelBody,
        response: { 200: Interview, ...problemResponses, 404: problem, 409: problem, 412: problem, 428: problem },
        description: 'Cancels the interview: the panel is free again, the history kept, cancellations (METHOD:CANCEL) sent and the reminders removed.',
      },
      config: { access: schedulers },
    },
    async (request, reply) => {
      const expectedSequence = versionFromIfMatch(request.headers['if-match'])
      await assertMayScheduleInterview(app.db, request.principal!, request.params.id)
      const { panelUserIds: _panel, ...interview } = await interviews.cancel({
        interviewId: request.params.id, expectedSequence, reason: request.body.reason, actor: { userId: request.principal!.userId, byCandidate: false }, requestId: request.id,
      })
      return reply.header('etag', etagOf(interview.sequence)).send(interviewJson(interview))
    },
  )

  app.post(
    '/interviews/:id/outcome',
    {
      schema: {
        tags, security, params: IdParams, body: OutcomeBody, response: { 200: Interview, ...problemResponses, 404: problem, 409: problem },
        description: 'After the end time: marks the interview held (COMPLETED) or a NO_SHOW. A no-show takes it off the panel\'s scorecard worklist.',
      },
      config: { access: schedulers },
    },
    async (request) => {
      await assertMayScheduleInterview(app.db, request.principal!, request.params.id)
      const interview = await interviews.recordOutcome({ interviewId: request.params.id, outcome: request.body.outcome, actor: { userId: request.principal!.userId, byCandidate: false }, requestId: request.id })
      return interviewJson(interview)
    },
  )
}

export default interviewRoutes

/** The principal's role on the job's team, as a Prisma select on Job. */
const roleOf = (principal: Principal) => ({ select: { team: { where: { userId: principal.userId }, select: { role: true } } } })

/**
 * Why an interview was moved or cancelled is for those who manage its job, as
 * the reasons given for moves are: the timelines keep them from the rest of
 * the team the same way. The panel still sees what changed, and when.
 */
const readsReasons = (principal: Principal, job: { team: Array<{ role: HiringTeamRole }> }) => managesJob(principal, job.team[0]?.role ?? null)

