// Access tokens as the API verifies them: only HS256 under our secret, unexpired,
// naming a user and a session; anything else is 401 before any route runs.
import t, { type Test } from 'tap'
import { createSigner } from 'fast-jwt'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'

const { app, config } = await buildTestApp(t)
const user = await createUser(app, 'RECRUITER')
const claims = app.jwt.decode<{ sub: string; sid: string }>(user.token)!

const me = (token: string) => app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${token}` } })
function sign(payload: object, { key = config.JWT_SECRET, algorithm = 'HS256' }: { key?: string; algorithm?: 'HS256' | 'HS512' | 'none' } = {}) {
  return (algorithm === 'none' ? createSigner({ algorithm }) : createSigner({ key, algorithm }))(payload)
}

async function refused(t: Test, token: string, detail: RegExp) {
  const res = await me(token)
  t.equal(res.statusCode, 401)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(res.json().detail, detail)
}

t.test('a token signed here for a live session is accepted', async (t) => {
  t.equal((await me(sign({ sub: claims.sub, sid: claims.sid }))).statusCode, 200)
})

t.test('a token signed with another secret is refused', async (t) => {
  await refused(t, sign({ sub: claims.sub, sid: claims.sid }, { key: 'x'.repeat(64) }), /invalid or expired/)
})

t.test('an expired token is refused', async (t) => {
  const anHourAgo = Math.floor(Date.now() / 1000) - 3600
  await refused(t, sign({ sub: claims.sub, sid: claims.sid, iat: anHourAgo - 60, exp: anHourAgo }), /invalid or expired/)
})

t.test('a token under another algorithm is refused, even with our secret', async (t) => {
  await refused(t, sign({ sub: claims.sub, sid: claims.sid }, { algorithm: 'HS512' }), /invalid or expired/)
  await refused(t, sign({ sub: claims.sub, sid: claims.sid }, { algorithm: 'none' }), /invalid or expired/)
})

t.test('a token whose signature was kept but whose claims were changed is refused', async (t) => {
  const [header, , signature] = user.token.split('.')
  const forged = Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url')
  await refused(t, `${header}.${forged}.${signature}`, /invalid or expired/)
})

t.test('a genuine token without a session id is refused as malformed', async (t) => {
  await refused(t, sign({ sub: claims.sub }), /malformed/)
})

t.test('a genuine token for a session that does not exist is refused', async (t) => {
  await refused(t, sign({ sub: claims.sub, sid: '00000000-0000-4000-8000-000000000000' }), /session has ended/)
})
