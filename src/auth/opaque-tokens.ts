import { createHash, randomBytes } from 'node:crypto'

/** 256 random bits, URL-safe: refresh tokens, API keys and candidate links. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Tokens are stored as SHA-256: they are random, so a slow hash adds nothing, and a leaked table reveals no usable token. */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
