// Staff accounts, managed by admins: creation, uniqueness of e-mail whatever
// its case, keyset pagination, lookups, and role changes that apply at once.
import t from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, login, TEST_PASSWORD } from '../helpers/users.ts'

const { app } = await buildTestApp(t, { LOGIN_RATE_LIMIT_MAX: '100000' })
const admin = await createUser(app, 'ADMIN')

interface UserJson {
  id: string
  email: string
  name: string
  role: string
  timeZone: string
  active: boolean
  createdAt: string
}
interface PageJson {
  items: UserJson[]
  nextCursor: string | null
}

type Asserts = Pick<typeof t, 'equal' | 'match'>
function problem(t: Asserts, res: LightMyRequestResponse, status: number, slug: string) {
  t.equal(res.statusCode, status, `answers ${status}`)
  t.match(res.headers['content-type'], /^application\/problem\+json/, 'as problem+json')
  t.match(res.json(), { type: `https://shortlist.dev/problems/${slug}`, status })
  return res.json() as { errors?: Array<{ pointer: string; detail: string }> }
}

const as = (user: { token: string }) => ({
  get: (url: string) => app.inject({ method: 'GET', url, headers: bearer(user) }),
  post: (url: string, payload: object) => app.inject({ method: 'POST', url, headers: bearer(user), payload }),
  patch: (url: string, payload: object) => app.inject({ method: 'PATCH', url, headers: bearer(user), payload }),
})
const asAdmin = as(admin)
let counter = 0
const newUser = (overrides: Record<string, unknown> = {}) => ({
  email: `staff.${++counter}.${Date.now()}@example.test`,
  name: `Staff ${counter}`,
  role: 'RECRUITER',
  password: 'a long enough password',
  ...overrides,
})

t.test('an admin creates a user: 201, a Location to read it back, no password material in the answer', async (t) => {
  const input = newUser({ role: 'HIRING_MANAGER', timeZone: 'Europe/Paris' })
  const res = await asAdmin.post('/users', input)
  t.equal(res.statusCode, 201)
  const body = res.json() as UserJson
  t.match(body, { email: input.email, name: input.name, role: 'HIRING_MANAGER', timeZone: 'Europe/Paris', active: true })
  t.match(body.id, /^[0-9a-f-]{36}$/)
  t.ok(Date.parse(body.createdAt), 'createdAt is a date-time')
  t.equal(res.headers.location, `/users/${body.id}`, 'Location names the new user')
  t.notOk('password' in body || 'passwordHash' in body, 'neither the password nor its hash is returned')

  const read = await asAdmin.get(res.headers.location as string)
  t.equal(read.statusCode, 200)
  t.same(read.json(), body, 'reading the Location gives the same user')
  t.ok(await login(app, input.email, input.password as string), 'the new user can log in with the password given')
})

t.test('the time zone defaults to UTC', async (t) => {
  const res = await asAdmin.post('/users', newUser())
  t.equal(res.json().timeZone, 'UTC')
})

t.test('an e-mail address already in use, in any letter case, is a 409 conflict', async (t) => {
  const input = newUser()
  t.equal((await asAdmin.post('/users', input)).statusCode, 201)
  const shouted = String(input.email).toUpperCase()
  problem(t, await asAdmin.post('/users', { ...input, email: shouted, name: 'Someone Else' }), 409, 'conflict')
  problem(t, await asAdmin.post('/users', input), 409, 'conflict')
  t.equal(await app.db.user.count({ where: { email: input.email as string } }), 1, 'still one account with that address')
})

t.test('two simultaneous creations with the same e-mail: one 201, one 409, never a 500', async (t) => {
  const input = newUser()
  const results = await Promise.all([asAdmin.post('/users', input), asAdmin.post('/users', { ...input, email: String(input.email).toUpperCase() })])
  t.same(results.map((r) => r.statusCode).sort(), [201, 409])
})

t.test('only admins manage users; without a token, 401', async (t) => {
  const recruiter = await createUser(app, 'RECRUITER')
  problem(t, await as(recruiter).get('/users'), 403, 'forbidden')
  problem(t, await as(recruiter).post('/users', newUser()), 403, 'forbidden')
  problem(t, await as(recruiter).get(`/users/${recruiter.id}`), 403, 'forbidden')
  problem(t, await as(recruiter).patch(`/users/${recruiter.id}`, { role: 'ADMIN' }), 403, 'forbidden')
  t.equal((await app.db.user.findUniqueOrThrow({ where: { id: recruiter.id } })).role, 'RECRUITER', 'a recruiter cannot promote themselves')
  problem(t, await app.inject({ method: 'GET', url: '/users' }), 401, 'unauthorized')
  problem(t, await app.inject({ method: 'POST', url: '/users', payload: newUser() }), 401, 'unauthorized')
})

t.test('the list pages through every user exactly once, in a stable order, with keyset cursors', async (t) => {
  // Five users of a role nobody else in this file has, so the listing is exactly these.
  const created: string[] = []
  for (let i = 0; i < 5; i++) {
    const res = await asAdmin.post('/users', newUser({ role: 'INTERVIEWER', name: `Paged ${i}` }))
    created.push(res.json().id)
  }
  const all = (await asAdmin.get('/users?role=INTERVIEWER&limit=200')).json() as PageJson
  t.equal(all.items.length, 5)
  t.equal(all.nextCursor, null, 'one page holds them all at limit 200')
  t.same(all.items.map((u) => u.id), [...created].sort().reverse(), 'newest first (by time-ordered id)')

  const seen: string[] = []
  const pageSizes: number[] = []
  let cursor: string | null = null
  do {
    const page = (await asAdmin.get(`/users?role=INTERVIEWER&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as PageJson
    pageSizes.push(page.items.length)
    seen.push(...page.items.map((u) => u.id))
    cursor = page.nextCursor
  } while (cursor && pageSizes.length < 10)
  t.same(pageSizes, [2, 2, 1], 'pages of 2, 2 and 1')
  t.same(seen, all.items.map((u) => u.id), 'every user once, in the same order as one big page')
  t.equal(cursor, null, 'the last page has no nextCursor')

  const exact = (await asAdmin.get('/users?role=INTERVIEWER&limit=5')).json() as PageJson
  t.equal(exact.items.length, 5)
  t.equal(exact.nextCursor, null, 'a page that ends exactly at the last user has no nextCursor either')
})

t.test('a user created between two page reads neither shifts nor repeats the pages already seen', async (t) => {
  for (let i = 0; i < 3; i++) await asAdmin.post('/users', newUser({ role: 'HIRING_MANAGER', name: `Shift ${i}` }))
  const first = (await asAdmin.get('/users?role=HIRING_MANAGER&limit=2')).json() as PageJson
  await asAdmin.post('/users', newUser({ role: 'HIRING_MANAGER', name: 'Arrived late' }))
  const rest = (await asAdmin.get(`/users?role=HIRING_MANAGER&limit=200&cursor=${first.nextCursor}`)).json() as PageJson
  const firstIds = new Set(first.items.map((u) => u.id))
  t.notOk(rest.items.some((u) => firstIds.has(u.id)), 'no user from the first page comes again')
  t.notOk(rest.items.some((u) => u.name === 'Arrived late'), 'the newcomer sorts before the cursor, so it is not slipped into later pages')
})

t.test('the list filters by active', async (t) => {
  const res = await asAdmin.post('/users', newUser({ role: 'INTERVIEWER', name: 'To deactivate' }))
  await asAdmin.patch(`/users/${res.json().id}`, { active: false })
  const inactive = (await asAdmin.get('/users?active=false')).json() as PageJson
  t.ok(inactive.items.some((u) => u.id === res.json().id))
  t.ok(inactive.items.every((u) => !u.active))
  const active = (await asAdmin.get('/users?active=true&limit=200')).json() as PageJson
  t.notOk(active.items.some((u) => u.id === res.json().id))
})

t.test('a cursor the API did not issue is rejected with 400, not silently read as "first page"', async (t) => {
  // Answering the first page would make a client with a corrupted cursor see
  // users twice without noticing; a 400 tells it to start over.
  const garbage = problem(t, await asAdmin.get('/users?cursor=garbage'), 400, 'validation-error')
  t.match(garbage.errors, [{ pointer: '/querystring/cursor' }], 'the pointer names the cursor')
  const notAnId = Buffer.from(JSON.stringify('not-a-uuid')).toString('base64url')
  problem(t, await asAdmin.get(`/users?cursor=${notAnId}`), 400, 'validation-error')
  problem(t, await asAdmin.get('/users?cursor=a+b'), 400, 'validation-error')
})

t.test('a cursor that looks like an id but is not a UUID is a 400, never a 500', async (t) => {
  const dashes = Buffer.from(JSON.stringify('-'.repeat(36))).toString('base64url')
  const res = await asAdmin.get(`/users?cursor=${dashes}`)
  t.not(res.statusCode, 500, `no server error (${res.statusCode})`)
  problem(t, res, 400, 'validation-error')
})

t.test('reading an unknown id is 404; a malformed id is 400', async (t) => {
  problem(t, await asAdmin.get('/users/01900000-0000-7000-8000-000000000000'), 404, 'not-found')
  problem(t, await asAdmin.patch('/users/01900000-0000-7000-8000-000000000000', { name: 'Nobody' }), 404, 'not-found')
  problem(t, await asAdmin.get('/users/12345'), 400, 'validation-error')
})

t.test('a patch changes only what it names; an empty patch or an unknown field is 400', async (t) => {
  const created = (await asAdmin.post('/users', newUser({ name: 'Before' }))).json() as UserJson
  const res = await asAdmin.patch(`/users/${created.id}`, { name: 'After' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { ...created, name: 'After' })
  problem(t, await asAdmin.patch(`/users/${created.id}`, {}), 400, 'validation-error')
  problem(t, await asAdmin.patch(`/users/${created.id}`, { email: 'new@example.test' }), 400, 'validation-error')
  problem(t, await asAdmin.patch(`/users/${created.id}`, { password: 'a new long password' }), 400, 'validation-error')
})

t.test('a JSON body is taken as typed, not coerced: null, 0 or a one-element array is not a boolean or a role', async (t) => {
  const user = await createUser(app, 'INTERVIEWER')
  for (const payload of [{ active: null }, { active: 0 }, { active: 'false' }, { role: ['ADMIN'] }, { name: 12345 }]) {
    problem(t, await asAdmin.patch(`/users/${user.id}`, payload), 400, 'validation-error')
  }
  const stored = await app.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { active: true, role: true, name: true } })
  t.same(stored, { active: true, role: 'INTERVIEWER', name: 'interviewer' }, 'the user is unchanged: not deactivated, not promoted')
  t.equal((await asAdmin.get('/users?active=false&limit=1')).statusCode, 200, 'while query strings are still coerced from text')
})

t.test('a role change applies to the user\'s very next request, with the token they already hold', async (t) => {
  const other = await createUser(app, 'ADMIN', 'second-admin')
  t.equal((await as(other).get('/users')).statusCode, 200, 'as an admin, they may list users')

  const demoted = await asAdmin.patch(`/users/${other.id}`, { role: 'RECRUITER' })
  t.equal(demoted.json().role, 'RECRUITER')
  problem(t, await as(other).get('/users'), 403, 'forbidden')
  const me = await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(other) })
  t.equal(me.json().role, 'RECRUITER', '/auth/me reports the new role')

  const promoted = await createUser(app, 'INTERVIEWER')
  problem(t, await as(promoted).get('/users'), 403, 'forbidden')
  await asAdmin.patch(`/users/${promoted.id}`, { role: 'ADMIN' })
  t.equal((await as(promoted).get('/users')).statusCode, 200, 'a promotion applies at once too')
})

t.test('deactivating a user through the API ends their sessions at once', async (t) => {
  const user = await createUser(app, 'HIRING_MANAGER')
  await asAdmin.patch(`/users/${user.id}`, { active: false })
  problem(t, await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(user) }), 401, 'unauthorized')
  t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: { email: user.email, password: TEST_PASSWORD } })).statusCode, 401)
  await asAdmin.patch(`/users/${user.id}`, { active: true })
  t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: { email: user.email, password: TEST_PASSWORD } })).statusCode, 200, 'reactivated, they can log in again')
})

t.test('reactivating a user does not bring back the sessions they had before deactivation', async (t) => {
  // Deactivation is how access is cut (leaving, a lost laptop): the tokens out
  // there then must stay dead, whatever happens to the account later.
  const user = await createUser(app, 'HIRING_MANAGER')
  await asAdmin.patch(`/users/${user.id}`, { active: false })
  await asAdmin.patch(`/users/${user.id}`, { active: true })
  problem(t, await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(user) }), 401, 'unauthorized')
  problem(t, await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: user.refreshToken } }), 401, 'invalid-refresh-token')
})
