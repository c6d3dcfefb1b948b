// The API as a small process of its own, for import-memory.test.ts: it serves
// a test database on a free port and prints the port and a recruiter's token.
// Its memory is then measured from outside, by the kernel's own accounting.
import { buildApp } from '../../src/app.ts'
import { deleteRedisKeys } from '../helpers/app.ts'
import { testConfig } from '../helpers/config.ts'
import { createUser } from '../helpers/users.ts'

const databaseUrl = process.env.IMPORT_TEST_DATABASE_URL
if (!databaseUrl) throw new Error('IMPORT_TEST_DATABASE_URL is required')
const config = testConfig(databaseUrl, { DATABASE_POOL_MAX: '3' })
const app = await buildApp(config, { fastify: { logger: false } })
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
const recruiter = await createUser(app, 'RECRUITER')
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, token: recruiter.token })}\n`)
process.on('SIGTERM', async () => {
  await app.close()
  await deleteRedisKeys(config)
  process.exit(0)
})
