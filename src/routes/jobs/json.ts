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

