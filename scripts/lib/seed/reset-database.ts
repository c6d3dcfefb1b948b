import type { Db } from '../../../src/db/client.ts'

/**
 * Empties every table of the current schema except the migrations ledger, in
 * one TRUNCATE (so foreign keys between them are no obstacle). Listed from the
 * catalogue rather than hard-coded, so tables added later are emptied too.
 */
export async function truncateAllTables(db: Pick<Db, '$queryRaw' | '$executeRawUnsafe'>): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ name: string }>>`
    SELECT tablename AS name FROM pg_tables
     WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'
     ORDER BY tablename`
  const tables = rows.map((r) => r.name)
  if (tables.length) await db.$executeRawUnsafe(`TRUNCATE TABLE ${tables.map((t) => `"${t.replaceAll('"', '""')}"`).join(', ')} RESTART IDENTITY CASCADE`)
  return tables
}
