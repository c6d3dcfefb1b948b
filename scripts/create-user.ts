// npm run user:create -- --email ada@example.com --name "Ada Lovelace" --role ADMIN
// Creates a staff account, typically the first admin of a new installation.
// Exit codes: 0 created · 1 unexpected failure · 64 bad arguments or password ·
// 73 a user with this e-mail exists · 78 DATABASE_URL missing.
import { Errors } from '../src/errors.ts'
import { createUsersService } from '../src/services/users.ts'
import { parseNewUserArguments, usage, UsageError, validateNewUser } from './lib/new-user-input.ts'
import { promptPassword } from './lib/prompt-password.ts'
import { openScriptDatabase } from './lib/script-database.ts'

const EXIT = { usage: 64, conflict: 73 } as const

/** From SHORTLIST_PASSWORD (automation), else typed twice at a terminal; never from the command line. */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.SHORTLIST_PASSWORD
  if (fromEnv !== undefined) return fromEnv
  if (!process.stdin.isTTY) throw new UsageError('no password: set SHORTLIST_PASSWORD, or run in a terminal to be asked for one')
  const password = await promptPassword('Password (at least 12 characters): ')
  if ((await promptPassword('Repeat password: ')) !== password) throw new UsageError('the passwords do not match')
  return password
}

async function main(): Promise<number> {
  let input
  try {
    input = validateNewUser({ ...parseNewUserArguments(process.argv.slice(2)), password: await readPassword() })
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`${error.message}\n\n${usage}\n`)
    return EXIT.usage
  }
  const db = openScriptDatabase(process.env, 'shortlist-create-user')
  try {
    const user = await createUsersService(db).createUser(input)
    process.stdout.write(`created ${user.role} ${user.email} (id ${user.id})\n`)
    return 0
  } catch (error) {
    // The service checks first; the unique index (P2002) catches a concurrent twin.
    if (error instanceof Errors.Conflict || (error as { code?: string }).code === 'P2002') {
      process.stderr.write(`a user with the e-mail ${input.email} already exists: nothing changed\n`)
      return EXIT.conflict
    }
    throw error
  } finally {
    await db.$disconnect()
  }
}

process.exitCode = await main()
