// The default plans are the process of "How to assess a candidate": eight stages
// in order, then the offer; the lean plan is the four-stage shape plus the offer.
// Every stage points at a template whose attributes exist.
import t from 'tap'
import { defaultPlan, defaultPlans, leanPlan } from '../../src/domain/default-plans.ts'
import { isAttributeKey } from '../../src/domain/default-scorecard.ts'
import { defaultTemplates } from '../../src/domain/default-scorecard-templates.ts'

t.test('the default plan: the eight assessment stages in order, then Offer', async (t) => {
  t.same(
    defaultPlan.map((s) => [s.name, s.kind]),
    [
      ['Resume review', 'REVIEW'],
      ['Technical interview', 'INTERVIEW'],
      ['Portfolio / work samples', 'REVIEW'],
      ['Domain skills assessment', 'ASSESSMENT'],
      ['Collaboration & communication', 'INTERVIEW'],
      ['Problem solving & debugging', 'INTERVIEW'],
      ['Culture fit', 'INTERVIEW'],
      ['References & background check', 'CHECK'],
      ['Offer', 'OFFER'],
    ],
  )
})

t.test('the lean plan: resume review, technical interview, portfolio, references, then Offer', async (t) => {
  t.same(leanPlan.map((s) => s.name), ['Resume review', 'Technical interview', 'Portfolio / work samples', 'References & background check', 'Offer'])
  t.same(leanPlan.slice(0, 4), [defaultPlan[0], defaultPlan[1], defaultPlan[2], defaultPlan[7]], 'its stages are the default plan\'s, unchanged')
})

t.test('required scorecards: two for interviews, one for reviews, assessments and checks, none for the offer', async (t) => {
  const expected = { INTERVIEW: 2, REVIEW: 1, ASSESSMENT: 1, CHECK: 1, OFFER: 0 }
  for (const stage of defaultPlan) t.equal(stage.requiredScorecards, expected[stage.kind], stage.name)
  for (const stage of defaultPlan) t.ok(Number.isInteger(stage.slaDays) && stage.slaDays > 0 && stage.slaDays <= 14, `${stage.name}: SLA of ${stage.slaDays} days`)
})

t.test('every stage but the offer uses a template whose attributes all exist', async (t) => {
  const templates = new Map(defaultTemplates.map((tpl) => [tpl.key as string, tpl]))
  for (const [plan, stages] of Object.entries(defaultPlans)) {
    for (const stage of stages) {
      if (stage.kind === 'OFFER') {
        t.equal(stage.template, null, `${plan}: the offer is a decision, not scored`)
        continue
      }
      const template = templates.get(stage.template!)
      t.ok(template, `${plan}: ${stage.name} uses template ${stage.template}`)
      t.ok(template!.attributes.length >= 3, `${stage.name}: at least three attributes`)
      t.ok(template!.attributes.every((a) => isAttributeKey(a.key)), `${stage.name}: every attribute exists`)
      t.equal(new Set(template!.attributes.map((a) => a.key)).size, template!.attributes.length, `${stage.name}: no attribute twice`)
    }
  }
  t.equal(new Set(defaultPlan.map((s) => s.template)).size, defaultPlan.length, 'each default stage has its own template')
})
