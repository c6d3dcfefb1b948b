// The daily purge deletes sessions a week past expiry and revoked sessions a
// month after revocation, with their refresh tokens; it leaves everything else.
import t from 'tap'
import { createPrismaClient } from '../../src/db/client.ts'
import { purgeExpiredSessions } from '../../workers/processors/purge-expired-sessions.ts'
import { testConfig } from '../helpers/config.ts'
import { createTestDatabase } from '../helpers/database.ts'

const database = await createTestDatabase()
const db = createPrismaClient(testConfig(database.url))
t.teardown(async () => {
  await db.$disconnect()
  await database.drop()
})

const now = new Date('2026-06-15T03:17:00Z')
const daysFromNow = (days: number) => new Date(now.getTime() + days * 86_400_000)
const user = await db.user.create({ data: { email: 'purge@example.test', name: 'Purge', role: 'RECRUITER', passwordHash: 'x' } })
let tokens = 0

async function session(label: string, expiresInDays: number, revokedDaysAgo?: number) {
  const created = await db.session.create({
    data: {
      userId: user.id,
      expiresAt: daysFromNow(expiresInDays),
      revokedAt: revokedDaysAgo === undefined ? null : daysFromNow(-revokedDaysAgo),
      refreshTokens: { create: [1, 2].map(() => ({ tokenHash: `${label}-${++tokens}`, expiresAt: daysFromNow(expiresInDays) })) },
    },
  })
  return created.id
}

const exists = async (id: string) => (await db.session.count({ where: { id } })) === 1

t.test('purges what is past its retention and keeps the rest', async (t) => {
  const live = await session('live', 20)
  const recentlyExpired = await session('recently-expired', -6)
  const longExpired = await session('long-expired', -8)
  const recentlyRevoked = await session('recently-revoked', 10, 29)
  const longRevoked = await session('long-revoked', 10, 31)

  const result = await purgeExpiredSessions(db, { now })
  t.same(result, { sessionsDeleted: 2 }, 'reports how many sessions it deleted')
  t.ok(await exists(live), 'a live session is kept')
  t.ok(await exists(recentlyExpired), 'a session expired 6 days ago is kept (7-day grace)')
  t.notOk(await exists(longExpired), 'a session expired 8 days ago is deleted')
  t.ok(await exists(recentlyRevoked), 'a session revoked 29 days ago is kept (30-day retention)')
  t.notOk(await exists(longRevoked), 'a session revoked 31 days ago is deleted')
  t.equal(await db.refreshToken.count({ where: { sessionId: { in: [longExpired, longRevoked] } } }), 0, 'their refresh tokens went with them')
  t.equal(await db.refreshToken.count({ where: { sessionId: live } }), 2, 'the live session keeps its refresh tokens')

  t.same(await purgeExpiredSessions(db, { now }), { sessionsDeleted: 0 }, 'a second run finds nothing more to do')
  await db.session.deleteMany()
})

t.test('deletes in batches until nothing is left, and honours other retention periods', async (t) => {
  for (let i = 0; i < 5; i++) await session(`batch-${i}`, -2)
  const kept = await session('kept', 1)
  t.same(await purgeExpiredSessions(db, { now, batchSize: 2 }), { sessionsDeleted: 0 }, 'nothing is past the default grace yet')
  t.same(await purgeExpiredSessions(db, { now, batchSize: 2, expiredGraceDays: 1 }), { sessionsDeleted: 5 }, 'all five go, two at a time')
  t.ok(await exists(kept))
  t.equal(await db.user.count({ where: { id: user.id } }), 1, 'the user is untouched')
})
