// Who the fuzzer sends each operation as: a user whose role the route's declared
// access allows (ADMIN when it may), so requests get past the guard and reach
// validation and the handler.
import type { FastifyInstance } from 'fastify'
import { Role } from '../../src/generated/prisma/enums.ts'
import { routeUrlOf, type Operation } from './openapi-operations.ts'
import { createUser, type TestUser } from '../helpers/users.ts'
import { claimsOf } from '../access/tokens.ts'

const PREFERENCE: Role[] = [Role.ADMIN, ...Object.values(Role).filter((r) => r !== Role.ADMIN)]

export async function fuzzCallers(app: FastifyInstance) {
  const users = new Map<Role, TestUser>()
  for (const role of PREFERENCE) users.set(role, await createUser(app, role, `fuzz-${role.toLowerCase()}`))

  function callerFor(operation: Operation) {
    const entry = app.routeCatalogue.find((r) => r.method === operation.method && r.url === routeUrlOf(operation.path))
    if (!entry) throw new Error(`${operation.id} is in the OpenAPI document but not in app.routeCatalogue`)
    const role = 'public' in entry.access ? Role.ADMIN : PREFERENCE.find((r) => (entry.access as { roles: readonly Role[] }).roles.includes(r))
    const user = role && users.get(role)
    return user ? { name: user.role, authorization: `Bearer ${user.token}` } : undefined
  }

  // The fuzzer must not address its own callers' users or sessions (a PATCH or
  // DELETE there would log it out and turn the rest of the run into 401s).
  const protectedIds = new Set([...users.values()].flatMap((u) => [u.id, claimsOf(u.token).sid]))
  return { users: [...users.values()], callerFor, protectedIds }
}
