import fp from 'fastify-plugin'
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { PROBLEM_TYPE_BASE, problemSlugs } from '../../errors.ts'
import type { Problem } from '../../schemas/problem.ts'

type FieldError = NonNullable<Problem['errors']>[number]

// The one error handler: every error leaves as application/problem+json (RFC 9457).
// 4xx details are the client's to read; 5xx details stay in the log.
export default fp(
  async function problemDetails(fastify) {
    fastify.addSchema((await import('../../schemas/problem.ts')).Problem)

    fastify.setErrorHandler(function handleError(error: FastifyError & { code?: string }, request, reply) {
      const prismaProblem = fromPrismaError(error)
      const status = prismaProblem?.status ?? statusOf(error)
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed')
        return sendProblem(request, reply, { status, slug: 'internal-error', detail: 'An unexpected error occurred; it has been logged.' })
      }
      if (error.validation) {
        return sendProblem(request, reply, {
          status: 400,
          slug: 'validation-error',
          code: 'FST_ERR_VALIDATION',
          detail: 'The request is not valid: see errors for each field.',
          errors: fieldErrors(error.validationContext ?? 'body', error.validation),
        })
      }
      if (prismaProblem) return sendProblem(request, reply, prismaProblem)
      const code = error.code ?? ''
      return sendProblem(request, reply, {
        status,
        slug: problemSlugs[code] ?? slugFromStatus(status),
        code: code || undefined,
        detail: error.message,
        extensions: (error as { problemExtensions?: Record<string, unknown> }).problemExtensions,
      })
    })

    fastify.setNotFoundHandler(function handleNotFound(request, reply) {
      return sendProblem(request, reply, { status: 404, slug: 'not-found', detail: `No route for ${request.method} ${request.url.split('?')[0]}` })
    })
  },
  { name: 'problem-details' },
)

interface ProblemInput {
  status: number
  slug: string
  detail?: string
  code?: string
  errors?: FieldError[]
  /** RFC 9457 extension members, e.g. the conflicts a booking hit. */
  extensions?: Record<string, unknown>
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, p: ProblemInput) {
  const body: Problem = {
    ...p.extensions,
    type: PROBLEM_TYPE_BASE + p.slug,
    title: STATUS_CODES[p.status] ?? 'Error',
    status: p.status,
    ...(p.detail ? { detail: p.detail } : {}),
    instance: request.url.split('?')[0],
    ...(p.code ? { code: p.code } : {}),
    ...(p.errors ? { errors: p.errors } : {}),
  }
  return reply.code(p.status).type('application/problem+json; charset=utf-8').send(body)
}

function statusOf(error: FastifyError): number {
  const status = error.statusCode ?? (error as { status?: number }).status
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500
}

function slugFromStatus(status: number): string {
  return (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')
}

type AjvError = { keyword?: string; instancePath: string; message?: string; params?: Record<string, unknown> }

// One entry per pointer. A union of literals (a role, a status) fails once per
// literal plus once for anyOf: report it once, naming the allowed values.
function fieldErrors(context: string, validation: readonly AjvError[]): FieldError[] {
  const byPointer = new Map<string, { details: string[]; allowed: unknown[] }>()
  for (const v of validation) {
    const { pointer, detail } = fieldError(context, v)
    const entry = byPointer.get(pointer) ?? { details: [], allowed: [] }
    byPointer.set(pointer, entry)
    if (v.keyword === 'const') entry.allowed.push(v.params?.allowedValue)
    else if (v.keyword !== 'anyOf' && !entry.details.includes(detail)) entry.details.push(detail)
  }
  return [...byPointer].map(([pointer, e]) => ({
    pointer,
    detail: e.details.length ? e.details.join('; ') : e.allowed.length ? `must be one of ${e.allowed.join(', ')}` : 'is invalid',
  }))
}

function fieldError(context: string, v: AjvError): FieldError {
  const missing = v.params?.missingProperty as string | undefined
  const extra = v.params?.additionalProperty as string | undefined
  const path = v.instancePath + (missing ? `/${missing}` : extra ? `/${extra}` : '')
  const detail = extra ? 'is not a known property' : missing ? 'is required' : (v.message ?? 'is invalid')
  return { pointer: `/${context}${path}`, detail }
}

/** A unique violation from a raw query: Prisma reports it as P2010 with the driver's cause. */
function isRawUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: { code?: unknown; driverAdapterError?: { cause?: { kind?: unknown } } } }
  return e.code === 'P2010' && (e.meta?.code === '23505' || e.meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation')
}

// Database constraint errors that reach here are a client's doing (a race lost
// to a unique index, a reference to a row that vanished): answer 409/404, never 500.
function fromPrismaError(error: unknown): ProblemInput | undefined {
  const code = (error as { code?: unknown }).code
  if (typeof code !== 'string' || !/^P\d{4}$/.test(code)) return undefined
  if (code === 'P2002' || isRawUniqueViolation(error)) return { status: 409, slug: 'conflict', code: 'SL_CONFLICT', detail: 'A record with the same unique value already exists.' }
  if (code === 'P2025') return { status: 404, slug: 'not-found', code: 'SL_NOT_FOUND', detail: 'The record was not found.' }
  if (code === 'P2003') return { status: 409, slug: 'conflict', code: 'SL_CONFLICT', detail: 'A referenced record does not exist or is still in use.' }
  return undefined
}
