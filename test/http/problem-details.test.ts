// Every error leaves as application/problem+json (RFC 9457); validation errors
// point at each failing field; every response carries the security headers;
// CORS answers only the configured origins.
import t from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser } from '../helpers/users.ts'

const BODY_LIMIT = 2048
const ALLOWED_ORIGIN = 'https://app.example.test'
const { app } = await buildTestApp(t, {
  BODY_LIMIT_BYTES: String(BODY_LIMIT),
  CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://admin.example.test`,
  LOGIN_RATE_LIMIT_MAX: '100000',
})
const admin = await createUser(app, 'ADMIN')

type Asserts = Pick<typeof t, 'equal' | 'match'>
interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  code?: string
  errors?: Array<{ pointer: string; detail: string }>
}

function problem(t: Asserts, res: LightMyRequestResponse, status: number, slug: string): Problem {
  t.equal(res.statusCode, status, `answers ${status}`)
  t.match(res.headers['content-type'], /^application\/problem\+json\b/, 'as application/problem+json')
  const body = res.json() as Problem
  t.match(body, { type: `https://shortlist.dev/problems/${slug}`, status, title: String }, `a ${slug} problem`)
  return body
}

const pointers = (p: Problem) => (p.errors ?? []).map((e) => e.pointer)
const validUser = { email: 'valid.person@example.test', name: 'Valid Person', role: 'RECRUITER', password: 'long enough password' }
const createUserRequest = (payload: unknown) => app.inject({ method: 'POST', url: '/users', headers: bearer(admin), payload: payload as object })

t.test('validation errors list every failing field with a JSON pointer into the request', async (t) => {
  const res = await createUserRequest({ email: 'not-an-email', name: '', role: 'KING', password: 'short' })
  const body = problem(t, res, 400, 'validation-error')
  t.equal(body.code, 'FST_ERR_VALIDATION')
  t.equal(body.instance, '/users')
  for (const field of ['email', 'name', 'role', 'password']) t.ok(pointers(body).includes(`/body/${field}`), `/body/${field} is listed`)
  t.ok(body.errors!.every((e) => typeof e.detail === 'string' && e.detail.length > 0), 'each with a detail')
  t.notOk(JSON.stringify(body).includes('not-an-email'), 'the submitted values are not echoed back')
})

t.test('each failing field is listed once, and an enumeration says which values it takes', async (t) => {
  const body = (await createUserRequest({ ...validUser, role: 'KING' })).json() as Problem
  t.same(pointers(body), ['/body/role'], `one entry for the one bad field (got ${JSON.stringify(body.errors)})`)
  t.match(body.errors?.[0]?.detail, /ADMIN/, 'the detail names the allowed roles')
})

t.test('missing required fields are each reported as required', async (t) => {
  const body = problem(t, await createUserRequest({}), 400, 'validation-error')
  for (const field of ['email', 'name', 'role', 'password']) {
    t.ok(body.errors!.some((e) => e.pointer === `/body/${field}` && e.detail === 'is required'), `/body/${field} is required`)
  }
})

t.test('an unknown body property is rejected, not silently dropped, and the pointer names it', async (t) => {
  const res = await createUserRequest({ ...validUser, email: 'extra.field@example.test', isSuperuser: true })
  const body = problem(t, res, 400, 'validation-error')
  t.same(body.errors, [{ pointer: '/body/isSuperuser', detail: 'is not a known property' }])
  t.equal(await app.db.user.count({ where: { email: 'extra.field@example.test' } }), 0, 'nothing was created')
})

t.test('query string and path parameters are validated too, with pointers into them', async (t) => {
  const query = problem(t, await app.inject({ method: 'GET', url: '/users?limit=0&colour=blue', headers: bearer(admin) }), 400, 'validation-error')
  t.ok(pointers(query).includes('/querystring/limit'), 'limit below the minimum')
  t.ok(pointers(query).includes('/querystring/colour'), 'an unknown query parameter')
  const params = problem(t, await app.inject({ method: 'GET', url: '/users/not-a-uuid', headers: bearer(admin) }), 400, 'validation-error')
  t.same(pointers(params), ['/params/id'])
})

t.test('malformed JSON gets 400 problem+json', async (t) => {
  const res = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": "a@b.test", "password": ' })
  const body = problem(t, res, 400, 'malformed-body')
  t.equal(body.code, 'FST_ERR_CTP_INVALID_JSON_BODY')
  t.equal(body.instance, '/auth/login')
})

t.test('an empty JSON body gets 400 problem+json', async (t) => {
  const res = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: '' })
  problem(t, res, 400, 'malformed-body')
})

t.test(`a body over BODY_LIMIT_BYTES (${BODY_LIMIT}) gets 413 problem+json`, async (t) => {
  const payload = JSON.stringify({ email: 'big@example.test', password: 'x'.repeat(BODY_LIMIT) })
  t.ok(Buffer.byteLength(payload) > BODY_LIMIT)
  const res = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload })
  const body = problem(t, res, 413, 'payload-too-large')
  t.equal(body.code, 'FST_ERR_CTP_BODY_TOO_LARGE')
  const justUnder = JSON.stringify({ email: 'big@example.test', password: 'x'.repeat(BODY_LIMIT - 100) })
  t.ok(Buffer.byteLength(justUnder) <= BODY_LIMIT)
  const read = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: justUnder })
  t.equal(read.json().code, 'FST_ERR_VALIDATION', 'a body just under the limit is read, then validated (the password is over its maxLength)')
})

t.test('an unknown route gets 404 problem+json that does not echo the query string', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/no/such/route?token=secret-value' })
  const body = problem(t, res, 404, 'not-found')
  t.equal(body.instance, '/no/such/route')
  t.notOk(res.body.includes('secret-value'))
  problem(t, await app.inject({ method: 'DELETE', url: '/health/live' }), 404, 'not-found')
})

t.test('a body in an unsupported content type gets 415 problem+json', async (t) => {
  const xml = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<login/>' })
  const body = problem(t, xml, 415, 'unsupported-media-type')
  t.equal(body.code, 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
  const form = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a@b.test' })
  problem(t, form, 415, 'unsupported-media-type')
})

t.test('text/plain is not accepted either: this API reads JSON only', async (t) => {
  // text/plain is a CORS "simple" content type (no preflight); a JSON API has no use for it.
  const res = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'text/plain' }, payload: '{"email":"a@b.test","password":"x"}' })
  problem(t, res, 415, 'unsupported-media-type')
})

t.test('authentication and authorisation failures are problems too', async (t) => {
  problem(t, await app.inject({ method: 'GET', url: '/users' }), 401, 'unauthorized')
  problem(t, await app.inject({ method: 'GET', url: '/users', headers: { authorization: 'Bearer not.a.jwt' } }), 401, 'unauthorized')
  problem(t, await app.inject({ method: 'GET', url: '/users', headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'unauthorized')
  const recruiter = await createUser(app, 'RECRUITER')
  problem(t, await app.inject({ method: 'GET', url: '/users', headers: bearer(recruiter) }), 403, 'forbidden')
})

t.test('security headers are on every response, errors included', async (t) => {
  for (const [what, res] of [
    ['a 200', await app.inject('/health/live')],
    ['a 404', await app.inject('/nowhere')],
    ['a 401', await app.inject('/users')],
    ['a 400', await app.inject({ method: 'POST', url: '/auth/login', payload: {} })],
  ] as const) {
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${what}: x-content-type-options nosniff`)
    t.match(res.headers['content-security-policy'], /default-src 'none'/, `${what}: CSP denies by default`)
    t.match(res.headers['content-security-policy'], /frame-ancestors 'none'/, `${what}: CSP forbids framing`)
    t.equal(res.headers['referrer-policy'], 'no-referrer', `${what}: no referrer`)
    t.match(res.headers['strict-transport-security'], /max-age=\d+/, `${what}: HSTS`)
    t.equal(res.headers['cross-origin-resource-policy'], 'same-origin', `${what}: CORP same-origin`)
    t.equal(res.headers['x-frame-options'], 'DENY', `${what}: no framing`)
    t.equal(res.headers['cache-control'], 'no-store', `${what}: not cached`)
    t.notOk(res.headers['x-powered-by'], `${what}: no x-powered-by`)
  }
})

t.test('JSON carries the API headers only: a strict CSP, none of the headers only documents use', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/users', headers: bearer(admin) })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'")
  for (const name of ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection']) {
    t.notOk(res.headers[name], `no ${name}`)
  }
})

t.test('an HTML document gets the document headers and a CSP its scripts can run under, unless it sets its own', async (t) => {
  const dashboard = await app.inject({ method: 'GET', url: '/admin/queues', headers: bearer(admin) })
  t.equal(dashboard.statusCode, 200)
  t.match(dashboard.headers['content-type'], /^text\/html/)
  t.match(dashboard.headers['content-security-policy'], /default-src 'self'/, 'helmet\'s document CSP')
  t.match(dashboard.headers['content-security-policy'], /frame-ancestors 'none'/)
  t.equal(dashboard.headers['cross-origin-opener-policy'], 'same-origin')
  t.equal(dashboard.headers['x-dns-prefetch-control'], 'off')
  t.equal(dashboard.headers['x-content-type-options'], 'nosniff', 'the API headers stay')
  t.equal(dashboard.headers['cache-control'], 'no-store')
})

t.test('the docs UI replaces the JSON CSP with its own, which lets its scripts run; the other headers stay', async (t) => {
  const res = await app.inject('/docs')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-security-policy'], /script-src 'self'/)
  t.notMatch(res.headers['content-security-policy'], /default-src 'none'/)
  t.match(res.headers['content-security-policy'], /frame-ancestors 'none'/, 'nor may the docs be framed')
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.equal(res.headers['cross-origin-opener-policy'], 'same-origin', 'a document: the document headers too')
})

t.test('CORS: an origin listed in CORS_ORIGINS is allowed, any other is not', async (t) => {
  const allowed = await app.inject({ method: 'GET', url: '/health/live', headers: { origin: ALLOWED_ORIGIN } })
  t.equal(allowed.headers['access-control-allow-origin'], ALLOWED_ORIGIN, 'the listed origin is echoed')
  t.match(allowed.headers['access-control-expose-headers'], /Location/, 'Location is readable by the browser')
  const second = await app.inject({ method: 'GET', url: '/health/live', headers: { origin: 'https://admin.example.test' } })
  t.equal(second.headers['access-control-allow-origin'], 'https://admin.example.test', 'the second listed origin too (spaces trimmed)')

  const other = await app.inject({ method: 'GET', url: '/health/live', headers: { origin: 'https://evil.example.test' } })
  t.notOk(other.headers['access-control-allow-origin'], 'an unlisted origin gets no access-control-allow-origin')
  const lookalike = await app.inject({ method: 'GET', url: '/health/live', headers: { origin: `${ALLOWED_ORIGIN}.evil.test` } })
  t.notOk(lookalike.headers['access-control-allow-origin'], 'nor does a look-alike that starts with a listed origin')

  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/auth/login',
    headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  })
  t.ok(preflight.statusCode >= 200 && preflight.statusCode < 300, `the preflight of a listed origin succeeds (${preflight.statusCode})`)
  t.equal(preflight.headers['access-control-allow-origin'], ALLOWED_ORIGIN)
  t.match(preflight.headers['access-control-allow-methods'], /POST/)
  const deniedPreflight = await app.inject({
    method: 'OPTIONS',
    url: '/auth/login',
    headers: { origin: 'https://evil.example.test', 'access-control-request-method': 'POST' },
  })
  t.notOk(deniedPreflight.headers['access-control-allow-origin'], 'the preflight of another origin is not allowed')
})

t.test('CORS: with CORS_ORIGINS empty (the default), no origin is allowed', async (t) => {
  const { app: closed } = await buildTestApp(t)
  const res = await closed.inject({ method: 'GET', url: '/health/live', headers: { origin: ALLOWED_ORIGIN } })
  t.equal(res.statusCode, 200)
  t.notOk(res.headers['access-control-allow-origin'])
})
