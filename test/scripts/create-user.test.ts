// `npm run user:create` makes the first admin: the password comes from
// SHORTLIST_PASSWORD (or a terminal prompt), input is validated like POST /users.
import t from 'tap'
import { createPrismaClient } from '../../src/db/client.ts'
import { verifyPassword } from '../../src/auth/passwords.ts'
import { parseNewUserArguments, UsageError, validateNewUser } from '../../scripts/lib/new-user-input.ts'
import { testConfig } from '../helpers/config.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { runScript } from './run-script.ts'

const database = await createTestDatabase()
const db = createPrismaClient(testConfig(database.url))
t.teardown(async () => {
  await db.$disconnect()
  await database.drop()
})

const password = 'a long enough password'
const createUser = (args: string[], env: Record<string, string | undefined> = { SHORTLIST_PASSWORD: password }) =>
  runScript('scripts/create-user.ts', args, { DATABASE_URL: database.url, ...env })

t.test('creates a user with the password from SHORTLIST_PASSWORD', async (t) => {
  const run = await createUser(['--email', 'Ada@Example.test', '--name', 'Ada Lovelace', '--role', 'admin', '--time-zone', 'Europe/London'])
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /created ADMIN Ada@Example\.test \(id [0-9a-f-]{36}\)/)
  const user = await db.user.findUniqueOrThrow({ where: { email: 'ada@example.test' } })
  t.match(user, { name: 'Ada Lovelace', role: 'ADMIN', timeZone: 'Europe/London', active: true })
  t.ok(await verifyPassword(user.passwordHash, password), 'stored as an argon2 hash of the given password')
})

t.test('an e-mail already taken (in any case) is a conflict: exit 73, nothing changed', async (t) => {
  const run = await createUser(['--email', 'ADA@example.test', '--name', 'Someone Else', '--role', 'RECRUITER'])
  t.equal(run.code, 73)
  t.match(run.stderr, /already exists: nothing changed/)
  t.equal(await db.user.count(), 1)
})

t.test('bad input is a usage error (exit 64) naming every problem', async (t) => {
  const bad = await createUser(['--email', 'not-an-address', '--name', '', '--role', 'BOSS'], { SHORTLIST_PASSWORD: 'short' })
  t.equal(bad.code, 64)
  t.match(bad.stderr, /email: must be an e-mail address[\s\S]*name: [\s\S]*role: must be one of ADMIN[\s\S]*password: must be 12/)
  t.notMatch(bad.stderr, /short/, 'the password itself is never echoed')
  t.equal(await db.user.count(), 1, 'nothing was created')
})

t.test('arguments: all three required, role case-insensitive, time zone a real IANA zone', async (t) => {
  t.throws(() => parseNewUserArguments(['--email', 'x@example.test']), new UsageError('missing --name, --role'))
  t.throws(() => parseNewUserArguments(['--email', 'x@example.test', '--name', 'X', '--role', 'ADMIN', '--password', 'nope']), UsageError, 'no password option')
  t.same(parseNewUserArguments(['--email', ' x@example.test ', '--name', 'X', '--role', 'recruiter']), { email: 'x@example.test', name: 'X', role: 'RECRUITER' })
  const valid = { email: 'x@example.test', name: 'X', role: 'INTERVIEWER' as const, password }
  t.same(validateNewUser({ ...valid, timeZone: 'America/Sao_Paulo' }), { ...valid, timeZone: 'America/Sao_Paulo' })
  t.throws(() => validateNewUser({ ...valid, timeZone: 'Mars/Olympus' }), /unknown IANA time zone/)
  t.throws(() => validateNewUser({ ...valid, password: 'x'.repeat(1025) }), /password: must be 12 to 1024 characters/)
})

t.test('without SHORTLIST_PASSWORD and without a terminal it refuses instead of hanging', async (t) => {
  const run = await createUser(['--email', 'b@example.test', '--name', 'B', '--role', 'RECRUITER'], { SHORTLIST_PASSWORD: undefined })
  t.equal(run.code, 64)
  t.match(run.stderr, /set SHORTLIST_PASSWORD, or run in a terminal/)
})

t.test('without DATABASE_URL it stops with exit 78', async (t) => {
  const run = await createUser(['--email', 'c@example.test', '--name', 'C', '--role', 'RECRUITER'], { SHORTLIST_PASSWORD: password, DATABASE_URL: undefined })
  t.equal(run.code, 78)
})
