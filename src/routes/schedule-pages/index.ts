import { readFileSync } from 'node:fs'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import formBody from '@fastify/formbody'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { createSchedulingServices } from '../../scheduling/services.ts'
import { isKnownTimeZone } from '../../lib/time-zones.ts'
import { bookedPage, cancelledPage, cancelPage, pickPage, statePage, type PageSettings } from '../../scheduling/pages/views.ts'
import type { LinkState, LinkView } from '../../services/self-scheduling.ts'

const asset = (name: string) => readFileSync(new URL(`../../scheduling/pages/assets/${name}`, import.meta.url), 'utf8')
const css = asset('page.css')
const script = asset('time-zone.js')

// Pages for people without an account, reached by a bearer token in the URL:
// nothing may be cached or leak the token (no Referer), nothing from another
// origin may run, and nothing may frame them. Every response already carries
// no-store, no-referrer and DENY (security-headers.ts); the pages add their CSP.
const PAGE_CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

function pageHeaders(reply: FastifyReply) {
  return reply
    .header('content-security-policy', PAGE_CSP)
    .header('x-robots-tag', 'noindex')
    .type('text/html; charset=utf-8')
}

// Tokens are 64 base64url characters; anything else is answered with the "does not work" page, not a 400.
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) })
const PageQuery = Type.Object({ tz: Type.Optional(Type.String({ maxLength: 64 })), booked: Type.Optional(Type.String({ maxLength: 1 })) })
const ChooseBody = Type.Object({ startsAt: Type.Optional(Type.String({ maxLength: 40 })), tz: Type.Optional(Type.String({ maxLength: 64 })) })
const CancelFormBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) })

/** The zone the page shows times in: the one asked for, the candidate's, the link's, or UTC. */
function zoneFor(asked: string | undefined, view: LinkView): string {
  for (const zone of [asked, view.candidateTimeZone, view.linkTimeZone]) if (zone && isKnownTimeZone(zone)) return zone
  return 'UTC'
}

// The candidate self-scheduling pages: open a link, pick a time, cancel.
const schedulePages: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  await app.register(formBody, { bodyLimit: 4096 })
  const service = createSchedulingServices(app.db, app.config).selfScheduling
  const settings: PageSettings = { companyName: app.config.COMPANY_NAME }
  const hide = { hide: true }
  const isPublic = { access: access.public }

  /** Renders what a link's state calls for. */
  function show(reply: FastifyReply, token: string, state: LinkState, asked: string | undefined, options: { alert?: string; status?: number; justBooked?: boolean } = {}) {
    const { alert = null, status = 200, justBooked = false } = options
    pageHeaders(reply)
    if (state.state === 'invalid') {
      const page = statePage(settings, 'invalid')
      return reply.code(page.status).send(page.body)
    }
    const zone = zoneFor(asked, state.view)
    if (state.state === 'open') {
      if (state.view.purpose === 'CANCEL') return reply.code(status).send(cancelPage(settings, token, state.view, zone))
      return reply.code(status).send(pickPage(settings, token, state.view, state.slots, zone, alert))
    }
    if (state.state === 'used' && state.view.interview) {
      if (state.view.interview.status === 'CANCELLED') return reply.code(200).send(cancelledPage(settings, state.view, zone))
      return reply.code(200).send(bookedPage(settings, state.view, zone, justBooked))
    }
    const page = statePage(settings, state.state)
    return reply.code(page.status).send(page.body)
  }

  app.get('/schedule/assets/page.css', { schema: hide, config: isPublic }, (_request, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(css))
  app.get('/schedule/assets/time-zone.js', { schema: hide, config: isPublic }, (_request, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(script))

  app.get('/schedule/:token', { schema: { ...hide, params: TokenParams, querystring: PageQuery }, config: isPublic }, async (request, reply) => {
    const state = await service.open(request.params.token)
    return show(reply, request.params.token, state, request.query.tz || undefined, { justBooked: Boolean(request.query.booked) })
  })

  app.post('/schedule/:token', { schema: { ...hide, params: TokenParams, body: ChooseBody }, config: isPublic }, async (request, reply) => {
    const { token } = request.params
    const startsAt = request.body.startsAt ? new Date(request.body.startsAt) : null
    const tz = request.body.tz && isKnownTimeZone(request.body.tz) ? request.body.tz : undefined
    if (!startsAt || Number.isNaN(startsAt.getTime())) {
      return show(reply, token, await service.open(token), tz, { alert: 'Please choose one of the times.', status: 400 })
    }
    const result = await service.choose(token, startsAt, tz ?? null, request.id)
    if (result.outcome === 'booked') {
      // Post/redirect/get: a reload does not post again, and the page shows the booking as it stands.
      return reply.code(303).header('location', `/schedule/${token}?${new URLSearchParams({ tz: tz ?? '', booked: '1' })}`).send()
    }
    const state = await service.open(token)
    if (result.outcome === 'taken') return show(reply, token, state, tz, { alert: 'Sorry, that time has just been taken. Please choose another.', status: 409 })
    return show(reply, token, state, tz)
  })

  app.post('/schedule/:token/cancel', { schema: { ...hide, params: TokenParams, body: CancelFormBody }, config: isPublic }, async (request, reply) => {
    const { token } = request.params
    const reason = request.body.reason?.trim() || null
    await service.cancel(token, reason, request.id)
    return show(reply, token, await service.open(token), undefined)
  })
}

export default schedulePages
