// A database built by the migrations matches prisma/schema.prisma exactly:
// every table, column, enum, key, index and foreign key the schema implies
// (read with Prisma's own parser), plus the hand-written objects listed in
// hand-written-objects.ts, and nothing else.
//
// The comparison is only worth something if it fails, so the second half
// breaks a clone of the migrated database in one way at a time (inside a
// transaction that is rolled back) and checks the exact difference reported.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import t from 'tap'
import { dropDatabase } from '../db/postgres.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { HAND_WRITTEN_OBJECTS } from './hand-written-objects.ts'
import { diffDatabaseAgainstSchema } from './schema-diff.ts'

const schemaPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'prisma', 'schema.prisma')

const db = await createTestDatabase()
t.teardown(() => dropDatabase(db.name)) // retries past autovacuum (see test/db/postgres.ts)
const client = new pg.Client({ connectionString: db.url })
await client.connect()
t.teardown(() => client.end())

t.test('the migrated database matches schema.prisma plus the hand-written objects', async (t) => {
  t.same(await diffDatabaseAgainstSchema(db.url, schemaPath), [])
})

/** Applies `sql` in a transaction, diffs what that transaction sees, and rolls back. */
async function diffAfter(sql: string): Promise<string[]> {
  await client.query('BEGIN')
  try {
    await client.query(sql)
    return await diffDatabaseAgainstSchema(client, schemaPath)
  } finally {
    await client.query('ROLLBACK')
  }
}

const broken: Array<[string, string, string[]]> = [
  [
    'a column type',
    'ALTER TABLE users ALTER COLUMN email TYPE text',
    ['column users.email: type is text in the database, citext in schema.prisma'],
  ],
  [
    'a native type argument',
    'ALTER TABLE scorecard_attributes ALTER COLUMN weight TYPE numeric(6,2)',
    ['column scorecard_attributes.weight: type is numeric(6,2) in the database, numeric(6,3) in schema.prisma'],
  ],
  [
    'nullability',
    'ALTER TABLE jobs ALTER COLUMN description SET NOT NULL',
    ['column jobs.description: nullable is not null in the database, null in schema.prisma'],
  ],
  [
    'a default',
    `ALTER TABLE users ALTER COLUMN time_zone SET DEFAULT 'Europe/Paris'`,
    [`column users.time_zone: default is 'Europe/Paris'::text in the database, 'UTC'::text in schema.prisma`],
  ],
  [
    'a missing column',
    'ALTER TABLE interviews DROP COLUMN panel_notes',
    ['missing from the database: column interviews.panel_notes (type text; nullable null; default none)'],
  ],
  [
    'an extra table',
    'CREATE TABLE scratch (id integer)',
    [
      'in the database but not in schema.prisma or hand-written-objects.ts: column scratch.id (type integer; nullable null; default none)',
      'in the database but not in schema.prisma or hand-written-objects.ts: table scratch',
    ],
  ],
  [
    'a missing index',
    'DROP INDEX stages_job_id_position_idx',
    ['missing from the database: index stages_job_id_position_idx (table stages; columns (job_id, position); method btree; where none)'],
  ],
  [
    'an extra index',
    'CREATE INDEX jobs_title_idx ON jobs (title)',
    ['in the database but not in schema.prisma or hand-written-objects.ts: index jobs_title_idx (table jobs; columns (title); method btree; where none)'],
  ],
  [
    'index columns out of order',
    'DROP INDEX jobs_status_created_at_idx; CREATE INDEX jobs_status_created_at_idx ON jobs (created_at, status)',
    ['index jobs_status_created_at_idx: columns is (created_at, status) in the database, (status, created_at) in schema.prisma'],
  ],
  [
    'a unique index that is not unique',
    'DROP INDEX hiring_team_members_job_id_user_id_key; CREATE INDEX hiring_team_members_job_id_user_id_key ON hiring_team_members (job_id, user_id)',
    [
      'in the database but not in schema.prisma or hand-written-objects.ts: index hiring_team_members_job_id_user_id_key (table hiring_team_members; columns (job_id, user_id); method btree; where none)',
      'missing from the database: unique index hiring_team_members_job_id_user_id_key (table hiring_team_members; columns (job_id, user_id); method btree; where none)',
    ],
  ],
  [
    'an index operator class',
    'DROP INDEX candidates_search_words_idx; CREATE INDEX candidates_search_words_idx ON candidates USING gin (search_words gin_trgm_ops, first_name gin_trgm_ops)',
    ['index candidates_search_words_idx: columns is (search_words gin_trgm_ops, first_name gin_trgm_ops) in the database, (search_words gin_trgm_ops) in schema.prisma'],
  ],
  [
    'an added enum value',
    `ALTER TYPE "JobStatus" ADD VALUE 'ARCHIVED'`,
    ['enum JobStatus: values is DRAFT, OPEN, CLOSED, ARCHIVED in the database, DRAFT, OPEN, CLOSED in schema.prisma'],
  ],
  [
    'a renamed enum value',
    `ALTER TYPE "Role" RENAME VALUE 'ADMIN' TO 'ADMINISTRATOR'`,
    ['enum Role: values is ADMINISTRATOR, RECRUITER, HIRING_MANAGER, INTERVIEWER in the database, ADMIN, RECRUITER, HIRING_MANAGER, INTERVIEWER in schema.prisma'],
  ],
  [
    'a foreign key ON DELETE action',
    'ALTER TABLE sessions DROP CONSTRAINT sessions_user_id_fkey, ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT ON UPDATE CASCADE',
    ['foreign key sessions.sessions_user_id_fkey: on delete is restrict in the database, cascade in schema.prisma'],
  ],
  [
    'a missing foreign key',
    'ALTER TABLE resumes DROP CONSTRAINT resumes_candidate_id_fkey',
    ['missing from the database: foreign key resumes.resumes_candidate_id_fkey (columns (candidate_id); references candidates (id); on delete cascade; on update cascade)'],
  ],
  [
    'a primary key on other columns',
    'ALTER TABLE settings DROP CONSTRAINT settings_pkey, ADD CONSTRAINT settings_pkey PRIMARY KEY (key, updated_at)',
    ['primary key settings.settings_pkey: columns is (key, updated_at) in the database, (key) in schema.prisma'],
  ],
  [
    'a changed hand-written CHECK constraint',
    'ALTER TABLE scorecards DROP CONSTRAINT scorecards_recommendation_scale, ADD CONSTRAINT scorecards_recommendation_scale CHECK (recommendation BETWEEN 1 AND 5)',
    [
      'check constraint scorecards.scorecards_recommendation_scale: database has CHECK (((recommendation >= 1) AND (recommendation <= 5))); hand-written-objects.ts says CHECK (((recommendation >= 1) AND (recommendation <= 4)))',
    ],
  ],
  [
    'a missing hand-written partial index',
    'DROP INDEX outbox_events_pending',
    ['missing from the database: index outbox_events_pending (listed in hand-written-objects.ts)'],
  ],
  [
    'an unlisted CHECK constraint',
    'ALTER TABLE jobs ADD CONSTRAINT jobs_title_not_blank CHECK (title <> \'\')',
    [`in the database but not in schema.prisma or hand-written-objects.ts: check constraint jobs.jobs_title_not_blank (CHECK ((title <> ''::text)))`],
  ],
]

for (const [what, sql, expected] of broken) {
  t.test(`reports ${what}`, async (t) => {
    t.same(await diffAfter(sql), expected, sql)
  })
}

t.test('reports a database object missing from hand-written-objects.ts', async (t) => {
  const withoutCheck = HAND_WRITTEN_OBJECTS.filter((o) => o.name !== 'scorecard_ratings.scorecard_ratings_rating_scale')
  t.same(await diffDatabaseAgainstSchema(db.url, schemaPath, withoutCheck), [
    'in the database but not in schema.prisma or hand-written-objects.ts: check constraint scorecard_ratings.scorecard_ratings_rating_scale (CHECK (((rating >= 1) AND (rating <= 4))))',
  ])
})

// The schema side is read live with Prisma's parser: edit a copy of schema.prisma.
t.test('reads schema.prisma through Prisma: an edited schema no longer matches', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'schema-match-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const copy = path.join(dir, 'schema.prisma')
  await copyFile(schemaPath, copy)
  const original = await readFile(copy, 'utf8')
  const edited = original
    .replace('  @@index([source])\n', '')
    .replace('recommendation Int?            @db.SmallInt', 'recommendation Int?')
  t.not(edited, original, 'the edits apply to the current schema')
  await writeFile(copy, edited)
  t.same(await diffDatabaseAgainstSchema(db.url, copy), [
    'column scorecards.recommendation: type is smallint in the database, integer in schema.prisma',
    'in the database but not in schema.prisma or hand-written-objects.ts: index candidates_source_idx (table candidates; columns (source); method btree; where none)',
  ])
})
