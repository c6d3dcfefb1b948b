// What the API writes to its log: request ids on every request line, and never
// a password, a token or an e-mail address, at the levels production runs at.
// A 5xx is logged in full while the client gets no detail.
import t from 'tap'
import { randomBytes, randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import type { Config } from '../../src/config.ts'
import { loggerOptions } from '../../src/logger.ts'
import { linkSigningKey, linkToken } from '../../src/scheduling/link-token.ts'
import { deleteRedisKeys } from '../helpers/app.ts'
import { testConfig } from '../helpers/config.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { bearer, createUser, TEST_PASSWORD } from '../helpers/users.ts'

interface LoggedApp {
  app: FastifyInstance
  config: Config
  /** Every line written so far, as one string. */
  text: () => string
  /** Every line written so far, parsed. */
  lines: () => Array<Record<string, unknown>>
}

/** The real app, logging through the real logger options into memory instead of stdout. */
async function buildLoggedApp(t: { teardown(fn: () => unknown): void }, level: string, extraRoutes?: (app: FastifyInstance) => void): Promise<LoggedApp> {
  const database = await createTestDatabase()
  const config = testConfig(database.url, { LOG_LEVEL: level, LOGIN_RATE_LIMIT_MAX: '100000' })
  const written: string[] = []
  const stream = { write: (line: string) => void written.push(line) }
  const app = await buildApp(config, { fastify: { logger: { ...(loggerOptions(config) as object), stream } } })
  extraRoutes?.(app)
  await app.ready()
  t.teardown(async () => {
    await app.close()
    await database.drop()
    await deleteRedisKeys(config)
  })
  return {
    app,
    config,
    text: () => written.join(''),
    lines: () => written.map((l) => JSON.parse(l) as Record<string, unknown>),
  }
}

const unique = () => randomBytes(4).toString('hex')

for (const level of ['info', 'debug']) {
  t.test(`at LOG_LEVEL=${level}, no password, token or e-mail address reaches the log`, async (t) => {
    const logged = await buildLoggedApp(t, level)
    const { app } = logged
    const admin = await createUser(app, 'ADMIN') // logs in with TEST_PASSWORD
    const secrets: Record<string, string> = { 'the admin password': TEST_PASSWORD, 'the admin e-mail': admin.email }

    const email = `new.hire.${unique()}@example.test`
    const password = `new hire password ${unique()}`
    secrets['the new user e-mail'] = email
    secrets['the new user password'] = password
    const created = await app.inject({ method: 'POST', url: '/users', headers: bearer(admin), payload: { email, name: 'New Hire', role: 'RECRUITER', password } })
    t.equal(created.statusCode, 201, 'a user is created, with the e-mail in the body')
    const duplicate = await app.inject({ method: 'POST', url: '/users', headers: bearer(admin), payload: { email: email.toUpperCase(), name: 'Again', role: 'RECRUITER', password } })
    t.equal(duplicate.statusCode, 409, 'the same e-mail again is a conflict')
    secrets['the upper-cased e-mail'] = email.toUpperCase()

    const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } })
    t.equal(login.statusCode, 200, 'the new user logs in with a password')
    const tokens = login.json() as { accessToken: string; refreshToken: string }
    secrets['the access token'] = tokens.accessToken
    secrets['the access token signature'] = tokens.accessToken.split('.')[2]!
    secrets['the refresh token'] = tokens.refreshToken

    const wrongPassword = `wrong password ${unique()}`
    secrets['a wrong password'] = wrongPassword
    t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: wrongPassword } })).statusCode, 401)
    const unknownEmail = `nobody.${unique()}@example.test`
    secrets['an unknown e-mail'] = unknownEmail
    t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: { email: unknownEmail, password } })).statusCode, 401)
    const badEmail = `not-an-address-${unique()}`
    secrets['a malformed e-mail'] = badEmail
    t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: { email: badEmail, password } })).statusCode, 400)

    t.equal((await app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${tokens.accessToken}` } })).statusCode, 200, 'a request with an Authorization header')
    t.equal((await app.inject({ method: 'GET', url: '/users?limit=5', headers: bearer(admin) })).statusCode, 200, 'a list that returns e-mail addresses')
    t.equal((await app.inject({ method: 'GET', url: `/users?cursor=${tokens.refreshToken}`, headers: bearer(admin) })).statusCode < 500, true, 'a query string holding a token-like value')
    const refreshed = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: tokens.refreshToken } })
    t.equal(refreshed.statusCode, 200, 'a refresh, with the refresh token in the body')
    secrets['the rotated refresh token'] = refreshed.json().refreshToken
    t.equal((await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: refreshed.json().refreshToken } })).statusCode, 204)
    t.equal((await app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${tokens.accessToken}` } })).statusCode, 401, 'a rejected token')
    t.equal((await app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${admin.token}`, cookie: `session=${admin.refreshToken}` } })).statusCode, 200)

    const text = logged.text()
    t.ok(text.length > 0, `the log is not empty (${logged.lines().length} lines)`)
    for (const [what, value] of Object.entries(secrets)) t.notOk(text.includes(value), `${what} is not in the log`)
    t.notOk(text.includes(admin.refreshToken), 'the admin refresh token (sent as a cookie) is not in the log')
    t.notOk(/@example\.test/i.test(text), 'no e-mail address of the test domain at all')
    t.notOk(/\$argon2/.test(text), 'no password hash')
  })

  t.test(`at LOG_LEVEL=${level}, every request is logged with its id: the caller's x-request-id, or a generated one`, async (t) => {
    const logged = await buildLoggedApp(t, level)
    const requestId = `req-${unique()}`
    const res = await logged.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': requestId } })
    t.equal(res.statusCode, 200)
    const mine = logged.lines().filter((l) => l.reqId === requestId)
    t.ok(mine.some((l) => l.msg === 'incoming request'), 'the incoming-request line carries the caller\'s id')
    t.ok(mine.some((l) => l.msg === 'request completed'), 'and so does the completion line')

    await logged.app.inject({ method: 'GET', url: '/health/live' })
    const incoming = logged.lines().filter((l) => l.msg === 'incoming request')
    t.equal(incoming.length, 2)
    t.match(incoming[1]!.reqId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a request without one gets a generated UUID')
    t.not(incoming[1]!.reqId, requestId)
    t.ok(logged.lines().filter((l) => l.reqId).every((l) => typeof l.reqId === 'string'), 'request-scoped lines all carry a reqId')
  })
}

t.test('the response carries the request id, so a caller can quote it', async (t) => {
  const logged = await buildLoggedApp(t, 'info')
  const requestId = `req-${unique()}`
  const echoed = await logged.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': requestId } })
  t.equal(echoed.headers['x-request-id'], requestId, 'the caller\'s id is echoed')
  const generated = await logged.app.inject({ method: 'GET', url: '/nowhere' })
  const id = generated.headers['x-request-id']
  t.ok(id, 'a generated id is sent back, on errors too')
  t.ok(logged.lines().some((l) => l.reqId === id), 'and it is the id in the log')
})

t.test('a 5xx is logged in full, with its request id, while the response hides the details', async (t) => {
  const detail = `the cache at 10.0.0.7 refused ${unique()}`
  const logged = await buildLoggedApp(t, 'info', (app) => {
    app.get('/test/explode', { config: { access: { public: true } } }, async () => {
      throw new Error(detail)
    })
  })
  const requestId = `req-${unique()}`
  const res = await logged.app.inject({ method: 'GET', url: '/test/explode', headers: { 'x-request-id': requestId } })
  t.equal(res.statusCode, 500)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.json(), { type: 'https://shortlist.dev/problems/internal-error', status: 500, detail: 'An unexpected error occurred; it has been logged.' })
  t.notOk(res.body.includes(detail), 'the response does not carry the error message')
  t.notOk(res.body.includes('at '), 'nor a stack trace')

  const errorLines = logged.lines().filter((l) => l.level === 50)
  t.equal(errorLines.length, 1, 'exactly one error line')
  const line = errorLines[0] as { reqId?: string; msg?: string; err?: { message?: string; stack?: string; type?: string } }
  t.equal(line.reqId, requestId, 'it carries the request id')
  t.equal(line.err?.message, detail, 'with the error message')
  t.match(line.err?.stack, /logging\.test\.ts/, 'and the stack')
})

t.test('an unexpected database error does not carry the personal data of the failing query into the log', async (t) => {
  // A bug that hands Prisma bad arguments: Prisma quotes the whole call, values included, in its message.
  const email = `leaky.${unique()}@example.test`
  const logged = await buildLoggedApp(t, 'info', (app) => {
    app.post('/test/buggy-create', { config: { access: { public: true } } }, async () => {
      return app.db.user.create({ data: { email, name: 'Leaky Person', role: 'RECRUITER' } as never })
    })
  })
  const res = await logged.app.inject({ method: 'POST', url: '/test/buggy-create', payload: {} })
  t.equal(res.statusCode, 500)
  t.notOk(res.body.includes(email), 'the response does not show the e-mail')
  const text = logged.text()
  t.ok(logged.lines().some((l) => l.level === 50), 'the error is logged')
  t.notOk(text.includes(email), 'the log does not show the e-mail')
  t.notOk(text.includes('Leaky Person'), 'nor the name')
})

t.test('objects logged by our own code have their personal fields redacted', async (t) => {
  const logged = await buildLoggedApp(t, 'info')
  const email = `redact.${unique()}@example.test`
  logged.app.log.info({ email, candidate: { email, firstName: 'Ada', lastName: 'Lovelace', phone: '+44 20 0000 0000' }, mail: { to: email }, password: 'hunter2hunter2', refreshToken: 'rt-secret' }, 'logged by hand')
  const text = logged.text()
  for (const value of [email, 'Ada', 'Lovelace', '+44 20 0000 0000', 'hunter2hunter2', 'rt-secret']) t.notOk(text.includes(value), `${value} is redacted`)
  t.match(text, /logged by hand/, 'the line itself is written')
  t.match(text, /\[redacted\]/)
})

t.test("a candidate's scheduling-link token never reaches the log, on any of the link's pages", async (t) => {
  const logged = await buildLoggedApp(t, 'info')
  const token = linkToken(linkSigningKey(logged.config), randomUUID())
  for (const [method, url] of [['GET', `/schedule/${token}`], ['GET', `/schedule/${token}?slot=1`], ['POST', `/schedule/${token}/cancel`]] as const) {
    const res = await logged.app.inject({ method, url, ...(method === 'POST' ? { payload: 'reason=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}) })
    t.ok(res.statusCode < 500, `${method} ${url.replace(token, '…')} answers ${res.statusCode}`)
  }
  const urls = logged.lines().filter((l) => l.msg === 'incoming request').map((l) => (l.req as { url: string }).url)
  t.same(urls, ['/schedule/[redacted]', '/schedule/[redacted]', '/schedule/[redacted]/cancel'], 'the request lines name the page, not the token')
  t.notOk(logged.text().includes(token), 'the token is nowhere in the log')
})
