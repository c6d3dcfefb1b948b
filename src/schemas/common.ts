import { Type } from 'typebox'

export const Uuid = Type.String({ format: 'uuid', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' })
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
