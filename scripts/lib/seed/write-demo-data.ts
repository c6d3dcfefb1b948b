import type { Prisma } from '../../../src/generated/prisma/client.ts'
import type { DemoData } from './demo-data.ts'

type Tx = Prisma.TransactionClient

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for the widest table. */
const CHUNK = 1000

/** Inserts the demo data with createMany, parents before children, in chunks; returns rows written per table. */
export async function writeDemoData(tx: Tx, data: DemoData): Promise<Record<keyof DemoData, number>> {
  const written = {} as Record<keyof DemoData, number>
  const write = async <T>(table: keyof DemoData, rows: T[], createMany: (args: { data: T[] }) => Promise<{ count: number }>) => {
    written[table] = 0
    for (let i = 0; i < rows.length; i += CHUNK) written[table] += (await createMany({ data: rows.slice(i, i + CHUNK) })).count
  }
  await write('users', data.users, (args) => tx.user.createMany(args))
  await write('templates', data.templates, (args) => tx.scorecardTemplate.createMany(args))
  await write('attributes', data.attributes, (args) => tx.scorecardAttribute.createMany(args))
  await write('jobs', data.jobs, (args) => tx.job.createMany(args))
  await write('stages', data.stages, (args) => tx.stage.createMany(args))
  await write('team', data.team, (args) => tx.hiringTeamMember.createMany(args))
  await write('candidates', data.candidates, (args) => tx.candidate.createMany(args))
  await write('applications', data.applications, (args) => tx.application.createMany(args))
  await write('transitions', data.transitions, (args) => tx.stageTransition.createMany(args))
  return written
}
