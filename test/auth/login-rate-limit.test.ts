// The login rate limit lives in Redis, so it holds across API instances that
// share a key prefix, and only across those.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import type { Config } from '../../src/config.ts'
import { buildTestApp, deleteRedisKeys } from '../helpers/app.ts'
import { testConfig } from '../helpers/config.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { createUser, TEST_PASSWORD } from '../helpers/users.ts'

const MAX = 3
const limited = { LOGIN_RATE_LIMIT_MAX: String(MAX), LOGIN_RATE_LIMIT_WINDOW_SECONDS: '60' }

const attempt = (app: FastifyInstance, remoteAddress = '127.0.0.1', password = 'a wrong password') =>
  app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'someone@example.test', password }, remoteAddress })

/** Builds an app on an existing database; the test tears it down. */
async function appOn(t: { teardown(fn: () => unknown): void }, databaseUrl: string, env: Record<string, string>): Promise<{ app: FastifyInstance; config: Config }> {
  const config = testConfig(databaseUrl, env)
  const app = await buildApp(config, { fastify: { logger: false } })
  await app.ready()
  t.teardown(async () => {
    await app.close()
    await deleteRedisKeys(config)
  })
  return { app, config }
}

const database = await createTestDatabase()
t.teardown(() => database.drop())

t.test(`the attempt after LOGIN_RATE_LIMIT_MAX (${MAX}) within the window gets 429 problem+json`, async (t) => {
  const { app } = await buildTestApp(t, limited)
  for (let i = 1; i <= MAX; i++) {
    const res = await attempt(app)
    t.equal(res.statusCode, 401, `attempt ${i} is judged on its merits`)
    t.equal(res.headers['x-ratelimit-remaining'], String(MAX - i), `${MAX - i} attempts remain`)
  }
  const blocked = await attempt(app)
  t.equal(blocked.statusCode, 429)
  t.match(blocked.headers['content-type'], /^application\/problem\+json/)
  t.match(blocked.json(), { type: 'https://shortlist.dev/problems/rate-limited', status: 429, title: 'Too Many Requests', code: 'FST_ERR_RATE_LIMITED' })
  const retryAfter = Number(blocked.headers['retry-after'])
  t.ok(retryAfter > 0 && retryAfter <= 60, `retry-after says when to come back (${blocked.headers['retry-after']}s)`)
})

t.test('a blocked client is blocked even with the right password', async (t) => {
  const { app } = await buildTestApp(t, limited)
  const user = await createUser(app, 'RECRUITER') // one successful login: it counts too
  for (let i = 2; i <= MAX; i++) await attempt(app)
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: user.email, password: TEST_PASSWORD } })
  t.equal(res.statusCode, 429, 'the right password does not get past the limit')
  t.notOk('accessToken' in res.json(), 'and no token is issued')
})

t.test('the limit is per client address: another address is not affected', async (t) => {
  const { app } = await buildTestApp(t, limited)
  for (let i = 0; i <= MAX; i++) await attempt(app, '192.0.2.10')
  t.equal((await attempt(app, '192.0.2.10')).statusCode, 429, 'the noisy address is blocked')
  t.equal((await attempt(app, '192.0.2.20')).statusCode, 401, 'a different address still gets an answer')
})

t.test('the limit holds across two API instances that share Redis and a prefix', async (t) => {
  const a = await appOn(t, database.url, limited)
  const b = await appOn(t, database.url, { ...limited, REDIS_PREFIX: a.config.REDIS_PREFIX })
  t.equal((await attempt(a.app)).statusCode, 401, 'attempt 1, on A')
  t.equal((await attempt(a.app)).statusCode, 401, 'attempt 2, on A')
  t.equal((await attempt(b.app)).statusCode, 401, 'attempt 3, on B')
  t.equal((await attempt(b.app)).statusCode, 429, 'attempt 4, on B, is over the shared limit')
  t.equal((await attempt(a.app)).statusCode, 429, 'and A agrees')
})

t.test('an instance with a different REDIS_PREFIX keeps its own, independent count', async (t) => {
  const a = await appOn(t, database.url, limited)
  const other = await appOn(t, database.url, limited)
  t.not(other.config.REDIS_PREFIX, a.config.REDIS_PREFIX)
  for (let i = 0; i <= MAX; i++) await attempt(a.app)
  t.equal((await attempt(a.app)).statusCode, 429, 'A is blocked')
  t.equal((await attempt(other.app)).statusCode, 401, 'the other prefix is not')
})

t.test('behind a trusted proxy the limit is per client (X-Forwarded-For), not per proxy', async (t) => {
  const { app } = await appOn(t, database.url, { ...limited, TRUST_PROXY: '127.0.0.1' })
  const via = (client: string) =>
    app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'someone@example.test', password: 'wrong' }, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } })
  for (let i = 0; i < MAX; i++) t.equal((await via('203.0.113.7')).statusCode, 401)
  t.equal((await via('203.0.113.7')).statusCode, 429, 'the client behind the proxy is limited')
  t.equal((await via('203.0.113.8')).statusCode, 401, 'another client behind the same proxy is not')
})

t.test('only login is limited: other public routes are not', async (t) => {
  const { app } = await buildTestApp(t, limited)
  for (let i = 0; i <= MAX; i++) await attempt(app)
  const refresh = await Promise.all(
    Array.from({ length: MAX + 2 }, () => app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: 'x'.repeat(43) } })),
  )
  t.same([...new Set(refresh.map((r) => r.statusCode))], [401], 'refresh answers 401 every time, never 429')
  t.equal((await app.inject('/health/live')).statusCode, 200)
})
