import { loadServer } from '../http-load.ts'
import { alternate, summarize } from '../latency.ts'
import type pg from 'pg'
import type { MoveTarget } from '../load-worker.ts'
import { ensurePgbench, initPgbench, runPgbenchSimpleUpdate, type PgbenchRun } from '../pgbench.ts'
import { latencySummary, type PairResult } from '../report.ts'
import { apiServer, type PairContext } from './context.ts'

const TARGET_RATIO = 0.5
/** Applications per connection: enough that one is never moved twice in quick succession. */
const PER_CONNECTION = 100

/**
 * Active applications of open jobs that can go back one stage and advance
 * again without an override: the stage before theirs has its required
 * submitted scorecards for them (the large seed writes those). Sampled from
 * across the table so the moves touch many pages and jobs.
 */
export async function moveTargets(db: pg.Pool, count: number): Promise<MoveTarget[]> {
  const find = (sample: string) => db.query<{ id: string; version: number; back_stage_id: string }>(`
    SELECT a.id, a.version, prev.id AS back_stage_id
      FROM applications a ${sample}
      JOIN jobs j ON j.id = a.job_id AND j.status = 'OPEN'
      JOIN stages s ON s.id = a.stage_id
      JOIN candidates c ON c.id = a.candidate_id AND c.erased_at IS NULL
      JOIN LATERAL (SELECT p.id, p.required_scorecards FROM stages p
                     WHERE p.job_id = a.job_id AND p.archived_at IS NULL AND p.position < s.position
                     ORDER BY p.position DESC LIMIT 1) prev ON TRUE
     WHERE a.status = 'ACTIVE'
       AND (SELECT count(*) FROM scorecards x WHERE x.application_id = a.id AND x.stage_id = prev.id AND x.status = 'SUBMITTED') >= prev.required_scorecards
     LIMIT $1`, [count])
  let { rows } = await find('TABLESAMPLE SYSTEM (5)')
  // A small database has too few pages for a 5% sample: take what there is.
  if (rows.length < count) rows = (await find('')).rows
  return rows.map((r) => ({ id: r.id, version: r.version, backStageId: r.back_stage_id, home: true }))
}

/** POST /applications/:id/moves (send back, advance, …) per second, beside pgbench's simple-update transactions per second. */
export async function benchMoves(ctx: PairContext): Promise<PairResult> {
  const missing = ensurePgbench(ctx.log)
  let targets = await moveTargets(ctx.db, ctx.connections * PER_CONNECTION)
  if (targets.length < ctx.connections * 2) throw new Error(`found only ${targets.length} applications to move: is the bench database seeded?`)
  const moves = async (seconds: number, warmupSeconds: number) => {
    const run = await loadServer(apiServer(ctx), { connections: ctx.connections, seconds, warmupSeconds, authorization: ctx.authorization, work: { kind: 'moves', targets } })
    // The next run carries on from where this one left each application.
    targets = run.targets ?? []
    return run
  }
  if (missing) {
    const ours = summarize([await moves(ctx.seconds, ctx.warmupSeconds)])
    return { pair: 'stage moves', ours: `${ours.perSecond.toFixed(0)} moves/s`, baseline: 'not run', ratio: Number.NaN, ratioOf: 'throughput', target: `≥ ${TARGET_RATIO}× pgbench`, pass: false, details: { ours, baseline: missing } }
  }
  await initPgbench(ctx.databaseUrl)
  const pgbench = async (seconds: number, warmupSeconds: number): Promise<PgbenchRun> => {
    if (warmupSeconds > 0) await runPgbenchSimpleUpdate(ctx.databaseUrl, ctx.connections, warmupSeconds)
    return runPgbenchSimpleUpdate(ctx.databaseUrl, ctx.connections, seconds)
  }
  const [api, runs] = await alternate(ctx.seconds, ctx.warmupSeconds, moves, pgbench)
  const ours = summarize(api)
  const moved = (ours.requests - ours.failures) / ours.seconds
  const tps = runs.reduce((sum, r) => sum + r.transactions, 0) / runs.reduce((sum, r) => sum + r.seconds, 0)
  const ratio = moved / tps
  return {
    pair: 'stage moves', ours: `${moved.toFixed(0)} moves/s, ${latencySummary(ours).replace(/, \d+\/s$/, '')}`, baseline: `${tps.toFixed(0)} tx/s pgbench -N`,
    ratio, ratioOf: 'throughput', target: `≥ ${TARGET_RATIO}× pgbench`, pass: ratio >= TARGET_RATIO && ours.failures === 0,
    details: { applications: targets.length, ours, movesPerSecond: moved, baseline: { transactionsPerSecond: tps, runs } },
  }
}
