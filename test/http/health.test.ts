// Liveness says the process answers; readiness says PostgreSQL and Redis do.
// Redis or PostgreSQL going away turns readiness to 503 (and back when they
// return); the API itself starts and keeps answering without Redis.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { buildTestApp, deleteRedisKeys } from '../helpers/app.ts'
import { testConfig } from '../helpers/config.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { redisUrl } from '../helpers/environment.ts'
import { createUser, TEST_PASSWORD } from '../helpers/users.ts'
import { addressOf, startTcpProxy, viaPort } from './tcp-proxy.ts'
import { freePort } from '../helpers/waiting.ts'

const database = await createTestDatabase()
t.teardown(() => database.drop())

async function appWith(t: { teardown(fn: () => unknown): void }, env: Record<string, string>): Promise<FastifyInstance> {
  const config = testConfig(env.DATABASE_URL ?? database.url, env)
  const app = await buildApp(config, { fastify: { logger: false } })
  await app.ready()
  t.teardown(async () => {
    await app.close()
    await deleteRedisKeys({ REDIS_URL: redisUrl, REDIS_PREFIX: config.REDIS_PREFIX })
  })
  return app
}

const ready = async (app: FastifyInstance) => {
  const res = await app.inject('/health/ready')
  return { status: res.statusCode, body: res.json() as { status: string; checks?: Record<string, string> } }
}

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let value = await probe()
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    value = await probe()
  }
  return value
}

t.test('/health/live answers 200 ok', async (t) => {
  const { app } = await buildTestApp(t)
  const res = await app.inject('/health/live')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
})

t.test('/health/ready answers 200 when PostgreSQL and Redis both answer', async (t) => {
  const { app } = await buildTestApp(t)
  t.same(await ready(app), { status: 200, body: { status: 'ok', checks: { database: 'ok', redis: 'ok' } } })
})

t.test('health checks need no token', async (t) => {
  const { app } = await buildTestApp(t)
  t.equal((await app.inject({ url: '/health/ready', headers: { authorization: 'Bearer garbage' } })).statusCode, 200, 'and a bad one does not matter')
})

t.test('with Redis unreachable from the start, the API still starts; readiness says 503, liveness 200', async (t) => {
  const port = await freePort()
  const started = Date.now()
  const app = await appWith(t, { REDIS_URL: `redis://127.0.0.1:${port}` })
  t.ok(Date.now() - started < 5_000, `start-up does not hang on Redis (${Date.now() - started} ms)`)
  t.same(await ready(app), { status: 503, body: { status: 'unavailable', checks: { database: 'ok', redis: 'down' } } })
  t.equal((await app.inject('/health/live')).statusCode, 200, 'the process is alive')
})

t.test('Redis going away turns readiness to 503, and its return back to 200', async (t) => {
  const proxy = await startTcpProxy(addressOf(redisUrl, 6379))
  t.teardown(() => proxy.close())
  const app = await appWith(t, { REDIS_URL: viaPort(redisUrl, proxy.port) })
  t.equal((await ready(app)).status, 200, 'ready while Redis answers')

  await proxy.cut()
  const down = await eventually(() => ready(app), (r) => r.status === 503)
  t.same(down, { status: 503, body: { status: 'unavailable', checks: { database: 'ok', redis: 'down' } } }, 'not ready once Redis is gone')

  const user = await createUser(app, 'RECRUITER')
  t.ok(user.token, 'logins still work while Redis is down (the rate limiter lets them through)')
  t.equal((await app.inject({ url: '/auth/me', headers: { authorization: `Bearer ${user.token}` } })).statusCode, 200, 'and so do authenticated requests')

  await proxy.restore()
  const back = await eventually(() => ready(app), (r) => r.status === 200)
  t.same(back, { status: 200, body: { status: 'ok', checks: { database: 'ok', redis: 'ok' } } }, 'ready again once Redis is back')

  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: user.email, password: TEST_PASSWORD } })
  t.equal(res.headers['x-ratelimit-limit'], String(app.config.LOGIN_RATE_LIMIT_MAX), 'and the rate limiter is counting again')
})

t.test('PostgreSQL going away turns readiness to 503, and its return back to 200', async (t) => {
  const proxy = await startTcpProxy(addressOf(database.url, 5432))
  t.teardown(() => proxy.close())
  const app = await appWith(t, { DATABASE_URL: viaPort(database.url, proxy.port), DATABASE_CONNECT_TIMEOUT_MS: '1000' })
  t.equal((await ready(app)).status, 200, 'ready while PostgreSQL answers')

  await proxy.cut()
  const startedAt = Date.now()
  const down = await ready(app)
  t.same(down, { status: 503, body: { status: 'unavailable', checks: { database: 'down', redis: 'ok' } } }, 'not ready once PostgreSQL is gone')
  t.ok(Date.now() - startedAt < 5_000, `the check gives up quickly (${Date.now() - startedAt} ms)`)
  t.equal((await app.inject('/health/live')).statusCode, 200, 'but alive')

  await proxy.restore()
  const back = await eventually(() => ready(app), (r) => r.status === 200)
  t.equal(back.status, 200, 'ready again once PostgreSQL is back')
})
