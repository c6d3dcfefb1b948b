// Sessions through HTTP: login, refresh-token rotation with reuse detection,
// logout, and how revocation reaches every API instance at once.
import t from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { buildTestApp, deleteRedisKeys } from '../helpers/app.ts'
import { testConfig } from '../helpers/config.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { bearer, createUser, TEST_PASSWORD } from '../helpers/users.ts'

// This file logs in far more often than the login rate limit allows per minute
// (test/auth/login-rate-limit.test.ts covers the limit itself).
const generousLimit = { LOGIN_RATE_LIMIT_MAX: '100000' }
const { app } = await buildTestApp(t, generousLimit)

interface TokenPair {
  tokenType: string
  accessToken: string
  expiresIn: number
  refreshToken: string
  refreshExpiresAt: string
}

const post = (target: FastifyInstance, url: string, payload: object, headers: Record<string, string> = {}) =>
  target.inject({ method: 'POST', url, payload, headers })
const loginAs = (email: string, password = TEST_PASSWORD, target = app) => post(target, '/auth/login', { email, password })
const refreshWith = (refreshToken: string, target = app) => post(target, '/auth/refresh', { refreshToken })
const logoutWith = (refreshToken: string, target = app) => post(target, '/auth/logout', { refreshToken })
const me = (accessToken: string, target = app) => target.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${accessToken}` } })

type Asserts = Pick<typeof t, 'equal' | 'match' | 'same' | 'ok' | 'notOk'>

function assertProblem(t: Asserts, res: LightMyRequestResponse, status: number, type?: string) {
  t.equal(res.statusCode, status, `answers ${status}`)
  t.match(res.headers['content-type'], /^application\/problem\+json/, 'as application/problem+json')
  const body = res.json()
  t.equal(body.status, status, 'the problem repeats the status')
  if (type) t.equal(body.type, `https://shortlist.dev/problems/${type}`, `of type ${type}`)
  return body
}

t.test('logging in with the right password returns a token pair that opens the API', async (t) => {
  const user = await createUser(app, 'RECRUITER')
  const res = await loginAs(user.email)
  t.equal(res.statusCode, 200)
  const pair = res.json() as TokenPair
  t.equal(pair.tokenType, 'Bearer')
  t.match(pair.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'the access token is a JWT')
  t.equal(pair.expiresIn, 900, 'the access token lives ACCESS_TOKEN_TTL_SECONDS')
  t.ok(pair.refreshToken.length >= 32, 'the refresh token is long and opaque')
  t.ok(Date.parse(pair.refreshExpiresAt) > Date.now() + 29 * 86_400_000, 'the refresh token lives REFRESH_TOKEN_TTL_DAYS')
  const who = await me(pair.accessToken)
  t.equal(who.statusCode, 200)
  t.equal(who.json().id, user.id, 'the access token identifies the user who logged in')
})

t.test('a wrong password and an unknown e-mail get the same 401, so answers do not reveal which accounts exist', async (t) => {
  const user = await createUser(app, 'RECRUITER')
  const wrongPassword = await loginAs(user.email, 'not the password at all')
  const unknownEmail = await loginAs('nobody.here@example.test', TEST_PASSWORD)
  const a = assertProblem(t, wrongPassword, 401, 'invalid-credentials')
  const b = assertProblem(t, unknownEmail, 401, 'invalid-credentials')
  t.same(a, b, 'both bodies are identical')
  t.notOk(wrongPassword.headers['set-cookie'], 'no cookie is set')
})

t.test('the e-mail address is matched without regard to letter case', async (t) => {
  const user = await createUser(app, 'INTERVIEWER')
  const shouted = user.email.toUpperCase()
  t.not(shouted, user.email)
  const res = await loginAs(shouted)
  t.equal(res.statusCode, 200, 'logging in with the upper-cased address works')
  t.equal((await me(res.json().accessToken)).json().id, user.id, 'and it is the same account')
})

t.test('a deactivated user cannot log in, and the access token they already hold stops working at once', async (t) => {
  const admin = await createUser(app, 'ADMIN')
  const user = await createUser(app, 'RECRUITER')
  t.equal((await me(user.token)).statusCode, 200, 'the token works while the user is active')

  const patched = await app.inject({ method: 'PATCH', url: `/users/${user.id}`, headers: bearer(admin), payload: { active: false } })
  t.equal(patched.statusCode, 200)
  t.equal(patched.json().active, false)

  assertProblem(t, await me(user.token), 401, 'unauthorized')
  const login = await loginAs(user.email)
  const body = assertProblem(t, login, 401, 'invalid-credentials')
  t.same(body, (await loginAs(user.email, 'some wrong password')).json(), 'the answer is the same as for a wrong password')
  assertProblem(t, await refreshWith(user.refreshToken), 401, 'invalid-refresh-token')
})

t.test('a refresh rotates the refresh token: the new one works, the old one is rejected', async (t) => {
  const user = await createUser(app, 'RECRUITER')
  const res = await refreshWith(user.refreshToken)
  t.equal(res.statusCode, 200)
  const pair = res.json() as TokenPair
  t.not(pair.refreshToken, user.refreshToken, 'a new refresh token is issued')
  t.equal((await me(pair.accessToken)).json().id, user.id, 'the new access token identifies the same user')

  const again = await refreshWith(pair.refreshToken)
  t.equal(again.statusCode, 200, 'the new refresh token can be used in turn')
  assertProblem(t, await refreshWith(user.refreshToken), 401, 'invalid-refresh-token')
  t.equal(await app.db.session.count({ where: { userId: user.id } }), 1, 'rotation stays within one session')
})

t.test('replaying a used refresh token gets 401 and ends the whole session, newest tokens included', async (t) => {
  const user = await createUser(app, 'RECRUITER')
  const first = (await refreshWith(user.refreshToken)).json() as TokenPair
  const second = (await refreshWith(first.refreshToken)).json() as TokenPair
  t.equal((await me(second.accessToken)).statusCode, 200, 'the newest access token works before the replay')

  assertProblem(t, await refreshWith(user.refreshToken), 401, 'invalid-refresh-token')

  assertProblem(t, await refreshWith(second.refreshToken), 401, 'invalid-refresh-token')
  assertProblem(t, await me(second.accessToken), 401, 'unauthorized')
  assertProblem(t, await me(user.token), 401, 'unauthorized')
  const session = await app.db.session.findFirstOrThrow({ where: { userId: user.id }, select: { revokedAt: true, revokedReason: true } })
  t.ok(session.revokedAt, 'the session is recorded as revoked')
  t.equal(session.revokedReason, 'refresh token reused')

  const fresh = await loginAs(user.email)
  t.equal(fresh.statusCode, 200, 'the user can still log in again afresh')
})

t.test('logging out kills the refresh token and the access token of that session, and only that session', async (t) => {
  const user = await createUser(app, 'RECRUITER')
  const otherDevice = (await loginAs(user.email)).json() as TokenPair

  const res = await logoutWith(user.refreshToken)
  t.equal(res.statusCode, 204)
  t.equal(res.body, '', 'with no body')

  assertProblem(t, await refreshWith(user.refreshToken), 401, 'invalid-refresh-token')
  assertProblem(t, await me(user.token), 401, 'unauthorized')
  t.equal((await me(otherDevice.accessToken)).statusCode, 200, 'the same user\'s session on another device lives on')
  t.equal((await refreshWith(otherDevice.refreshToken)).statusCode, 200)
})

t.test('logging out is idempotent: again, with a used token, or with a token never issued, it answers 204', async (t) => {
  const user = await createUser(app, 'RECRUITER')
  const rotated = (await refreshWith(user.refreshToken)).json() as TokenPair
  t.equal((await logoutWith(rotated.refreshToken)).statusCode, 204)
  t.equal((await logoutWith(rotated.refreshToken)).statusCode, 204, 'a second logout is not an error')
  t.equal((await logoutWith(user.refreshToken)).statusCode, 204, 'nor is logging out with an older, used token of the session')
  t.equal((await logoutWith('x'.repeat(43))).statusCode, 204, 'nor with a token nobody issued')
  const session = await app.db.session.findFirstOrThrow({ where: { userId: user.id }, select: { revokedReason: true } })
  t.equal(session.revokedReason, 'logout', 'the first logout\'s reason is kept')
})

t.test('refresh tokens are stored hashed: no database row contains a raw token', async (t) => {
  const user = await createUser(app, 'RECRUITER')
  const rotated = (await refreshWith(user.refreshToken)).json() as TokenPair
  const rows = await app.db.$queryRaw<Array<{ row: string }>>`
    SELECT row_to_json(r)::text AS row FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id WHERE s.user_id = ${user.id}::uuid`
  t.equal(rows.length, 2, 'one row per token issued')
  for (const { row } of rows) {
    t.notOk(row.includes(user.refreshToken), 'the first token does not appear in a row')
    t.notOk(row.includes(rotated.refreshToken), 'the rotated token does not appear in a row')
  }
  const sessions = await app.db.$queryRaw<Array<{ row: string }>>`SELECT row_to_json(s)::text AS row FROM sessions s WHERE s.user_id = ${user.id}::uuid`
  t.notOk(sessions.some(({ row }) => row.includes(rotated.refreshToken)), 'nor in the session row')
})

t.test('passwords are stored as argon2id hashes', async (t) => {
  const admin = await createUser(app, 'ADMIN')
  const password = 'a brand new password 42'
  const created = await app.inject({
    method: 'POST',
    url: '/users',
    headers: bearer(admin),
    payload: { email: 'hashed.password@example.test', name: 'Hashed', role: 'RECRUITER', password },
  })
  t.equal(created.statusCode, 201)
  const stored = await app.db.user.findUniqueOrThrow({ where: { id: created.json().id }, select: { passwordHash: true } })
  t.match(stored.passwordHash, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/, 'the stored value is an argon2id hash')
  t.notOk(stored.passwordHash.includes(password), 'and does not contain the password')
  t.equal((await loginAs('hashed.password@example.test', password)).statusCode, 200, 'the user can log in with that password')
})

t.test('concurrent refreshes with the same token: exactly one succeeds', async (t) => {
  const user = await createUser(app, 'RECRUITER')
  const results = await Promise.all(Array.from({ length: 4 }, () => refreshWith(user.refreshToken)))
  const statuses = results.map((r) => r.statusCode).sort()
  t.same(statuses, [200, 401, 401, 401], 'one 200, the rest 401')
  for (const loser of results.filter((r) => r.statusCode !== 200)) assertProblem(t, loser, 401, 'invalid-refresh-token')
  const issued = await app.db.refreshToken.count({ where: { session: { userId: user.id } } })
  t.equal(issued, 2, 'only one new refresh token was ever created')
  // The losers presented an already-used token, which reuse detection treats as
  // a replay: the session ends, so the winner's new tokens die too.
  const winner = results.find((r) => r.statusCode === 200)!.json() as TokenPair
  t.equal((await refreshWith(winner.refreshToken)).statusCode, 401, 'reuse detection ended the session for the winner too')
})

t.test('two API instances on one database: what one revokes is dead on the other at once', async (t) => {
  const database = await createTestDatabase()
  const shared = testConfig(database.url, generousLimit)
  const a = await buildApp(shared, { fastify: { logger: false } })
  const b = await buildApp(testConfig(database.url, { ...generousLimit, REDIS_PREFIX: shared.REDIS_PREFIX }), { fastify: { logger: false } })
  await Promise.all([a.ready(), b.ready()])
  t.teardown(async () => {
    await Promise.all([a.close(), b.close()])
    await database.drop()
    await deleteRedisKeys(shared)
  })
  const user = await createUser(a, 'RECRUITER')

  t.equal((await me(user.token, b)).statusCode, 200, 'B accepts the access token A issued')
  const rotated = (await refreshWith(user.refreshToken, a)).json() as TokenPair
  t.equal((await me(rotated.accessToken, b)).statusCode, 200, 'B accepts the access token of A\'s refresh')

  t.equal((await logoutWith(rotated.refreshToken, a)).statusCode, 204, 'logout on A')
  assertProblem(t, await refreshWith(rotated.refreshToken, b), 401, 'invalid-refresh-token')
  assertProblem(t, await me(rotated.accessToken, b), 401, 'unauthorized')
  assertProblem(t, await me(user.token, b), 401, 'unauthorized')
  assertProblem(t, await refreshWith(user.refreshToken, b), 401, 'invalid-refresh-token')
})
