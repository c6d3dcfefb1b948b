import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { captureStatements, type CapturedStatement } from './capture-sql.ts'
import type { MoveTarget } from './load-worker.ts'
import type { PairContext } from './pairs/context.ts'

// The database's share of a stage move, measured without the API: the
// statements one real move sent (captured as the API sent them, so they cannot
// drift from it) replayed by pgbench's own C client on prepared statements,
// each transaction on another application, next to pgbench -N. Whatever this
// reaches against pgbench is the most any server could reach making the same
// move, before a byte of HTTP, JSON or authentication code runs.

/** pgbench scripts: `move` is the whole move (session check, context read, write), `write` the write statement alone. */
export interface MoveSqlScripts {
  move: string
  write: string
  /** Applications the scripts move (none of the API side's, so neither side meets the other's versions). */
  applications: number
  remove: () => Promise<void>
}

const TABLE = 'bench_move_sql_targets'
const NEW_ID = 'bench_move_sql_uuid7'

/**
 * Captures one move through the API (sending `probe` back a stage, as the load
 * does), turns its statements into pgbench scripts, and lays out the
 * applications they move: `others`, which can go back and forth the same way,
 * shared out among pgbench's `clients`.
 */
export async function prepareMoveSql(
  ctx: Pick<PairContext, 'api' | 'authorization' | 'principal' | 'db'>, probe: MoveTarget, others: MoveTarget[], clients: number,
): Promise<MoveSqlScripts> {
  // Each client moves its own applications, as the API load never has two moves on one row in flight:
  // a client that read a version another then changed would write nothing and still count.
  const perClient = Math.floor(others.length / clients)
  if (perClient < 1) throw new Error(`${others.length} applications cannot give each of ${clients} pgbench clients its own`)
  const { rows: [before] } = await ctx.db.query<{ stage_id: string; job_id: string }>('SELECT stage_id, job_id FROM applications WHERE id = $1', [probe.id])
  const { result, statements } = await captureStatements(() => ctx.api.app.inject({
    method: 'POST', url: `/applications/${probe.id}/moves`,
    headers: { authorization: ctx.authorization, 'if-match': `"${probe.version}"`, 'content-type': 'application/json' },
    payload: { action: 'move', toStageId: probe.backStageId, reason: 'Benchmark: sent back for another look' },
  }))
  if (result.statusCode !== 200 || !before) throw new Error(`the probe move answered ${result.statusCode}: ${result.body}`)
  // The load side carries on from where the probe now is.
  probe.version += 1
  probe.home = false
  const [session, context, write] = statements as [CapturedStatement, CapturedStatement, CapturedStatement]
  if (statements.length !== 3) throw new Error(`expected a move to be 3 statements, captured ${statements.length}`)

  const known = { application: probe.id, version: probe.version - 1, from: before.stage_id, to: probe.backStageId, job: before.job_id, actor: ctx.principal.userId }
  const moveWrite = sqlOf(write, (value, cast) => writeValue(value, cast, known))
  const lookup = `\\set n 1 + :client_id + ${clients} * random(0, ${perClient - 1})\nSELECT application_id AS t_app, home_stage_id AS t_home, back_stage_id AS t_back, job_id AS t_job FROM ${TABLE} WHERE n = :n \\gset\n`
  const move = lookup
    + `${sqlOf(session, (value) => literal(value))};\n`
    + `${sqlOf(context, (value) => (value === probe.id ? ':t_app' : literal(value)))}\n\\gset ctx_\n`
    + `${moveWrite};\n`
  // The write alone reads what the context read gave it (version, stage) from the row itself.
  const current = (column: string) => `(SELECT ${column} FROM applications WHERE id = :t_app::uuid)`
  const writeAlone = lookup + `${moveWrite.replaceAll(':ctx_version', current('version')).replaceAll(':ctx_stageId', current('stage_id'))};\n`

  await ctx.db.query(`DROP TABLE IF EXISTS ${TABLE}`)
  await ctx.db.query(`
    CREATE TABLE ${TABLE} AS
    SELECT t.n::int AS n, a.id AS application_id, a.stage_id AS home_stage_id, t.back_stage_id, a.job_id
      FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS t(id, back_stage_id, n) JOIN applications a ON a.id = t.id`,
  [others.map((o) => o.id), others.map((o) => o.backStageId)])
  await ctx.db.query(`ALTER TABLE ${TABLE} ADD PRIMARY KEY (n)`)
  // The API makes its ids with uuid v7 (time-ordered, so index inserts land at the right edge); so does this.
  await ctx.db.query(`
    CREATE OR REPLACE FUNCTION ${NEW_ID}() RETURNS uuid LANGUAGE sql VOLATILE AS $$
      SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
        PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
    $$`)
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shortlist-move-sql-'))
  const files = { move: path.join(dir, 'move.sql'), write: path.join(dir, 'write.sql') }
  await writeFile(files.move, move)
  await writeFile(files.write, writeAlone)
  return {
    ...files,
    applications: others.length,
    remove: async () => {
      await rm(dir, { recursive: true, force: true })
      await ctx.db.query(`DROP TABLE IF EXISTS ${TABLE}; DROP FUNCTION IF EXISTS ${NEW_ID}()`)
    },
  }
}

/**
 * A captured statement's text with each $n replaced by what `substitute` makes
 * of its value (told the cast that follows it, if any).
 */
function sqlOf(statement: CapturedStatement, substitute: (value: unknown, cast: string | undefined) => string): string {
  return statement.text.replace(/\$(\d+)(::("[^"]+"|\w+))?/g, (_, index: string, castText: string | undefined, cast: string | undefined) => {
    const replaced = substitute(statement.values[Number(index) - 1], cast)
    return castText ? `${replaced}${castText}` : replaced
  })
}

/**
 * What varies from one move to the next becomes pgbench's variables: the
 * application, the version and stage its context read found, the stage it goes
 * to (back, or home again), its job, and new ids and times. The rest (the
 * actor, the kind, the reason) stays as captured.
 */
function writeValue(value: unknown, cast: string | undefined, known: { application: string; version: number; from: string; to: string; job: string; actor: string }): string {
  if (value === known.application) return ':t_app'
  if (typeof value === 'number' && value === known.version) return ':ctx_version'
  if (value === known.from) return ':ctx_stageId'
  if (value === known.to) return '(CASE WHEN :ctx_stageId::uuid = :t_home::uuid THEN :t_back::uuid ELSE :t_home::uuid END)'
  if (value === known.job) return ':t_job'
  if (typeof value === 'string' && cast === 'uuid' && value !== known.actor) return `${NEW_ID}()`
  if (typeof value === 'string' && cast === 'timestamptz') return 'now()'
  return literal(value)
}

/**
 * A value as an SQL literal. pgbench reads `:word` anywhere in a script as a
 * variable, quotes or not, so JSON goes with a space after each colon.
 */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  let text = String(value)
  if (/^[[{]/.test(text)) text = JSON.stringify(JSON.parse(text), null, 1)
  return `'${text.replaceAll("'", "''")}'`
}
