// npm run db:migrate — applies pending migrations to DATABASE_URL.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrate, MigrationError } from '../src/db/migrations.ts'

const databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) {
  process.stderr.write('DATABASE_URL is required\n')
  process.exit(78)
}
const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'prisma', 'migrations')
try {
  const result = await migrate(databaseUrl, migrationsDir, (line) => process.stdout.write(`${line}\n`))
  process.stdout.write(
    result.applied.length
      ? `applied ${result.applied.length} migration(s); ${result.alreadyApplied} already applied\n`
      : `database is up to date (${result.alreadyApplied} migration(s) applied)\n`,
  )
} catch (error) {
  process.stderr.write(`${error instanceof MigrationError ? error.message : (error as Error).stack}\n`)
  process.exit(1)
}
