import type { FastifyInstance } from 'fastify'
import type { Role } from '../../src/generated/prisma/enums.ts'
import { hashPassword } from '../../src/auth/passwords.ts'

export const TEST_PASSWORD = 'correct horse battery staple'
let passwordHash: Promise<string> | undefined

export interface TestUser {
  id: string
  email: string
  role: Role
  token: string
  refreshToken: string
}

/** Creates a user with the given role and logs them in through the real login route. */
export async function createUser(app: FastifyInstance, role: Role, name = role.toLowerCase()): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD) // one argon2 hash per file keeps the tests quick
  const email = `${name}.${Math.random().toString(36).slice(2, 8)}@example.test`
  const user = await app.db.user.create({ data: { email, name, role, passwordHash: await passwordHash }, select: { id: true } })
  const tokens = await login(app, email)
  return { id: user.id, email, role, token: tokens.accessToken, refreshToken: tokens.refreshToken }
}

export async function login(app: FastifyInstance, email: string, password = TEST_PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  return res.json() as { accessToken: string; refreshToken: string }
}

export const bearer = (user: { token: string }) => ({ authorization: `Bearer ${user.token}` })
