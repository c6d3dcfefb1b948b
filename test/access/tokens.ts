// Hand-made HS256 JWTs, so the test can forge exactly the tokens an attacker or
// a clock would produce (expired, wrong key, alg "none", missing claims)
// without relying on the library under test to make them.
import { createHmac } from 'node:crypto'

const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url')

export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`
}

export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`
}

/** The claims of a token the app issued (read, not verified). */
export function claimsOf(token: string): { sub: string; sid: string; iat: number; exp: number } {
  const payload = token.split('.')[1]
  if (!payload) throw new Error('not a JWT')
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
}

export const nowSeconds = () => Math.floor(Date.now() / 1000)
