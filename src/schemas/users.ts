import { Type } from 'typebox'
import { Email, RoleName, Uuid } from './common.ts'
import { PageQuery } from './pagination.ts'

// `time-zone` is a format of our own (src/app.ts): a zone Intl knows, not just a name shaped like one.
export const TimeZone = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$', format: 'time-zone', description: 'An IANA time zone, e.g. Europe/Berlin' })

export const User = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: RoleName,
  timeZone: Type.String(),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-' }),
})

export const CreateUserBody = Type.Object(
  {
    email: Email,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: RoleName,
    password: Type.String({ minLength: 12, maxLength: 1024 }),
    timeZone: Type.Optional(TimeZone),
  },
  { additionalProperties: false },
)

export const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(RoleName),
    active: Type.Optional(Type.Boolean()),
    timeZone: Type.Optional(TimeZone),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const ListUsersQuery = Type.Object(
  { ...PageQuery, role: Type.Optional(RoleName), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
)
