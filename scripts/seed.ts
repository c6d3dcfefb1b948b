// npm run seed [-- --reset --yes-delete-everything]
// npm run seed -- --candidates 200000 --applications 1000000   (the large set: scripts/seed-large.ts)
// Loads demo data into DATABASE_URL: staff, the default scorecard templates, two
// jobs with their hiring teams, and candidates spread across the stages.
// Exit codes: 0 seeded or already seeded · 1 unexpected failure · 3 refused
// (other data present, production, or --reset unconfirmed) · 64 bad arguments · 78 no DATABASE_URL.
import { hashPassword } from '../src/auth/passwords.ts'
import { openScriptDatabase } from './lib/script-database.ts'
import { generateDemoData } from './lib/seed/demo-data.ts'
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from './lib/seed/demo-staff.ts'
import { parseSeedOptions, SeedUsageError, seedUsage, type SeedOptions } from './lib/seed/options.ts'
import { describeDatabase, loginHint, seededReport } from './lib/seed/report.ts'
import { truncateAllTables } from './lib/seed/reset-database.ts'
import { writeDemoData } from './lib/seed/write-demo-data.ts'

const EXIT = { refused: 3, usage: 64 } as const
const say = (text: string) => process.stdout.write(`${text}\n`)
const refuse = (text: string) => (process.stderr.write(`${text}\n`), EXIT.refused)

/** A size asked for means the large, generated data set rather than the demo. */
const wantsLargeSet = (argv: string[]) => argv.some((arg) => /^--(candidates|applications|jobs)(=|$)/.test(arg))

async function main(): Promise<number> {
  if (wantsLargeSet(process.argv.slice(2))) return (await import('./seed-large.ts')).seedLargeCommand(process.argv.slice(2))
  let options: SeedOptions
  try {
    options = parseSeedOptions(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof SeedUsageError)) throw error
    process.stderr.write(`${error.message}\n\n${seedUsage}\n`)
    return EXIT.usage
  }
  if (options.reset && !options.confirmedDeleteEverything) {
    return refuse('Refusing to reset: --reset deletes every row in every table. Add --yes-delete-everything if that is what you want.')
  }
  if (process.env.NODE_ENV === 'production') return refuse('Refusing to seed with NODE_ENV=production: the demo accounts have a published password.')

  const db = openScriptDatabase(process.env, 'shortlist-seed')
  const database = describeDatabase(process.env.DATABASE_URL!)
  try {
    const data = generateDemoData(options, await hashPassword(DEMO_PASSWORD))
    // One transaction: a reset and the seed land together or not at all. The
    // advisory lock makes a second seed running at the same time wait, then see ours.
    const outcome = await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('shortlist-seed'))`
        if (options.reset) say(`Deleted every row from ${(await truncateAllTables(tx)).length} tables in ${database}.`)
        if (await tx.user.findUnique({ where: { email: DEMO_ADMIN_EMAIL }, select: { id: true } })) return { kind: 'already-seeded' as const }
        const [users, jobs, candidates] = await Promise.all([tx.user.count(), tx.job.count(), tx.candidate.count()])
        if (users + jobs + candidates > 0) return { kind: 'has-data' as const, users, jobs, candidates }
        return { kind: 'seeded' as const, written: await writeDemoData(tx, data) }
      },
      { maxWait: 10_000, timeout: 300_000 },
    )
    if (outcome.kind === 'already-seeded') {
      say(`The demo data is already in ${database} (${DEMO_ADMIN_EMAIL} exists): nothing to do.\n\n${loginHint()}`)
      return 0
    }
    if (outcome.kind === 'has-data') {
      return refuse(
        `Refusing to add demo data next to other data in ${database} (${outcome.users} users, ${outcome.jobs} jobs, ${outcome.candidates} candidates).\n` +
          'To replace everything with the demo data: npm run seed -- --reset --yes-delete-everything',
      )
    }
    say(seededReport(outcome.written, database))
    return 0
  } finally {
    await db.$disconnect()
  }
}

process.exitCode = await main()
