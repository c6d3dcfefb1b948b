import { Type, type Static } from 'typebox'

// RFC 9457 problem details, as every error response carries them.
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'Stable URI naming the kind of problem' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          pointer: Type.String({ description: 'JSON pointer into the request, e.g. /body/email' }),
          detail: Type.String(),
        }),
      ),
    ),
    conflicts: Type.Optional(
      Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'What a booking conflicts with: who, why, and the interview in the way' }),
    ),
  },
  { $id: 'Problem', additionalProperties: true },
)
export type Problem = Static<typeof Problem>
