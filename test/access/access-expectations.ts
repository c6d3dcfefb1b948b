// The rule the access walk enforces, from a route's declared access alone:
//   public                 -> nobody gets 401 or 403
//   anonymous on protected -> 401 problem (SL_UNAUTHORIZED)
//   role not in roles      -> 403 problem (SL_FORBIDDEN, i.e. the guard, not a handler)
//   role in roles          -> neither 401 nor 403
import type { LightMyRequestResponse } from 'fastify'
import type { Access } from '../../src/plugins/app/access-control.ts'
import type { Caller } from './callers.ts'
import { errorContractViolations, problemCode } from './problem-response.ts'

export function expectedOutcome(access: Access, caller: Caller): 'not-denied' | 401 | 403 {
  if ('public' in access) return 'not-denied'
  if (!caller.role) return 401
  return access.roles.includes(caller.role) ? 'not-denied' : 403
}

export function accessViolation(access: Access, caller: Caller, method: string, response: LightMyRequestResponse): string | undefined {
  const expected = expectedOutcome(access, caller)
  const status = response.statusCode
  if (expected === 'not-denied') {
    return status === 401 || status === 403 ? `expected access, got ${status} ${response.body.slice(0, 160)}` : undefined
  }
  if (status !== expected) return `expected ${expected}, got ${status} ${response.body.slice(0, 160)}`
  const contract = errorContractViolations(response, method)
  if (contract.length) return contract.join('; ')
  const code = expected === 401 ? 'SL_UNAUTHORIZED' : 'SL_FORBIDDEN'
  // HEAD answers have no body to read the code from.
  if (method !== 'HEAD' && problemCode(response) !== code) return `expected problem code ${code}, got ${problemCode(response)}`
  return undefined
}
