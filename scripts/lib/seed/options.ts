import { parseArgs } from 'node:util'

export interface SeedOptions {
  /** Delete everything first. Only honoured together with `confirmedDeleteEverything`. */
  reset: boolean
  confirmedDeleteEverything: boolean
  /** How many demo candidates; the demo funnel is shaped for this many. */
  candidates: number
}

export class SeedUsageError extends Error {
  override name = 'SeedUsageError'
}

export const seedUsage = `Usage: npm run seed [-- --reset --yes-delete-everything]
Loads demo data (staff, scorecard templates, two jobs, candidates) into DATABASE_URL.
Does nothing if the demo admin exists, and refuses to add demo data next to other data.
--reset deletes every row in every table first; it refuses without --yes-delete-everything.`

/** Every command-line option of the seed, parsed in one place. */
export function parseSeedOptions(argv: string[]): SeedOptions {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { reset: { type: 'boolean', default: false }, 'yes-delete-everything': { type: 'boolean', default: false } },
      strict: true,
    })
    return { reset: values.reset, confirmedDeleteEverything: values['yes-delete-everything'], candidates: 30 }
  } catch (error) {
    throw new SeedUsageError((error as Error).message)
  }
}
