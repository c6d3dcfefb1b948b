import type pg from 'pg'
import { queryRows, type Db } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { Role } from '../generated/prisma/enums.ts'
import { Errors } from '../errors.ts'
import { decoyPasswordHash, verifyPassword } from '../auth/passwords.ts'
import { hashOpaqueToken, newOpaqueToken } from '../auth/opaque-tokens.ts'
import { DAY_MS } from '../lib/time.ts'

export interface Principal {
  userId: string
  role: Role
  sessionId: string
}

export interface IssuedRefreshToken {
  sessionId: string
  userId: string
  refreshToken: string
  refreshExpiresAt: Date
}

/**
 * Logins, refresh-token rotation with reuse detection, logout. The session row
 * is the source of truth every API instance reads, so revocation is immediate.
 */
export function createSessionsService(db: Db, pool: pg.Pool, settings: { refreshTokenTtlDays: number }) {
  const refreshTtlMs = settings.refreshTokenTtlDays * DAY_MS

  async function login(email: string, password: string): Promise<IssuedRefreshToken> {
    const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, active: true } })
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password)
    if (!user || !ok || !user.active) throw new Errors.InvalidCredentials()
    const now = Date.now()
    const refreshToken = newOpaqueToken()
    const session = await db.session.create({
      data: {
        userId: user.id,
        expiresAt: new Date(now + refreshTtlMs),
        refreshTokens: { create: { tokenHash: hashOpaqueToken(refreshToken), expiresAt: new Date(now + refreshTtlMs) } },
      },
      select: { id: true },
    })
    return { sessionId: session.id, userId: user.id, refreshToken, refreshExpiresAt: new Date(now + refreshTtlMs) }
  }

  /**
   * Checks an e-mail and password without opening a session (the queue
   * dashboard's Basic auth). Same cost whether or not the user exists.
   */
  async function verifyCredentials(email: string, password: string): Promise<{ userId: string; role: Role } | null> {
    const user = await db.user.findUnique({ where: { email }, select: { id: true, role: true, passwordHash: true, active: true } })
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password)
    return user && ok && user.active ? { userId: user.id, role: user.role } : null
  }

  /** Rotates a refresh token. Presenting one that was already used revokes its whole session (it was stolen or replayed). */
  async function refresh(presented: string): Promise<IssuedRefreshToken> {
    const tokenHash = hashOpaqueToken(presented)
    const outcome = await db.$transaction(async (tx) => {
      // Lock the token row so two concurrent refreshes with the same token cannot both rotate it.
      const rows = await tx.$queryRaw<Array<{ id: string; session_id: string; used_at: Date | null; expires_at: Date }>>`
        SELECT id, session_id, used_at, expires_at FROM refresh_tokens WHERE token_hash = ${tokenHash} FOR UPDATE`
      const token = rows[0]
      if (!token) return { kind: 'invalid' as const }
      const session = await tx.session.findUnique({
        where: { id: token.session_id },
        select: { id: true, userId: true, revokedAt: true, expiresAt: true, user: { select: { active: true } } },
      })
      if (!session || session.revokedAt || !session.user.active) return { kind: 'invalid' as const }
      if (token.used_at) {
        await tx.session.update({ where: { id: session.id }, data: { revokedAt: new Date(), revokedReason: 'refresh token reused' } })
        return { kind: 'reused' as const }
      }
      const now = Date.now()
      if (token.expires_at.getTime() <= now || session.expiresAt.getTime() <= now) return { kind: 'invalid' as const }
      const refreshToken = newOpaqueToken()
      const expiresAt = new Date(now + refreshTtlMs)
      await tx.refreshToken.update({ where: { id: token.id }, data: { usedAt: new Date(now) } })
      await tx.refreshToken.create({ data: { sessionId: session.id, tokenHash: hashOpaqueToken(refreshToken), expiresAt } })
      await tx.session.update({ where: { id: session.id }, data: { expiresAt } })
      return { kind: 'rotated' as const, issued: { sessionId: session.id, userId: session.userId, refreshToken, refreshExpiresAt: expiresAt } }
    })
    if (outcome.kind !== 'rotated') throw new Errors.InvalidRefreshToken()
    return outcome.issued
  }

  /** Ends the session the refresh token belongs to. Idempotent: an unknown token is not an error. */
  async function logout(presented: string): Promise<void> {
    const token = await db.refreshToken.findUnique({ where: { tokenHash: hashOpaqueToken(presented) }, select: { sessionId: true } })
    if (!token) return
    await db.session.updateMany({ where: { id: token.sessionId, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: 'logout' } })
  }

  async function revokeSession(sessionId: string, reason: string): Promise<void> {
    await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: reason } })
  }

  /**
   * The principal behind an access token, read fresh so revocations,
   * deactivations and role changes apply at once. It runs on every
   * authenticated request: one primary-key lookup, run directly on the pool
   * as a prepared statement (see queryRows: Prisma's query path costs several
   * times more CPU).
   */
  async function principalFor(sessionId: string, userId: string): Promise<Principal | null> {
    const rows = await queryRows<{ role: Principal['role'] }>(pool, Prisma.sql`
      SELECT u.role FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ${sessionId}::uuid AND s.user_id = ${userId}::uuid
         AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`, 'session_principal')
    const row = rows[0]
    return row ? { userId, role: row.role, sessionId } : null
  }

  return { login, verifyCredentials, refresh, logout, revokeSession, principalFor }
}

export type SessionsService = ReturnType<typeof createSessionsService>
