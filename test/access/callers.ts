// The callers the access walk tries on every route: no credentials, and one
// logged-in user per role (every role the schema defines, so a new role is covered).
import type { FastifyInstance } from 'fastify'
import { Role } from '../../src/generated/prisma/enums.ts'
import { createUser } from '../helpers/users.ts'

export interface Caller {
  name: string
  role?: Role
  headers: Record<string, string>
}

export const anonymous: Caller = { name: 'anonymous', headers: {} }

export async function callersForEveryRole(app: FastifyInstance): Promise<Caller[]> {
  const callers: Caller[] = [anonymous]
  for (const role of Object.values(Role)) {
    const user = await createUser(app, role, `access-${role.toLowerCase()}`)
    callers.push({ name: role, role, headers: { authorization: `Bearer ${user.token}` } })
  }
  return callers
}
