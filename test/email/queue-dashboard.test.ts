// The queue dashboard at /admin/queues: admins only, by bearer token or, from a
// browser, HTTP Basic with an admin's e-mail and password.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, TEST_PASSWORD } from '../helpers/users.ts'

const { app } = await buildTestApp(t, { LOGIN_RATE_LIMIT_MAX: '5' })
const admin = await createUser(app, 'ADMIN')
const recruiter = await createUser(app, 'RECRUITER')
const basic = (email: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}` })

t.test('the dashboard needs an admin', async (t) => {
  const anonymous = await app.inject({ method: 'GET', url: '/admin/queues' })
  t.equal(anonymous.statusCode, 401)
  t.equal(anonymous.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(anonymous.headers['www-authenticate'], 'Basic realm="Shortlist queues", charset="UTF-8"', 'a browser is asked for credentials')
  t.equal((await app.inject({ method: 'GET', url: '/admin/queues', headers: bearer(recruiter) })).statusCode, 403, 'a recruiter is refused')
  t.equal((await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: bearer(recruiter) })).statusCode, 403, 'its API too')
  t.equal((await app.inject({ method: 'GET', url: '/admin/queues', headers: basic(recruiter.email, TEST_PASSWORD) })).statusCode, 403, 'by password too')

  const page = await app.inject({ method: 'GET', url: '/admin/queues', headers: bearer(admin) })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  t.match(page.body, /Shortlist queues/)
  const api = await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: basic(admin.email, TEST_PASSWORD) })
  t.equal(api.statusCode, 200, 'an admin by password (a browser)')
  t.same(api.json().queues.map((q: { name: string }) => q.name).sort(), ['email', 'interview-reminders', 'maintenance'])
  t.match(api.json().queues.find((q: { name: string }) => q.name === 'interview-reminders'), { readOnlyMode: true }, 'reminders are read there, moved through the interviews API')
  t.match(api.json().queues.find((q: { name: string }) => q.name === 'email'), { readOnlyMode: true }, 'the e-mail queue is read-only: retries go through the ledger')
})

t.test('wrong passwords on the dashboard are rate-limited like logins', async (t) => {
  const codes = []
  for (let i = 0; i < 7; i++) codes.push((await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: basic(admin.email, `wrong-${i}`) })).statusCode)
  // Five password checks a minute per address (LOGIN_RATE_LIMIT_MAX here); two were made above.
  t.same(codes, [401, 401, 401, 429, 429, 429, 429], 'wrong passwords answer 401 until the limit, then 429')
  t.equal((await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: bearer(admin) })).statusCode, 200, 'a signed-in admin is not locked out')
})
