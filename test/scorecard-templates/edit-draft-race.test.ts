// Editing an unused template (in place) while someone starts the first draft on
// it. Whichever takes the template first, the other waits, so a draft never
// ends up under attributes that changed after it read them. A test-only trigger
// (see holdWriters) holds one side mid-transaction while the other runs.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { holdWriters } from '../helpers/held-writers.ts'
import { api, manyLogins, ok, scoringWorld } from '../scorecards/fixtures.ts'

const { app, config } = await buildTestApp(t, manyLogins)
const { team, technical, newApplication } = await scoringWorld(app)
const { admin, first } = team

interface TemplateJson {
  name: string
  description: string | null
  textFields: Array<{ key: string; label: string; required: boolean }>
  sections: Array<{ attributes: Array<{ key: string; section: string; name: string; description: string | null; weight: number; guidingQuestions: string[]; anchors: object }> }>
}
interface CardJson { id: string; template: { id: string }; ratings: Array<{ attributeKey: string; rating: number | null }> }

/** The template the technical interview stage uses now. */
async function stageTemplate(): Promise<string> {
  const { templateId } = await app.db.stage.findUniqueOrThrow({ where: { id: technical.id }, select: { templateId: true } })
  return templateId!
}

const scorecardsOn = (templateId: string) => app.db.scorecard.count({ where: { templateId } })

/** The template's content as an edit body, without one attribute. */
async function bodyWithout(templateId: string, droppedKey: string) {
  const current = await ok<TemplateJson>(api(app, admin).get(`/scorecard-templates/${templateId}`))
  const attributes = current.sections.flatMap((s) => s.attributes).filter((a) => a.key !== droppedKey)
  return {
    name: current.name, description: current.description, textFields: current.textFields,
    attributes: attributes.map(({ key, section, name, description, weight, guidingQuestions, anchors }) => ({ key, section, name, description, weight, guidingQuestions, anchors })),
  }
}

const attributeKeys = async (templateId: string) =>
  (await app.db.scorecardAttribute.findMany({ where: { templateId }, select: { key: true } })).map((a) => a.key)

/** The stage's template now, a new application, an edit that drops one attribute, and a hold on one kind of write (removed at the end of the test). */
async function raceOn(t: { teardown(fn: () => unknown): void }, droppedKey: string, held: [table: string, event: 'INSERT' | 'DELETE']) {
  const templateId = await stageTemplate()
  const application = await newApplication()
  const edit = await bodyWithout(templateId, droppedKey)
  const hold = await holdWriters(config.DATABASE_URL, ...held)
  t.teardown(hold.remove)
  return { templateId, application, edit, hold }
}

/** Starts the edit, and once it is held, a draft rating databases-sql; lets both finish. Answers [edit, draft]. */
async function editThenDraft(race: Awaited<ReturnType<typeof raceOn>>, rating: number) {
  const editing = api(app, admin).put(`/scorecard-templates/${race.templateId}`, race.edit)
  await race.hold.reached()
  const drafting = api(app, first).post('/scorecards', { applicationId: race.application.id, stageId: technical.id, ratings: [{ attributeKey: 'databases-sql', rating }] })
  await race.hold.settledOrWaitingOnRow(drafting)
  await race.hold.release()
  return Promise.all([editing, drafting])
}

t.test('a draft being written holds its template: an edit waits for it, counts it and writes a new version', async (t) => {
  const { templateId, application, edit, hold } = await raceOn(t, 'session-management', ['scorecards', 'INSERT'])
  t.equal(await scorecardsOn(templateId), 0, 'unused: an edit would change it in place')

  // The draft has read the template and rated an attribute the edit drops; it is held at its insert.
  const drafting = api(app, first).post('/scorecards', { applicationId: application.id, stageId: technical.id, ratings: [{ attributeKey: 'session-management', rating: 3 }] })
  await hold.reached()
  const editing = api(app, admin).put(`/scorecard-templates/${templateId}`, edit)
  await hold.settledOrWaitingOnRow(editing)
  await hold.release()
  const [draft, edited] = await Promise.all([drafting, editing])

  t.equal(draft.statusCode, 201, `the draft is written (${draft.body.slice(0, 200)})`)
  t.equal(edited.statusCode, 201, `the edit saw the draft and wrote a new version (${edited.body.slice(0, 200)})`)
  t.not(edited.json().id, templateId)
  const card = draft.json() as CardJson
  t.equal(card.template.id, templateId, 'the draft stays on the version it was started on')
  t.equal(card.ratings.find((r) => r.attributeKey === 'session-management')?.rating, 3, 'with its rating')
  t.ok((await attributeKeys(templateId)).includes('session-management'), 'which keeps the attributes the draft was written against')
})

t.test('an edit past its count holds the template: a new draft waits for it and is written on the edited attributes', async (t) => {
  const { templateId, application, edit, hold } = await raceOn(t, 'problem-solving', ['scorecard_attributes', 'DELETE'])
  t.equal(await scorecardsOn(templateId), 0, 'unused: an edit would change it in place')

  // The edit has counted no scorecard and is held as it replaces the attributes.
  // A rating ties the draft to attribute rows: on the old ones, the edit's replacement could not delete them.
  const [edited, draft] = await editThenDraft({ templateId, application, edit, hold }, 2)

  t.equal(edited.statusCode, 200, `the edit changed the template in place (${edited.body.slice(0, 200)})`)
  t.equal(draft.statusCode, 201, `the draft is written after it (${draft.body.slice(0, 200)})`)
  const card = draft.json() as CardJson
  t.equal(card.template.id, templateId)
  t.notOk((await attributeKeys(templateId)).includes('problem-solving'), 'the template has the edited attributes')
  const ratings = await app.db.scorecardRating.findMany({ where: { scorecardId: card.id }, select: { attribute: { select: { templateId: true, key: true } } } })
  t.same(ratings.map((r) => r.attribute), [{ templateId, key: 'databases-sql' }], "the draft's rating is on the attribute as the edit wrote it")
})

t.test('a draft that waited for an edit which versioned the template is written on the new version', async (t) => {
  const { templateId, application, edit, hold } = await raceOn(t, 'restful-apis', ['scorecard_templates', 'INSERT'])
  t.ok(await scorecardsOn(templateId) > 0, 'in use (by the drafts above): an edit writes a new version')

  // The edit has locked the template and is held as it inserts the new version;
  // the draft read the stage's template before the edit commits: the version about to be archived.
  const [edited, draft] = await editThenDraft({ templateId, application, edit, hold }, 4)

  t.equal(edited.statusCode, 201, `the edit wrote a new version (${edited.body.slice(0, 200)})`)
  const newVersion = edited.json().id as string
  t.equal(await stageTemplate(), newVersion, 'the stage now uses it')
  t.equal(draft.statusCode, 201, `the draft is written (${draft.body.slice(0, 200)})`)
  t.equal((draft.json() as CardJson).template.id, newVersion, 'on the version the stage uses now, not the one archived while it waited')
})
