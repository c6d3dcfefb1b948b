// The login rate limit lives in Redis, so it holds across API instances that
// share a key prefix, and only across those.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
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

// The per-account limit: guesses at one account spread over many addresses.
const ACCOUNT_MAX = 4
const perAccount = { LOGIN_RATE_LIMIT_MAX: '100', LOGIN_ACCOUNT_RATE_LIMIT_MAX: String(ACCOUNT_MAX), LOGIN_ACCOUNT_RATE_LIMIT_WINDOW_SECONDS: '600' }
const address = (i: number) => `198.51.100.${i}`
const loginAs = (app: FastifyInstance, email: string, password: string, remoteAddress: string) =>
  app.inject({ method: 'POST', url: '/auth/login', payload: { email, password }, remoteAddress })

t.test(`after LOGIN_ACCOUNT_RATE_LIMIT_MAX (${ACCOUNT_MAX}) attempts at one account from as many addresses, the next gets 429 problem+json`, async (t) => {
  const { app, config } = await buildTestApp(t, perAccount)
  const victim = await createUser(app, 'ADMIN') // its own login: attempt 1, successes count too
  const bystander = await createUser(app, 'RECRUITER')
  for (let i = 2; i <= ACCOUNT_MAX; i++) t.equal((await loginAs(app, victim.email, `guess-${i}`, address(i))).statusCode, 401, `attempt ${i}, from a new address, is judged on its merits`)

  const blocked = await loginAs(app, victim.email, 'one guess too many', address(50))
  t.equal(blocked.statusCode, 429, 'a fresh address is refused: the account has had its attempts')
  t.match(blocked.headers['content-type'], /^application\/problem\+json/)
  t.match(blocked.json(), { type: 'https://shortlist.dev/problems/rate-limited', status: 429, title: 'Too Many Requests', code: 'FST_ERR_RATE_LIMITED', detail: /^Too many attempts: try again in \d+ seconds$/ })
  const retryAfter = Number(blocked.headers['retry-after'])
  t.ok(retryAfter > 0 && retryAfter <= 600, `retry-after says when to come back (${blocked.headers['retry-after']}s)`)

  const right = await loginAs(app, victim.email, TEST_PASSWORD, address(51))
  t.equal(right.statusCode, 429, 'the right password does not get past the limit either')
  t.notOk('accessToken' in right.json(), 'and no token is issued')
  t.equal((await loginAs(app, victim.email.toUpperCase(), TEST_PASSWORD, address(52))).statusCode, 429, 'the same account however the e-mail is capitalised')

  t.equal((await loginAs(app, bystander.email, TEST_PASSWORD, address(50))).statusCode, 200, 'another account logs in, from the very address that was refused')
  t.equal((await loginAs(app, 'nobody@example.test', 'wrong', address(51))).statusCode, 401, 'and guesses at another e-mail are judged on their merits')

  const keys = await redisKeys(config)
  t.ok(keys.some((k) => k.includes('login-account:')), 'the account count lives in Redis')
  t.same(keys.filter((k) => /example\.test|@/i.test(k)), [], 'under a hash: no e-mail address in any key')
})

t.test('password checks on the queue dashboard count against the same per-account limit', async (t) => {
  const { app } = await buildTestApp(t, perAccount)
  const admin = await createUser(app, 'ADMIN') // attempt 1
  const basic = (password: string, i: number) =>
    app.inject({ method: 'GET', url: '/admin/queues/api/queues', remoteAddress: address(i), headers: { authorization: `Basic ${Buffer.from(`${admin.email}:${password}`).toString('base64')}` } })
  for (let i = 2; i <= ACCOUNT_MAX; i++) t.equal((await basic(`guess-${i}`, i)).statusCode, 401, `dashboard attempt ${i} from a new address`)
  const blocked = await basic('one guess too many', 50)
  t.equal(blocked.statusCode, 429, 'the next, from yet another address, is refused')
  t.match(blocked.json(), { type: 'https://shortlist.dev/problems/rate-limited', code: 'FST_ERR_RATE_LIMITED' })
  t.equal((await loginAs(app, admin.email, TEST_PASSWORD, address(51))).statusCode, 429, 'and so is a login to that account: one count for both doors')
})

t.test('an open dashboard re-checking its right password every minute does not use up its admin\'s account', async (t) => {
  const { app } = await buildTestApp(t, perAccount)
  const admin = await createUser(app, 'ADMIN') // attempt 1
  const header = { authorization: `Basic ${Buffer.from(`${admin.email}:${TEST_PASSWORD}`).toString('base64')}` }
  const realNow = Date.now
  t.teardown(() => { Date.now = realNow })
  // The verified header is remembered for a minute; past it, each poll is checked again.
  for (let minute = 0; minute < 3 * ACCOUNT_MAX; minute++) {
    Date.now = () => realNow() + minute * 61_000
    t.equal((await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: header })).statusCode, 200, `poll after ${minute} min`)
  }
  Date.now = realNow
  t.equal((await loginAs(app, admin.email, TEST_PASSWORD, address(60))).statusCode, 200, 'the admin still logs in')
  const guess = { authorization: `Basic ${Buffer.from(`${admin.email}:a guess`).toString('base64')}` }
  // Counted so far: the set-up login, the dashboard's first check and this login.
  for (let i = 4; i <= ACCOUNT_MAX; i++) t.equal((await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: guess, remoteAddress: address(60 + i) })).statusCode, 401, `guess ${i}`)
  t.equal((await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: guess, remoteAddress: address(70) })).statusCode, 429, 'while guesses still count')
})

/** Every Redis key under the app's prefix. */
async function redisKeys(config: Config): Promise<string[]> {
  const redis = new Redis(config.REDIS_URL)
  try {
    return await redis.keys(`${config.REDIS_PREFIX}:*`)
  } finally {
    redis.disconnect()
  }
}
