import { parseArgs } from 'node:util'
import { Value } from 'typebox/value'
import type { Role } from '../../src/generated/prisma/enums.ts'
import { CreateUserBody } from '../../src/schemas/users.ts'
import type { NewUser } from '../../src/services/users.ts'

export type NewUserInput = NewUser

export class UsageError extends Error {
  override name = 'UsageError'
}

export const usage = `Usage: npm run user:create -- --email <e-mail> --name <name> --role <ADMIN|RECRUITER|HIRING_MANAGER|INTERVIEWER> [--time-zone <IANA zone>]
The password is read from SHORTLIST_PASSWORD, or asked for when run in a terminal (at least 12 characters).`

/** The command line, without the password (which never goes on a command line: it would land in shell history and `ps`). */
export function parseNewUserArguments(argv: string[]): Omit<NewUserInput, 'password'> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, 'time-zone': { type: 'string' } },
      strict: true,
    }))
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const missing = (['email', 'name', 'role'] as const).filter((k) => values[k] === undefined)
  if (missing.length) throw new UsageError(`missing ${missing.map((k) => `--${k}`).join(', ')}`)
  const input = { email: values.email!.trim(), name: values.name!.trim(), role: values.role!.toUpperCase() as Role }
  return values['time-zone'] ? { ...input, timeZone: values['time-zone'] } : input
}

/** Validates with the very schema POST /users uses, so the script and the API accept the same users. */
export function validateNewUser(input: NewUserInput): NewUserInput {
  const problems = new Map<string, string>()
  for (const error of Value.Errors(CreateUserBody, input)) {
    const field = error.instancePath.replace(/^\//, '')
    if (problems.has(field)) continue
    problems.set(field, describe(field, error.message))
  }
  if (problems.size) throw new UsageError([...problems.values()].join('\n'))
  if (input.timeZone && !isTimeZone(input.timeZone)) throw new UsageError(`time zone: unknown IANA time zone "${input.timeZone}"`)
  return input
}

function describe(field: string, message: string): string {
  if (field === 'role') return 'role: must be one of ADMIN, RECRUITER, HIRING_MANAGER, INTERVIEWER'
  if (field === 'password') return 'password: must be 12 to 1024 characters'
  if (field === 'email') return 'email: must be an e-mail address'
  if (field === 'name') return 'name: must be 1 to 200 characters'
  return `${field === 'timeZone' ? 'time zone' : field}: ${message}`
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}
