import type { FastifyRequest } from 'fastify'
import type { Principal } from '../../services/sessions.ts'
import type { Actor } from '../../services/assessment-plans.ts'
import { Errors } from '../../errors.ts'

// Shared by the job route files: who is asking, and rows as JSON.

/** Only called on authenticated routes, where access control has set the principal. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Errors.Unauthorized('sign in first')
  return request.principal
}

export const actorOf = (request: FastifyRequest): Actor => ({ userId: principalOf(request).userId, requestId: request.id })

export const isUuidString = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v)

/** A cursor that is not one of ours: 400, like any other invalid query parameter. */
export function badCursor(): Error {
  return Object.assign(new Error('cursor is not valid'), {
    statusCode: 400,
    code: 'FST_ERR_VALIDATION',
    validationContext: 'querystring',
    validation: [{ instancePath: '/cursor', message: 'is not a cursor this list returned' }],
  })
}

interface JobRow {
  openedAt: Date | null
  closedAt: Date | null
  createdAt: Date
  updatedAt: Date
}

export function jobJson<T extends JobRow>(job: T) {
  return {
    ...job,
    openedAt: job.openedAt?.toISOString() ?? null,
    closedAt: job.closedAt?.toISOString() ?? null,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  }
}

