// Leniency shrinkage and calibrated ratings on fixed numbers.
import t from 'tap'
import { calibratedRating, leniencyOf, MIN_COMPARABLE, SHRINKAGE_K } from '../../src/services/aggregates/calibration.ts'

t.test('the constants the explanation states', async (t) => {
  t.equal(MIN_COMPARABLE, 5)
  t.equal(SHRINKAGE_K, 5)
})

t.test('below five comparable ratings nothing is applied, whatever the measured leniency', async (t) => {
  t.same(leniencyOf({ comparableRatings: 4, meanDifference: 1.5 }), { comparableRatings: 4, raw: 1.5, shrinkage: 0, applied: 0, status: 'insufficient_history' })
  t.same(leniencyOf({ comparableRatings: 0, meanDifference: null }), { comparableRatings: 0, raw: null, shrinkage: 0, applied: 0, status: 'insufficient_history' })
})

t.test('from five on, leniency is shrunk by n / (n + 5)', async (t) => {
  // n = 5:  0.8 · 5/10 = 0.4
  t.same(leniencyOf({ comparableRatings: 5, meanDifference: 0.8 }), { comparableRatings: 5, raw: 0.8, shrinkage: 0.5, applied: 0.4, status: 'applied' })
  // n = 10: 0.9 · 10/15 = 0.6
  t.equal(leniencyOf({ comparableRatings: 10, meanDifference: 0.9 }).applied.toFixed(6), '0.600000')
  // n = 20: −0.5 · 20/25 = −0.4 (a harsh assessor is corrected upwards)
  t.equal(leniencyOf({ comparableRatings: 20, meanDifference: -0.5 }).applied.toFixed(6), '-0.400000')
})

t.test('a calibrated rating removes the leniency and stays on the scale', async (t) => {
  t.equal(calibratedRating(4, { applied: 0.6 }).toFixed(6), '3.400000', '4 − 0.6')
  t.equal(calibratedRating(2, { applied: -0.25 }), 2.25, '2 + 0.25')
  t.equal(calibratedRating(4, { applied: -0.5 }), 4, '4.5 is clamped to 4')
  t.equal(calibratedRating(1, { applied: 0.6 }), 1, '0.4 is clamped to 1')
})
