import { Errors } from '../../errors.ts'

/** An application's version as a strong entity tag: "3". */
export const etagOf = (version: number) => `"${version}"`

/**
 * The version a move is conditional on, from If-Match. Missing → 428: moves are
 * never blind. `*` is refused the same way, since it would match any version
 * and defeat the lost-update check. Any other tag that is not one of ours
 * cannot match the current version → 412, as HTTP prescribes.
 */
export function versionFromIfMatch(header: string | undefined): number {
  const value = header?.trim()
  if (!value || value === '*') {
    throw new Errors.PreconditionRequired('send If-Match with the ETag of the version you saw, e.g. If-Match: "3"')
  }
  const match = /^"(\d{1,9})"$/.exec(value)
  if (!match?.[1]) throw new Errors.PreconditionFailed(`If-Match ${JSON.stringify(value)} is not a version of this application (expected e.g. "3")`)
  return Number(match[1])
}
