// What every error response must look like (RFC 9457, as problem-details.ts
// promises): shared by the access walk and the fuzzer.
import type { LightMyRequestResponse } from 'fastify'

/** Why a response breaks the error contract; empty when it keeps it (or is not an error). */
export function errorContractViolations(response: LightMyRequestResponse, method: string): string[] {
  const status = response.statusCode
  if (status >= 500) return [`server error ${status}`]
  if (status < 400) return []
  const problems: string[] = []
  const contentType = String(response.headers['content-type'] ?? '')
  if (!/^application\/problem\+json\b/i.test(contentType)) problems.push(`${status} with content-type "${contentType}", not application/problem+json`)
  if (method === 'HEAD') return problems // a HEAD answer has headers only
  let body: unknown
  try {
    body = JSON.parse(response.body)
  } catch {
    return [...problems, `${status} body is not JSON`]
  }
  const problem = body as { type?: unknown; title?: unknown; status?: unknown }
  if (typeof problem !== 'object' || problem === null) return [...problems, `${status} body is not an object`]
  if (typeof problem.type !== 'string' || problem.type === '') problems.push(`${status} problem has no "type"`)
  if (typeof problem.title !== 'string' || problem.title === '') problems.push(`${status} problem has no "title"`)
  if (problem.status !== status) problems.push(`problem "status" is ${JSON.stringify(problem.status)} but the HTTP status is ${status}`)
  return problems
}

/** The problem's `code` (our stable error code), when the body is a problem object. */
export function problemCode(response: LightMyRequestResponse): string | undefined {
  try {
    const code = (JSON.parse(response.body) as { code?: unknown }).code
    return typeof code === 'string' ? code : undefined
  } catch {
    return undefined
  }
}
