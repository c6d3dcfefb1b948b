import { Type } from 'typebox'
import { Email, RoleName, Uuid } from './common.ts'

export const LoginBody = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
)

export const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 16, maxLength: 256 }) }, { additionalProperties: false })

export const TokenPair = Type.Object({
  tokenType: Type.Literal('Bearer'),
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires' }),
  refreshToken: Type.String({ description: 'Opaque; single use: each refresh returns a new one' }),
  refreshExpiresAt: Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-' }),
})

export const Me = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: RoleName,
  timeZone: Type.String(),
})
