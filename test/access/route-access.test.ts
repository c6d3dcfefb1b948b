// Walks every route in app.routeCatalogue (including plugin routes such as /docs
// and /openapi.json) with every role and with no credentials, and checks each
// answer against the access the route declares. Routes added later are covered
// with no new test code; a route that escapes the catalogue (registered before
// access-control's onRoute hook existed) is caught by counting the router's routes.
//
// HEAD routes are walked too: Fastify adds them for every GET, they share the
// GET route's declaration, and a client can call them; HEAD answers carry no
// body, so for them only the status and content-type are checked.
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { Role } from '../../src/generated/prisma/enums.ts'
import type { RouteEntry } from '../../src/plugins/app/access-control.ts'
import { createUser } from '../helpers/users.ts'
import { buildAppWithExtraRoutes } from './app-with-extra-routes.ts'
import { anonymous, callersForEveryRole } from './callers.ts'
import { accessViolation } from './access-expectations.ts'
import { requestFor } from './route-requests.ts'
import { routesMissingFromCatalogue } from './registered-routes.ts'
import { SABOTAGE_PREFIX, SABOTAGES, sabotagedRoutes } from './sabotaged-routes.ts'
import { claimsOf, nowSeconds, signJwt, unsignedJwt } from './tokens.ts'
import { errorContractViolations, problemCode } from './problem-response.ts'
import { operationsOf, routeUrlOf } from '../fuzz/openapi-operations.ts'
import { createRng } from '../fuzz/prng.ts'

// Run directly (npx tsx), tap's timeout is 30 s; give the same 120 s as .taprc does under the runner.
if (!process.env.TAP_TIMEOUT) t.setTimeout(120_000)

const { app, config } = await buildAppWithExtraRoutes(t, { LOGIN_RATE_LIMIT_MAX: '1000' }, sabotagedRoutes)
const callers = await callersForEveryRole(app)
const operations = operationsOf((await app.inject({ method: 'GET', url: '/openapi.json' })).json())
const rng = createRng(20261121) // fixed: the access walk has nothing to explore, it should just be repeatable

interface Violation {
  route: string
  caller: string
  problem: string
}

async function walk(entries: RouteEntry[]): Promise<{ violations: Violation[]; requests: number }> {
  const violations: Violation[] = []
  let requests = 0
  for (const entry of entries) {
    const request = requestFor(entry, operations, rng)
    for (const caller of callers) {
      const response = await app.inject({ method: request.method as 'GET', url: request.url, headers: caller.headers, ...(request.payload ? { payload: request.payload } : {}) })
      requests++
      const problem = accessViolation(entry.access, caller, entry.method, response)
      if (problem) violations.push({ route: `${entry.method} ${entry.url}`, caller: caller.name, problem })
    }
  }
  return { violations, requests }
}

const isSabotaged = (entry: RouteEntry) => entry.url.startsWith(SABOTAGE_PREFIX)
const realRoutes = app.routeCatalogue.filter((entry) => !isSabotaged(entry))

t.test('the catalogue is the whole API, not a token list', async (t) => {
  const routes = realRoutes.map((e) => `${e.method} ${e.url}`)
  t.ok(realRoutes.length >= 20, `${realRoutes.length} routes in the catalogue`)
  for (const route of ['GET /auth/me', 'POST /auth/login', 'GET /users', 'PATCH /users/:id', 'GET /openapi.json', 'GET /docs']) t.ok(routes.includes(route), `lists ${route}`)
  t.ok(realRoutes.some((e) => 'public' in e.access) && realRoutes.some((e) => 'roles' in e.access), 'has both public and protected routes')
  t.same(routesMissingFromCatalogue(app, app.routeCatalogue), [], 'every route in the router is in the catalogue (so the walk reaches it and it declared access)', {
    routerTree: app.printRoutes({ commonPrefix: false }),
  })
  for (const operation of operations) {
    t.ok(app.routeCatalogue.some((e) => e.method === operation.method && e.url === routeUrlOf(operation.path)), `the documented ${operation.id} is in the catalogue`)
  }
})

t.test('every route answers every caller as its declared access says', async (t) => {
  t.same(callers.map((c) => c.name), [anonymous.name, ...Object.values(Role)], 'tries no credentials and every role')
  const started = Date.now()
  const { violations, requests } = await walk(realRoutes)
  t.comment(`${requests} requests (${realRoutes.length} routes x ${callers.length} callers) in ${Date.now() - started} ms`)
  t.same(violations, [], 'no route answers differently from its declaration')
})

t.test('self-test: the walk reports routes whose guard does not enforce their declaration', async (t) => {
  const sabotaged = app.routeCatalogue.filter(isSabotaged)
  t.equal(sabotaged.length, SABOTAGES.length, 'the sabotaged routes are in the catalogue with their declared access')
  const { violations } = await walk(sabotaged)
  for (const sabotage of SABOTAGES) {
    const flagged = violations.filter((v) => v.route === `GET ${SABOTAGE_PREFIX}${sabotage.path}`).map((v) => v.caller)
    t.same(flagged.sort(), [...sabotage.flagged].sort(), `${sabotage.path}: exactly the callers it wrongly admits or refuses are reported`)
  }
})

t.test('the OpenAPI document marks exactly the protected routes as needing a bearer token', async (t) => {
  for (const operation of operations) {
    const entry = app.routeCatalogue.find((e) => e.method === operation.method && e.url === routeUrlOf(operation.path))
    if (!entry) continue // reported by the catalogue test
    t.equal(operation.secured, !('public' in entry.access), `${operation.id} ${operation.secured ? 'declares' : 'does not declare'} security`)
  }
})

t.test('a route that declares no access stops the app from starting', async (t) => {
  const fresh = await buildApp(config, { fastify: { logger: false } })
  t.teardown(() => fresh.close())
  const registerUndeclared = async (url: string) => {
    try {
      fresh.get(url, async () => 'reached')
      await fresh.ready()
      return undefined
    } catch (error) {
      return error as Error
    }
  }
  t.match((await registerUndeclared('/undeclared'))?.message, /does not declare config\.access/, 'GET /undeclared is refused')
  // The /docs exemption (for @fastify/swagger-ui's routes) covers /docs and
  // /docs/…, not every URL that merely starts with "/docs".
  t.match((await registerUndeclared('/docs-admin'))?.message, /does not declare config\.access/, 'GET /docs-admin is refused')
})

t.test('a protected route refuses credentials that are no longer (or never were) valid', async (t) => {
  const protectedRoute = '/auth/me'
  const secret = config.JWT_SECRET
  const get = (authorization: string | undefined) =>
    app.inject({ method: 'GET', url: protectedRoute, headers: authorization === undefined ? {} : { authorization } })
  const expect401 = async (label: string, authorization: string | undefined) => {
    const response = await get(authorization)
    t.equal(response.statusCode, 401, `${label}: 401`)
    t.same(errorContractViolations(response, 'GET'), [], `${label}: problem+json`)
    t.equal(problemCode(response), 'SL_UNAUTHORIZED', `${label}: SL_UNAUTHORIZED`)
  }

  const user = await createUser(app, Role.RECRUITER, 'token-tests')
  const claims = claimsOf(user.token)
  const other = await createUser(app, Role.INTERVIEWER, 'other-user')

  // Positive control: a token made by hand with the right key is accepted, so the
  // refusals below are about what is wrong with each token, not about how it was made.
  t.equal((await get(`Bearer ${signJwt({ sub: claims.sub, sid: claims.sid, iat: nowSeconds(), exp: nowSeconds() + 60 }, secret)}`)).statusCode, 200, 'a hand-made valid token is accepted')

  await expect401('no Authorization header', undefined)
  await expect401('Basic scheme', `Basic ${Buffer.from('a:b').toString('base64')}`)
  await expect401('empty bearer token', 'Bearer ')
  await expect401('garbage bearer token', 'Bearer not.a.jwt')
  await expect401('expired token', `Bearer ${signJwt({ sub: claims.sub, sid: claims.sid, iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }, secret)}`)
  await expect401('token signed with another secret', `Bearer ${signJwt({ sub: claims.sub, sid: claims.sid, iat: nowSeconds(), exp: nowSeconds() + 60 }, `${secret}-but-not-quite`)}`)
  await expect401('alg "none" token', `Bearer ${unsignedJwt({ sub: claims.sub, sid: claims.sid, iat: nowSeconds(), exp: nowSeconds() + 60 })}`)
  await expect401('token without a session id', `Bearer ${signJwt({ sub: claims.sub, iat: nowSeconds(), exp: nowSeconds() + 60 }, secret)}`)
  await expect401("another user's session id", `Bearer ${signJwt({ sub: claims.sub, sid: claimsOf(other.token).sid, iat: nowSeconds(), exp: nowSeconds() + 60 }, secret)}`)
  await expect401('token for a session that does not exist', `Bearer ${signJwt({ sub: claims.sub, sid: rng.uuid(), iat: nowSeconds(), exp: nowSeconds() + 60 }, secret)}`)

  // Sessions are read on every request, so these take effect at once, not at token expiry.
  const loggedOut = await createUser(app, Role.RECRUITER, 'logged-out')
  t.equal((await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: loggedOut.refreshToken } })).statusCode, 204, 'logout succeeds')
  await expect401('access token of a logged-out session', `Bearer ${loggedOut.token}`)

  const expired = await createUser(app, Role.RECRUITER, 'session-expired')
  await app.db.session.update({ where: { id: claimsOf(expired.token).sid }, data: { expiresAt: new Date(Date.now() - 1000) } })
  await expect401('access token of an expired session', `Bearer ${expired.token}`)

  const deactivated = await createUser(app, Role.RECRUITER, 'deactivated')
  const admin = callers.find((c) => c.role === Role.ADMIN)!
  t.equal((await app.inject({ method: 'PATCH', url: `/users/${deactivated.id}`, headers: admin.headers, payload: { active: false } })).statusCode, 200, 'an admin deactivates the user')
  await expect401('access token of a deactivated user', `Bearer ${deactivated.token}`)

  // A role change applies to tokens already issued: the role is not in the token.
  const demoted = await createUser(app, Role.ADMIN, 'demoted')
  t.equal((await app.inject({ method: 'GET', url: '/users', headers: { authorization: `Bearer ${demoted.token}` } })).statusCode, 200, 'an admin may list users')
  await app.inject({ method: 'PATCH', url: `/users/${demoted.id}`, headers: admin.headers, payload: { role: Role.INTERVIEWER } })
  const after = await app.inject({ method: 'GET', url: '/users', headers: { authorization: `Bearer ${demoted.token}` } })
  t.equal(after.statusCode, 403, 'after demotion the same token gets 403')
})
