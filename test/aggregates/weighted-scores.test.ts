// The panel arithmetic on fixed numbers, each checked against a hand computation.
import t from 'tap'
import { distributionOf, meanOf, rounded, weightedOverall } from '../../src/services/aggregates/weighted-scores.ts'

t.test('a distribution counts each level and "no opinion" apart', async (t) => {
  t.same(distributionOf([4, 3, null, 3, 1]), { strongNo: 1, no: 0, yes: 2, strongYes: 1, noOpinion: 1 })
  t.same(distributionOf([]), { strongNo: 0, no: 0, yes: 0, strongYes: 0, noOpinion: 0 })
})

t.test('the overall score weighs attribute means, leaving unrated attributes out of both sums', async (t) => {
  // sql w2 mean 3, apis w1 mean 7/3, problem solving w1.5 mean 3.5, communication w0.5 mean 2.5, culture w1 unrated:
  //   numerator   = 2·3 + 1·(7/3) + 1.5·3.5 + 0.5·2.5 = 6 + 2.3333 + 5.25 + 1.25 = 14.8333
  //   denominator = 2 + 1 + 1.5 + 0.5 = 5            (culture's weight 1 is left out)
  //   overall     = 14.8333 / 5 = 2.9667
  const overall = weightedOverall([
    { weight: 2, score: 3 },
    { weight: 1, score: 7 / 3 },
    { weight: 1.5, score: 3.5 },
    { weight: 0.5, score: 2.5 },
    { weight: 1, score: null },
  ])
  t.equal(rounded(overall.score, 4), 2.9667)
  t.equal(overall.weightRated, 5)
  t.equal(overall.weightUnrated, 1)
})

t.test('with nothing rated there is no overall score, not a zero', async (t) => {
  t.same(weightedOverall([{ weight: 1, score: null }]), { score: null, weightRated: 0, weightUnrated: 1 })
  t.equal(meanOf([]), null)
})

t.test('equal weights make the overall the plain mean of the attribute means', async (t) => {
  // (4 + 2 + 3) / 3 = 3
  t.equal(weightedOverall([{ weight: 1, score: 4 }, { weight: 1, score: 2 }, { weight: 1, score: 3 }]).score, 3)
})
