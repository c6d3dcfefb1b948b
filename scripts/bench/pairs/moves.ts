import os from 'node:os'
import type pg from 'pg'
import { cpuDuringRun, cpuPerOperation, ratesWithin, type CpuRates, type CpuSample } from '../cpu-time.ts'
import { loadServer, type LoadedServer } from '../http-load.ts'
import { alternate, summarize } from '../latency.ts'
import type { LoadJob, LoadRun, MoveTarget } from '../load-worker.ts'
import { ensurePgbench, initPgbench, runPgbenchScript, runPgbenchSimpleUpdate, type PgbenchRun } from '../pgbench.ts'
import { prepareMoveSql } from '../move-sql.ts'
import { startPgbenchOverHttp } from '../pgbench-over-http.ts'
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
  const moves = async (seconds: number, warmupSeconds: number): Promise<LoadRun & { cpu: CpuRates | null }> => {
    const run = await loadWithCpu(apiServer(ctx), { connections: ctx.connections, seconds, warmupSeconds, authorization: ctx.authorization, work: { kind: 'moves', targets } })
    // The next run carries on from where this one left each application.
    targets = run.targets ?? []
    return run
  }
  if (missing) {
    const ours = summarize([await moves(ctx.seconds, ctx.warmupSeconds)])
    return { pair: 'stage moves', ours: `${ours.perSecond.toFixed(0)} moves/s`, baseline: 'not run', ratio: Number.NaN, ratioOf: 'throughput', target: `≥ ${TARGET_RATIO}× pgbench`, pass: false, details: { ours, baseline: missing } }
  }
  await initPgbench(ctx.databaseUrl)
  const pgbench = async (seconds: number, warmupSeconds: number): Promise<PgbenchRun & { cpu: CpuRates | null }> => {
    if (warmupSeconds > 0) await runPgbenchSimpleUpdate(ctx.databaseUrl, ctx.connections, warmupSeconds)
    const cpu = cpuDuringRun(seconds)
    const run = await runPgbenchSimpleUpdate(ctx.databaseUrl, ctx.connections, seconds)
    return { ...run, cpu: await ratesWithin(cpu, performance.now()) }
  }
  // The ceiling: pgbench's own transaction behind a bare HTTP handler (pgbench-over-http.ts).
  const overHttp = await startPgbenchOverHttp({ databaseUrl: ctx.databaseUrl, poolSize: ctx.apiPool })
  const ceiling = (seconds: number, warmupSeconds: number) =>
    loadWithCpu(overHttp, { connections: ctx.connections, seconds, warmupSeconds, authorization: '', work: { kind: 'post', path: '/transactions' } })
  // The database's share: a move's own statements, and its write alone, run by pgbench (move-sql.ts),
  // on applications the API side does not move.
  const apiTargets = new Set(targets.map((t) => t.id))
  const others = (await moveTargets(ctx.db, targets.length * 2)).filter((o) => !apiTargets.has(o.id)).slice(0, targets.length)
  const moveSql = await prepareMoveSql(ctx, targets[0]!, others, ctx.connections)
  const scripted = (script: string) => async (seconds: number, warmupSeconds: number) => {
    if (warmupSeconds > 0) await runPgbenchScript(ctx.databaseUrl, script, ctx.connections, warmupSeconds)
    return runPgbenchScript(ctx.databaseUrl, script, ctx.connections, seconds)
  }
  const [api, runs, ceilingRuns, moveSqlRuns, writeSqlRuns] = await alternate(ctx.seconds, ctx.warmupSeconds, moves, pgbench, ceiling, scripted(moveSql.move), scripted(moveSql.write))
    .finally(async () => {
      await overHttp.close()
      await moveSql.remove()
    })
  const ours = summarize(api)
  const moved = (ours.requests - ours.failures) / ours.seconds
  const perSecond = (pgbenchRuns: PgbenchRun[]) => pgbenchRuns.reduce((sum, r) => sum + r.transactions, 0) / pgbenchRuns.reduce((sum, r) => sum + r.seconds, 0)
  const tps = perSecond(runs)
  const moveSqlTps = perSecond(moveSqlRuns)
  const writeSqlTps = perSecond(writeSqlRuns)
  const ratio = moved / tps
  const overHttpRuns = summarize(ceilingRuns)
  const overHttpPerSecond = (overHttpRuns.requests - overHttpRuns.failures) / overHttpRuns.seconds
  const ceilingRatio = overHttpPerSecond / tps
  const cpu = cpuBreakdown(api, runs, moved, tps)
  if (cpu) ctx.log(describeCpu(cpu))
  const overHttpCpu = cpuPerOperation(ceilingRuns.map((r) => ({ rates: r.cpu, perSecond: (r.samples.length - r.failures) / r.seconds })))
  ctx.log(describeCeiling(overHttpPerSecond, ceilingRatio, overHttpCpu))
  ctx.log(describeMoveSql(moveSqlTps, writeSqlTps, tps))
  return {
    pair: 'stage moves', ours: `${moved.toFixed(0)} moves/s, ${latencySummary(ours).replace(/, \d+\/s$/, '')}`,
    baseline: `${tps.toFixed(0)} tx/s pgbench -N (the move's SQL by pgbench: ${(moveSqlTps / tps).toFixed(2)}×; -N over bare HTTP: ${ceilingRatio.toFixed(2)}×)`,
    ratio, ratioOf: 'throughput', target: `≥ ${TARGET_RATIO}× pgbench`, pass: ratio >= TARGET_RATIO && ours.failures === 0,
    details: {
      applications: targets.length, ours, movesPerSecond: moved,
      baseline: { transactionsPerSecond: tps, runs: runs.map(({ cpu: _, ...run }) => run) },
      pgbenchOverHttp: { ...overHttpRuns, perSecond: overHttpPerSecond, ratioToPgbench: ceilingRatio, cpuPerRequest: overHttpCpu },
      moveSqlByPgbench: {
        applications: moveSql.applications,
        move: { transactionsPerSecond: moveSqlTps, ratioToPgbench: moveSqlTps / tps, failed: moveSqlRuns.reduce((sum, r) => sum + r.failed, 0) },
        writeAlone: { transactionsPerSecond: writeSqlTps, ratioToPgbench: writeSqlTps / tps, failed: writeSqlRuns.reduce((sum, r) => sum + r.failed, 0) },
      },
      cpu,
    },
  }
}

/** A load run with the CPU each part spent a second while it was timed (the server is this process). */
async function loadWithCpu(server: LoadedServer, job: Omit<LoadJob, 'origin'>): Promise<LoadRun & { cpu: CpuRates | null }> {
  let cpu: Promise<CpuSample> | null = null
  const run = await loadServer(server, job, (generator) => (cpu = cpuDuringRun(job.seconds, { api: process.pid, loadGenerator: generator })))
  return { ...run, cpu: await ratesWithin(cpu, performance.now()) }
}

interface CpuBreakdown {
  cores: number
  /** CPU milliseconds per move: the API, the load generator, PostgreSQL. */
  perMove: CpuRates
  /** CPU milliseconds per pgbench transaction: PostgreSQL, pgbench. */
  perTransaction: CpuRates
  /** Moves a second if PostgreSQL's work per move had every core to itself: the most any API could reach here. */
  postgresqlBound: number
  /** That bound ÷ pgbench's transactions a second. */
  postgresqlBoundRatio: number
  /** Cores the API, the load generator and PostgreSQL kept busy between them while moving. */
  coresBusy: number
}

/**
 * Where each side's CPU went, per operation. All parts share the machine's
 * cores, so PostgreSQL's own CPU per move bounds the moves any API could make
 * here; the report gives that bound beside the ratio. Null without /proc or a
 * local PostgreSQL.
 */
function cpuBreakdown(api: (LoadRun & { cpu: CpuRates | null })[], runs: (PgbenchRun & { cpu: CpuRates | null })[], movesPerSecond: number, pgbenchPerSecond: number): CpuBreakdown | null {
  const perMove = cpuPerOperation(api.map((r) => ({ rates: r.cpu, perSecond: (r.samples.length - r.failures) / r.seconds })))
  const perTransaction = cpuPerOperation(runs.map((r) => ({ rates: r.cpu, perSecond: r.transactionsPerSecond })))
  if (!perMove?.postgresql || !perTransaction) return null
  const cores = os.availableParallelism()
  const postgresqlBound = (cores * 1000) / perMove.postgresql
  const perMoveTotal = Object.values(perMove).reduce((sum, ms) => sum + ms, 0)
  return { cores, perMove, perTransaction, postgresqlBound, postgresqlBoundRatio: postgresqlBound / pgbenchPerSecond, coresBusy: (perMoveTotal * movesPerSecond) / 1000 }
}

const ms = (n: number | undefined) => `${(n ?? 0).toFixed(2)} ms`

function describeCeiling(perSecond: number, ratio: number, cpu: CpuRates | null): string {
  return [
    `  pgbench's own transaction, one statement per request behind bare Fastify + pg: ${perSecond.toFixed(0)}/s (${ratio.toFixed(2)}× pgbench),`,
    cpu ? `  CPU per request: server ${ms(cpu.api)}, load generator ${ms(cpu.loadGenerator)}, PostgreSQL ${ms(cpu.postgresql)}:` : '',
    '  a move does more than this (session check, plan read, four tables written), so this is the most moves could reach here.',
  ].filter(Boolean).join('\n')
}

function describeMoveSql(movePerSecond: number, writePerSecond: number, pgbenchPerSecond: number): string {
  return [
    `  a move's own statements (session check, context read, write) run by pgbench, no HTTP and no Node: ${movePerSecond.toFixed(0)}/s (${(movePerSecond / pgbenchPerSecond).toFixed(2)}× pgbench);`,
    `  its write statement alone (the application, its transition, audit event and any outbox row): ${writePerSecond.toFixed(0)}/s (${(writePerSecond / pgbenchPerSecond).toFixed(2)}× pgbench).`,
  ].join('\n')
}

function describeCpu(cpu: CpuBreakdown): string {
  return [
    `  CPU per move: API ${ms(cpu.perMove.api)}, load generator ${ms(cpu.perMove.loadGenerator)}, PostgreSQL ${ms(cpu.perMove.postgresql)} (${cpu.coresBusy.toFixed(1)} of ${cpu.cores} cores busy);`,
    `  per pgbench transaction: PostgreSQL ${ms(cpu.perTransaction.postgresql)}, pgbench ${ms(cpu.perTransaction.pgbench)}.`,
    `  PostgreSQL's work per move alone bounds moves at ${cpu.postgresqlBound.toFixed(0)} per second on ${cpu.cores} cores (${cpu.postgresqlBoundRatio.toFixed(2)}× pgbench),`,
    '  even if the API and the load generator cost nothing.',
  ].join('\n')
}
