// The seed never writes demo accounts (with their published password) next to
// other data or in production, and its options are parsed in one place.
import t from 'tap'
import { createPrismaClient } from '../../src/db/client.ts'
import { parseSeedOptions, SeedUsageError } from '../../scripts/lib/seed/options.ts'
import { testConfig } from '../helpers/config.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { runScript } from './run-script.ts'

const seed = (url: string, env: Record<string, string> = {}) => runScript('scripts/seed.ts', [], { DATABASE_URL: url, NODE_ENV: 'development', ...env })

t.test('refuses to add demo data next to other data, or in production', async (t) => {
  const other = await createTestDatabase()
  t.teardown(() => other.drop())
  const otherDb = createPrismaClient(testConfig(other.url))
  t.teardown(() => otherDb.$disconnect())
  await otherDb.user.create({ data: { email: 'real.admin@example.test', name: 'Real', role: 'ADMIN', passwordHash: 'x' } })

  const nextToData = await seed(other.url)
  t.equal(nextToData.code, 3)
  t.match(nextToData.stderr, /Refusing to add demo data next to other data .*1 users/)
  t.equal(await otherDb.user.count(), 1, 'nothing was written')
  const production = await seed(other.url, { NODE_ENV: 'production' })
  t.equal(production.code, 3)
  t.match(production.stderr, /NODE_ENV=production/)
  t.equal(await otherDb.candidate.count(), 0)
})

t.test('options are parsed in one place; unknown ones are usage errors, not ignored', async (t) => {
  t.same(parseSeedOptions([]), { reset: false, confirmedDeleteEverything: false, candidates: 30 })
  t.same(parseSeedOptions(['--reset', '--yes-delete-everything']), { reset: true, confirmedDeleteEverything: true, candidates: 30 })
  t.throws(() => parseSeedOptions(['--candidates', '200000']), SeedUsageError, 'large mode is not implemented yet')
})
