import type { DbClient } from '../db/client.ts'
import type { Role } from '../generated/prisma/enums.ts'
import { hashPassword } from '../auth/passwords.ts'
import { Errors } from '../errors.ts'

const publicFields = { id: true, email: true, name: true, role: true, timeZone: true, active: true, createdAt: true } as const

export interface NewUser {
  email: string
  name: string
  role: Role
  password: string
  timeZone?: string
}

/** Staff accounts. E-mail is unique case-insensitively (citext). */
export function createUsersService(db: DbClient) {
  async function createUser(input: NewUser) {
    const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } })
    if (existing) throw new Errors.Conflict(`A user with this e-mail already exists (${existing.id})`)
    return db.user.create({
      data: { email: input.email, name: input.name, role: input.role, timeZone: input.timeZone ?? 'UTC', passwordHash: await hashPassword(input.password) },
      select: publicFields,
    })
  }

  async function getUser(id: string) {
    const user = await db.user.findUnique({ where: { id }, select: publicFields })
    if (!user) throw new Errors.NotFound('User')
    return user
  }

  async function updateUser(id: string, changes: { name?: string; role?: Role; active?: boolean; timeZone?: string }) {
    const found = await db.user.findUnique({ where: { id }, select: { id: true } })
    if (!found) throw new Errors.NotFound('User')
    // Deactivating cuts access for good: the sessions end with it, so a later
    // reactivation does not bring old tokens back to life.
    const endSessions = changes.active === false
      ? { sessions: { updateMany: { where: { revokedAt: null }, data: { revokedAt: new Date(), revokedReason: 'user deactivated' } } } }
      : {}
    return db.user.update({ where: { id }, data: { ...changes, ...endSessions }, select: publicFields })
  }

  /** Newest first, keyset-paginated on the time-ordered UUIDv7 id. */
  async function listUsers(query: { limit: number; after?: string; role?: Role; active?: boolean }) {
    const rows = await db.user.findMany({
      where: { role: query.role, active: query.active, ...(query.after ? { id: { lt: query.after } } : {}) },
      orderBy: { id: 'desc' },
      take: query.limit + 1,
      select: publicFields,
    })
    const hasMore = rows.length > query.limit
    const items = hasMore ? rows.slice(0, query.limit) : rows
    return { items, next: hasMore ? items[items.length - 1]!.id : null }
  }

  return { createUser, getUser, updateUser, listUsers }
}
