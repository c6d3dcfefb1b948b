import { Type } from 'typebox'

/**
 * Ajv's uuid format also accepts a "urn:uuid:" prefix, which PostgreSQL's uuid
 * type does not: the pattern keeps ids to the plain 8-4-4-4-12 form. In lower
 * case, as the API writes them: ids given in a body are compared with ids read
 * from the database, and an upper-case one would not match its own row (a panel
 * member "not on the team").
 */
export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
export const Uuid = Type.String({ format: 'uuid', pattern: UUID_PATTERN, description: 'A UUID in lower case' })
export const Email = Type.String({ format: 'email', maxLength: 254 })
export const RoleName = Type.Union(['ADMIN', 'RECRUITER', 'HIRING_MANAGER', 'INTERVIEWER'].map((r) => Type.Literal(r as 'ADMIN')), {
  description: 'ADMIN, RECRUITER, HIRING_MANAGER or INTERVIEWER',
})
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false })

/** Error responses every authenticated route may give, by reference to the shared Problem schema. */
export const problemResponses = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
}
