import { parseArgs } from 'node:util'

export interface LargeSeedSize {
  candidates: number
  applications: number
  /** Jobs to spread them over; by default one per thousand candidates, at least 10. */
  jobs?: number
}

export interface LargeSeedCliOptions extends Required<LargeSeedSize> {
  /** The generator's seed: the same seed and size give the same data. */
  seed: number
  /** Empty every table first (required when the database holds any data). */
  deleteEverything: boolean
}

export class LargeSeedUsageError extends Error {
  override name = 'LargeSeedUsageError'
}

export const DEFAULT_SIZE = { candidates: 200_000, applications: 1_000_000 } as const
export const DEFAULT_SEED = 20261121

export const largeSeedUsage = `Usage: tsx scripts/seed-large.ts [--candidates N] [--applications M] [--jobs J] [--seed S] [--yes-delete-everything]
Loads a large, realistic data set into DATABASE_URL with COPY (default ${DEFAULT_SIZE.candidates} candidates,
${DEFAULT_SIZE.applications} applications, one job per thousand candidates). Refuses to run unless the
database is empty; --yes-delete-everything empties every table first.`

export const defaultJobs = (candidates: number) => Math.max(10, Math.round(candidates / 1000))

const positive = (name: string, text: string | undefined, fallback: number, min = 1): number => {
  if (text === undefined) return fallback
  const value = Number(text.replaceAll('_', ''))
  if (!Number.isSafeInteger(value) || value < min) throw new LargeSeedUsageError(`--${name} must be a whole number of at least ${min} (got ${JSON.stringify(text)})`)
  return value
}

/** Every command-line option, parsed and checked in one place. */
export function parseLargeSeedOptions(argv: string[]): LargeSeedCliOptions {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: argv,
      options: {
        candidates: { type: 'string' }, applications: { type: 'string' }, jobs: { type: 'string' }, seed: { type: 'string' },
        'yes-delete-everything': { type: 'boolean', default: false },
      },
      strict: true,
    }).values
  } catch (error) {
    throw new LargeSeedUsageError((error as Error).message)
  }
  const str = (name: string) => values[name] as string | undefined
  const candidates = positive('candidates', str('candidates'), DEFAULT_SIZE.candidates)
  return {
    candidates,
    applications: positive('applications', str('applications'), DEFAULT_SIZE.applications, 0),
    jobs: positive('jobs', str('jobs'), defaultJobs(candidates)),
    seed: positive('seed', str('seed'), DEFAULT_SEED, 0),
    deleteEverything: values['yes-delete-everything'] === true,
  }
}
