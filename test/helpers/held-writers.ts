// Deterministic interleavings for race tests: a test-only trigger (the test
// database is the file's own) holds every writer of a table at a chosen point
// while the test runs the other side of the race, then lets them go.
import pg from 'pg'
import { eventually } from './waiting.ts'

export interface HeldWriters {
  /** Resolves once a writer of the table is held by the trigger. */
  reached(): Promise<unknown>
  /** Resolves once `work` has settled or some session waits for a row lock: the point past which a fix's lock shows. */
  settledOrWaitingOnRow(work: Promise<unknown>): Promise<unknown>
  /** Lets the held writers (and any later ones) through. */
  release(): Promise<unknown>
  /** Drops the trigger and closes the connection; for t.teardown. */
  remove(): Promise<void>
}

/**
 * A BEFORE `event` row trigger on `table` that waits for an advisory lock this
 * helper's own connection holds until release(). One at a time per database.
 */
export async function holdWriters(databaseUrl: string, table: string, event: 'INSERT' | 'UPDATE' | 'DELETE'): Promise<HeldWriters> {
  const key = 7_301
  const holder = new pg.Client({ connectionString: databaseUrl })
  await holder.connect()
  await holder.query(`CREATE FUNCTION test_hold_writers() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_advisory_xact_lock_shared(${key}); RETURN coalesce(NEW, OLD); END $$`)
  await holder.query(`CREATE TRIGGER test_hold_writers BEFORE ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION test_hold_writers()`)
  await holder.query('SELECT pg_advisory_lock($1)', [key])

  const someoneWaitsOn = async (events: string[]) => {
    const { rows } = await holder.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND wait_event = ANY($1)`,
      [events],
    )
    return rows[0]!.n > 0
  }
  return {
    reached: () => eventually(`a writer of ${table} held by the trigger`, async () => ((await someoneWaitsOn(['advisory'])) ? true : undefined)),
    settledOrWaitingOnRow: (work) => {
      let settled = false
      work.then(() => { settled = true }, () => { settled = true })
      return eventually('the work to finish or to wait for a row lock', async () => (settled || (await someoneWaitsOn(['transactionid', 'tuple'])) ? true : undefined))
    },
    release: () => holder.query('SELECT pg_advisory_unlock($1)', [key]),
    remove: async () => {
      await holder.query(`DROP TRIGGER test_hold_writers ON ${table}`)
      await holder.query('DROP FUNCTION test_hold_writers()')
      await holder.end()
    },
  }
}
