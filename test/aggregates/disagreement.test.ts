// The disagreement flag: range of opinions ≥ 2, i.e. votes on both sides of the
// yes/no line with at least one of them strong. "No opinion" never counts.
import t from 'tap'
import { spreadOf } from '../../src/services/aggregates/disagreement.ts'
import { rounded } from '../../src/services/aggregates/weighted-scores.ts'

t.test('a split panel is flagged, with its spread', async (t) => {
  // [4, 3, 1]: mean 8/3 = 2.6667; range 4 − 1 = 3
  // squared deviations 1.3333² + 0.3333² + 1.6667² = 1.7778 + 0.1111 + 2.7778 = 4.6667; ÷ 3 = 1.5556; √ = 1.2472
  const spread = spreadOf([4, 3, 1])
  t.equal(spread.disagreement, true)
  t.equal(spread.range, 3)
  t.equal(rounded(spread.mean, 4), 2.6667)
  t.equal(rounded(spread.standardDeviation, 4), 1.2472)
})

t.test('a consensus is not flagged', async (t) => {
  t.equal(spreadOf([3, 4, 3]).disagreement, false, 'yes, strong yes, yes: range 1')
  t.equal(spreadOf([1, 2, 2]).disagreement, false, 'all on the no side')
})

t.test('two lukewarm opinions either side of the line are not a split; a strong one against the other side is', async (t) => {
  t.equal(spreadOf([2, 3]).disagreement, false, 'no against yes: range 1')
  t.equal(spreadOf([2, 4]).disagreement, true, 'no against strong yes: range 2')
  t.equal(spreadOf([1, 3]).disagreement, true, 'strong no against yes: range 2')
})

t.test('one strong dissent is flagged however large the panel (where a standard deviation threshold of 1 would miss it)', async (t) => {
  // [3,3,3,3,3,3,1]: mean 19/7 = 2.7143; squared deviations 6·(2/7)² + (12/7)² = 24/49 + 144/49 = 168/49; ÷ 7 = 24/49; √ = 0.6999
  const spread = spreadOf([3, 3, 3, 3, 3, 3, 1])
  t.equal(spread.disagreement, true)
  t.equal(rounded(spread.standardDeviation, 4), 0.6999)
})

t.test('"no opinion" is left out, and one opinion cannot disagree with itself', async (t) => {
  t.same(spreadOf([null, 4, null]), { n: 1, mean: 4, standardDeviation: 0, range: 0, disagreement: false })
  t.same(spreadOf([null, null]), { n: 0, mean: null, standardDeviation: null, range: null, disagreement: false })
})
