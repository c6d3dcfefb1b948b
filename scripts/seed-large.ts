// tsx scripts/seed-large.ts [--candidates N] [--applications M] [--jobs J] [--seed S] [--yes-delete-everything]
// Loads a large, realistic data set into DATABASE_URL (default 200,000 candidates
// and 1,000,000 applications) with COPY, for benchmarks and performance work.
// Exit codes: 0 seeded · 1 unexpected failure · 3 refused (data present without
// --yes-delete-everything, or NODE_ENV=production) · 64 bad arguments (or more applications
// than the candidates and open jobs can hold) · 78 no DATABASE_URL.
import { pathToFileURL } from 'node:url'
import { LargeSeedUsageError, largeSeedUsage, parseLargeSeedOptions } from './seed-large/options.ts'
import { LargeSeedRefused, seedLarge } from './seed-large/seed.ts'

export { seedLarge, LargeSeedRefused, type LargeSeedOptions, type LargeSeedResult } from './seed-large/seed.ts'

const EXIT = { refused: 3, usage: 64, config: 78 } as const

/** The large seed's command line; `npm run seed -- --candidates N …` lands here too. */
export async function seedLargeCommand(argv: string[]): Promise<number> {
  let options
  try {
    options = parseLargeSeedOptions(argv)
  } catch (error) {
    if (!(error instanceof LargeSeedUsageError)) throw error
    process.stderr.write(`${error.message}\n\n${largeSeedUsage}\n`)
    return EXIT.usage
  }
  const databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    process.stderr.write('DATABASE_URL is required: a postgresql:// URL (see .env.example)\n')
    return EXIT.config
  }
  // The seeded accounts share the demo's published password.
  if (process.env.NODE_ENV === 'production') {
    process.stderr.write('Refusing to seed with NODE_ENV=production: the seeded accounts have a published password.\n')
    return EXIT.refused
  }
  const say = (line: string) => process.stdout.write(`${line}\n`)
  say(`Seeding ${options.candidates.toLocaleString('en')} candidates, ${options.applications.toLocaleString('en')} applications, ${options.jobs} jobs (seed ${options.seed})`)
  try {
    const result = await seedLarge(databaseUrl, options, say, { deleteEverything: options.deleteEverything, seed: options.seed })
    say(`\nLog in as ${result.logins.recruiter} (recruiter) or ${result.logins.admin} (admin), password: ${result.logins.password}`)
    return 0
  } catch (error) {
    if (error instanceof RangeError) {
      process.stderr.write(`${error.message}\n\n${largeSeedUsage}\n`)
      return EXIT.usage
    }
    if (!(error instanceof LargeSeedRefused)) throw error
    process.stderr.write(`Refusing: ${error.message}\n`)
    return EXIT.refused
  }
}

// Run only as a script: `npm run seed` imports seedLarge from here.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await seedLargeCommand(process.argv.slice(2))
}
