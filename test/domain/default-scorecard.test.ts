// The default scorecard attributes cover the job description's skills, in the
// four sections, each with guiding questions and an anchor for every rating.
import t from 'tap'
import { attributeSections, defaultAttributes, isRating, ratingLabel, ratingScale } from '../../src/domain/default-scorecard.ts'
import { defaultTemplates } from '../../src/domain/default-scorecard-templates.ts'

t.test('the rating scale: 1 strong no, 2 no, 3 yes, 4 strong yes; null is no opinion', async (t) => {
  t.same(ratingScale.map((r) => `${r.value} ${r.label}`), ['1 Strong no', '2 No', '3 Yes', '4 Strong yes'])
  t.equal(ratingLabel(null), 'No opinion')
  t.equal(ratingLabel(4), 'Strong yes')
  t.ok(isRating(3))
  t.notOk(isRating(0) || isRating(5) || isRating('3') || isRating(null))
})

t.test('the technical skills of the job description are all there', async (t) => {
  const technical = defaultAttributes.filter((a) => a.section === 'TECHNICAL').map((a) => a.name)
  t.same(technical, [
    'Server-side language', 'Back-end frameworks', 'Databases and SQL', 'RESTful APIs and web services', 'Caching and performance',
    'Security (OWASP)', 'Session management in distributed systems', 'Cloud platforms', 'Linux and the command line', 'Testing and TDD',
    'Data formats (JSON, XML)', 'Architecture and deployment', 'Search technology', 'Front-end basics (HTML, CSS, JavaScript, preprocessors)', 'Git',
  ])
})

t.test('every section has attributes, and every attribute is complete', async (t) => {
  t.same(attributeSections.map((s) => s.section), ['TECHNICAL', 'PROBLEM_SOLVING', 'COMMUNICATION', 'CULTURE'])
  for (const { section } of attributeSections) t.ok(defaultAttributes.some((a) => a.section === section), `${section} has attributes`)
  t.equal(new Set(defaultAttributes.map((a) => a.key)).size, defaultAttributes.length, 'keys are unique')
  for (const attribute of defaultAttributes) {
    t.match(attribute.key, /^[a-z][a-z0-9-]*$/, `${attribute.key}: a kebab-case key`)
    t.ok(attribute.description.length > 20, `${attribute.key}: a description`)
    t.ok(attribute.weight > 0 && attribute.weight <= 2, `${attribute.key}: a weight in (0, 2]`)
    t.ok(attribute.guidingQuestions.length >= 2, `${attribute.key}: guiding questions`)
    const anchors = [1, 2, 3, 4].map((r) => attribute.anchors[r as 1 | 2 | 3 | 4])
    t.ok(anchors.every((a) => typeof a === 'string' && a.length > 20), `${attribute.key}: an anchor for each rating 1-4`)
    t.equal(new Set(anchors).size, 4, `${attribute.key}: four different anchors`)
  }
})

t.test('templates: unique keys, positive weights, text fields with unique keys', async (t) => {
  t.equal(new Set(defaultTemplates.map((tpl) => tpl.key)).size, defaultTemplates.length)
  for (const template of defaultTemplates) {
    t.ok(template.attributes.every((a) => !('weight' in a) || (a.weight > 0 && a.weight <= 2)), `${template.key}: weights in (0, 2]`)
    t.equal(new Set(template.textFields.map((f) => f.key)).size, template.textFields.length, `${template.key}: text field keys unique`)
  }
})
