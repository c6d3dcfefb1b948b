// One panel reduced by hand and by aggregateStage: the same numbers.
//
// Template (the stage's): sql w2 · apis w1 · problem-solving w1.5 · communication w0.5 · culture w1
// Panel (– = no opinion):
//            sql  apis  ps  comm  recommendation
//   A         4    3    4    –        4
//   B         3    2    3    3        3
//   C         2    2    –    2        1
// Leniency applied (given): A 0.6 (n 10, raw 0.9 · 10/15), B 0 (n 4: too few), C −0.25 (n 5, raw −0.5 · 5/10)
import t from 'tap'
import { leniencyOf } from '../../src/services/aggregates/calibration.ts'
import { aggregateAcrossStages, aggregateStage, type AttributeDef, type PanelScorecard } from '../../src/services/aggregates/stage-aggregate.ts'
import { rounded } from '../../src/services/aggregates/weighted-scores.ts'

const def = (key: string, weight: number, section = 'TECHNICAL'): AttributeDef => ({ key, name: key, section, weight })
const plan = [def('sql', 2), def('apis', 1), def('ps', 1.5, 'PROBLEM_SOLVING'), def('comm', 0.5, 'COMMUNICATION'), def('culture', 1, 'CULTURE')]
const card = (authorId: string, recommendation: number | null, ratings: Record<string, number | null>, defs = plan): PanelScorecard => ({
  id: `card-${authorId}`,
  authorId,
  recommendation,
  submittedAt: new Date(0),
  ratings: Object.entries(ratings).map(([key, rating]) => ({ ...defs.find((d) => d.key === key)!, rating })),
})
const panel = [
  card('A', 4, { sql: 4, apis: 3, ps: 4, comm: null }),
  card('B', 3, { sql: 3, apis: 2, ps: 3, comm: 3 }),
  card('C', 1, { sql: 2, apis: 2, ps: null, comm: 2 }),
]
const leniencies = new Map([
  ['A', leniencyOf({ comparableRatings: 10, meanDifference: 0.9 })],
  ['B', leniencyOf({ comparableRatings: 4, meanDifference: 1 })],
  ['C', leniencyOf({ comparableRatings: 5, meanDifference: -0.5 })],
])
const aggregate = aggregateStage({ plan, scorecards: panel, leniencies })
const attribute = (key: string) => aggregate.attributes.find((a) => a.key === key)!
const r4 = (x: number | null) => rounded(x, 4)

t.test('each attribute is the mean of its ratings, "no opinion" left out', async (t) => {
  // sql (4+3+2)/3 = 3 · apis (3+2+2)/3 = 2.3333 · ps (4+3)/2 = 3.5 · comm (3+2)/2 = 2.5 · culture: none
  t.same(aggregate.attributes.map((a) => [a.key, a.n, r4(a.mean)]), [['sql', 3, 3], ['apis', 3, 2.3333], ['ps', 2, 3.5], ['comm', 2, 2.5], ['culture', 0, null]])
  t.same(attribute('ps').distribution, { strongNo: 0, no: 0, yes: 1, strongYes: 1, noOpinion: 1 })
  t.same(attribute('sql').distribution, { strongNo: 0, no: 1, yes: 1, strongYes: 1, noOpinion: 0 })
})

t.test('the overall is the weighted mean of the attribute means', async (t) => {
  // (2·3 + 1·2.3333 + 1.5·3.5 + 0.5·2.5) / (2 + 1 + 1.5 + 0.5) = 14.8333 / 5 = 2.9667
  t.equal(r4(aggregate.overall.raw), 2.9667)
  t.equal(aggregate.overall.weightRated, 5)
  t.equal(aggregate.overall.weightUnrated, 1, "culture's weight, unrated")
})

t.test('calibrated scores subtract each assessor\'s applied leniency before the same formulas', async (t) => {
  // A: 4−0.6 = 3.4, 3−0.6 = 2.4, 4−0.6 = 3.4 · B unchanged · C: 2+0.25 = 2.25 (sql, apis, comm)
  // sql (3.4+3+2.25)/3 = 2.8833 · apis (2.4+2+2.25)/3 = 2.2167 · ps (3.4+3)/2 = 3.2 · comm (3+2.25)/2 = 2.625
  t.same(aggregate.attributes.map((a) => r4(a.calibratedMean)), [2.8833, 2.2167, 3.2, 2.625, null])
  // (2·2.8833 + 2.2167 + 1.5·3.2 + 0.5·2.625) / 5 = (5.7667 + 2.2167 + 4.8 + 1.3125) / 5 = 14.0958 / 5 = 2.8192
  t.equal(r4(aggregate.overall.calibrated), 2.8192)
  const a = aggregate.assessors.find((x) => x.userId === 'A')!
  t.same(a.ratings.map((r) => [r.key, r.rating, r4(r.calibrated)]), [['sql', 4, 3.4], ['apis', 3, 2.4], ['ps', 4, 3.4], ['comm', null, null]])
  t.equal(aggregate.assessors.find((x) => x.userId === 'B')!.leniency.status, 'insufficient_history')
})

t.test('the recommendations split the panel: strong yes, yes and strong no', async (t) => {
  // [4, 3, 1]: range 3 ≥ 2; mean 2.6667
  t.match(aggregate.recommendations, { strongNo: 1, no: 0, yes: 1, strongYes: 1, noOpinion: 0, n: 3, range: 3, disagreement: true })
  t.equal(r4(aggregate.recommendations.mean), 2.6667)
  t.same(aggregate.attributes.map((a) => a.disagreement), [true, false, false, false, false], 'sql 4 against 2 splits too; the others are within one point')
})

t.test('coverage names the planned attributes nobody rated', async (t) => {
  t.same(aggregate.coverage, { hasTemplate: true, planned: 5, unrated: [{ key: 'culture', name: 'culture', section: 'CULTURE' }] })
})

t.test('a consensus panel raises no flag', async (t) => {
  const consensus = aggregateStage({ plan, scorecards: [card('A', 3, { sql: 3 }), card('B', 4, { sql: 4 }), card('C', 3, { sql: 3 })], leniencies: new Map() })
  t.equal(consensus.recommendations.disagreement, false)
  t.equal(consensus.recommendations.range, 1)
})

t.test('an attribute the stage template no longer has is reported after the planned ones, with its own weight', async (t) => {
  const oldDefs = [def('sql', 2), def('git', 3)]
  const mixed = aggregateStage({ plan: [def('sql', 1)], scorecards: [card('A', 3, { sql: 4, git: 2 }, oldDefs)], leniencies: new Map() })
  t.same(mixed.attributes.map((a) => [a.key, a.weight, a.weightSource]), [['sql', 1, 'stage_template'], ['git', 3, 'scorecard_template']])
  // (1·4 + 3·2) / (1 + 3) = 10 / 4 = 2.5: the stage's weight for sql, the old version's for git
  t.equal(mixed.overall.raw, 2.5)
})

t.test('across stages each stage counts once', async (t) => {
  const resume = aggregateStage({ plan: [def('sql', 1)], scorecards: [card('D', 4, { sql: 4 })], leniencies: new Map() })
  const across = aggregateAcrossStages([aggregate, resume])
  // sql: (3 + 4) / 2 = 3.5 · overall: (2.9667 + 4) / 2 = 3.4833
  // calibrated sql: (2.8833 + 4) / 2 = 3.4417
  const sql = across.attributes.find((a) => a.key === 'sql')!
  t.same({ ...sql, calibratedMean: r4(sql.calibratedMean) }, { key: 'sql', name: 'sql', stages: 2, mean: 3.5, calibratedMean: 3.4417 })
  t.equal(r4(across.overall.raw), 3.4833)
  t.same(across.unratedAnywhere.map((a) => a.key), ['culture'])
})
