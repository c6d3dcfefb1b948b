import { Type, type Static } from 'typebox'
import { Email, UUID_PATTERN, Uuid } from './common.ts'
import { PageQuery } from './pagination.ts'
import { TimeZone } from './users.ts'

// Links are shown to staff as clickable: only http(s), never javascript: or data:.
const WebLink = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 })
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })
const Phone = Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9+()./ x-]+$' })
// No separators: the CSV import splits skills on ";".
export const Skill = Type.String({ minLength: 1, maxLength: 50, pattern: '^[^;\\x00-\\x1f]*[^;\\s][^;\\x00-\\x1f]*$' })
export const MAX_SKILLS = 50
const Skills = Type.Array(Skill, { maxItems: MAX_SKILLS })
const Source = Type.String({ minLength: 1, maxLength: 100 })
const Location = Type.String({ minLength: 1, maxLength: 200 })
const Nullable = <T extends Parameters<typeof Type.Optional>[0]>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]))

export const CreateCandidateBody = Type.Object(
  {
    firstName: Name,
    lastName: Name,
    email: Email,
    phone: Type.Optional(Phone),
    location: Type.Optional(Location),
    timeZone: Type.Optional(TimeZone),
    portfolioUrl: Type.Optional(WebLink),
    githubUrl: Type.Optional(WebLink),
    linkedinUrl: Type.Optional(WebLink),
    skills: Type.Optional(Skills),
    source: Type.Optional(Source),
  },
  { additionalProperties: false },
)
export type CreateCandidateBody = Static<typeof CreateCandidateBody>

// null clears an optional field.
export const UpdateCandidateBody = Type.Object(
  {
    firstName: Type.Optional(Name),
    lastName: Type.Optional(Name),
    email: Type.Optional(Email),
    phone: Nullable(Phone),
    location: Nullable(Location),
    timeZone: Nullable(TimeZone),
    portfolioUrl: Nullable(WebLink),
    githubUrl: Nullable(WebLink),
    linkedinUrl: Nullable(WebLink),
    skills: Type.Optional(Skills),
    source: Nullable(Source),
    emailOptOut: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateCandidateBody = Static<typeof UpdateCandidateBody>

const NullableString = Type.Union([Type.String(), Type.Null()])
const Timestamp = Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-' })

export const ResumeInfo = Type.Object({
  id: Uuid,
  candidateId: Uuid,
  fileName: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  textExtracted: Type.Boolean({ description: 'False when the file passed the type check but its text could not be read' }),
  createdAt: Timestamp,
})

export const Candidate = Type.Object({
  id: Uuid,
  email: NullableString,
  firstName: Type.String(),
  lastName: Type.String(),
  phone: NullableString,
  location: NullableString,
  timeZone: NullableString,
  portfolioUrl: NullableString,
  githubUrl: NullableString,
  linkedinUrl: NullableString,
  skills: Type.Array(Type.String()),
  source: NullableString,
  emailOptOut: Type.Boolean(),
  erasedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  latestResume: Type.Union([ResumeInfo, Type.Null()]),
})

export const CandidateSummary = Type.Object({
  id: Uuid,
  email: NullableString,
  firstName: Type.String(),
  lastName: Type.String(),
  skills: Type.Array(Type.String()),
  source: NullableString,
  createdAt: Timestamp,
})

export const SearchHit = Type.Object({ ...CandidateSummary.properties, rank: Type.Number() })

// Filters shared by the list, search and export.
export const CandidateFilters = {
  source: Type.Optional(Source),
  skills: Type.Optional(Type.Array(Skill, { maxItems: 20, description: 'All of these skills, exactly as stored' })),
  createdAfter: Type.Optional(Timestamp),
  createdBefore: Type.Optional(Timestamp),
  jobId: Type.Optional(Uuid),
  stageId: Type.Optional(Uuid),
  status: Type.Optional(Type.Union(['ACTIVE', 'HIRED', 'REJECTED', 'WITHDRAWN'].map((s) => Type.Literal(s as 'ACTIVE')))),
}
const CandidateFiltersObject = Type.Object(CandidateFilters)
export type CandidateFilters = Static<typeof CandidateFiltersObject>

export const ListCandidatesQuery = Type.Object({ ...PageQuery, ...CandidateFilters }, { additionalProperties: false })

export const SearchCandidatesQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: PageQuery.cursor,
    ...CandidateFilters,
  },
  { additionalProperties: false },
)

export const ExportCandidatesQuery = Type.Object(
  { format: Type.Union([Type.Literal('csv'), Type.Literal('json')], { default: 'csv' }), ...CandidateFilters },
  { additionalProperties: false },
)

export const ImportCandidatesQuery = Type.Object(
  { jobId: Type.Optional(Type.String({ format: 'uuid', pattern: UUID_PATTERN, description: 'Also apply every imported candidate to this open job, at its first stage' })) },
  { additionalProperties: false },
)

export const CreateNoteBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 10_000, pattern: '\\S' }), applicationId: Type.Optional(Uuid) },
  { additionalProperties: false },
)

export const Note = Type.Object({
  id: Uuid,
  candidateId: Uuid,
  applicationId: Type.Union([Uuid, Type.Null()]),
  authorId: Type.Union([Uuid, Type.Null()]),
  body: Type.String(),
  createdAt: Timestamp,
})

export const ListNotesQuery = Type.Object({ ...PageQuery }, { additionalProperties: false })
