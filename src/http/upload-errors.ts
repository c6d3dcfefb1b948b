import { Errors } from '../errors.ts'
import type { FastifyRequest } from 'fastify'
import type { MultipartFile } from '@fastify/multipart'
import { finished, type Readable } from 'node:stream'

// The body of a multipart upload is the client's: when it cannot be parsed
// (no boundary, no closing boundary, not multipart at all) that is a 400 that
// says so, not a 500. Busboy, under @fastify/multipart, reports these with
// plain Errors that carry neither a code nor a status, so they are recognised
// by what they are not: @fastify/multipart's own errors (FST_MP_PREMATURE_CLOSE
// 400 and the like) already carry a status and pass through, and busboy's
// TypeErrors are about the options we gave it. Its parts, files and fields
// limits (413 "reach parts limit") are our routes' "one file only": said so.

const PART_LIMITS = new Set<unknown>(['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT'])

/** An error raised while parsing the client's multipart body, as the client's problem. */
export function asUploadError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof TypeError) return error
  if (PART_LIMITS.has((error as { code?: unknown }).code)) return new Errors.NotOneFile({ cause: error })
  if (typeof (error as { statusCode?: unknown }).statusCode === 'number') return error
  return new Errors.MalformedUpload(error.message, { cause: error })
}

/** The upload's one file part, and the check to make once its bytes are read that nothing came after it. */
export interface OnlyFile {
  part: MultipartFile
  /**
   * Reads on to the end of the body: throws NotOneFile if another part
   * follows. request.file() stops at the first file and
   * never looks further, so a body of two files would keep the first unasked.
   */
  nothingFollows: () => Promise<void>
}

/** The body's first part, which must be a file; undefined if the body has none. Parse errors answer 400. */
export async function receiveOnlyFile(request: FastifyRequest, options?: Parameters<FastifyRequest['parts']>[0]): Promise<OnlyFile | undefined> {
  const parts = request.parts(options)
  const next = async () => {
    try {
      return await parts.next()
    } catch (error) {
      throw asUploadError(error)
    }
  }
  const first = await next()
  if (first.done || first.value.type !== 'file') return undefined
  return {
    part: first.value,
    nothingFollows: async () => {
      const after = await next()
      if (!after.done) throw new Errors.NotOneFile()
    },
  }
}

/**
 * The part's bytes as they arrive; an error reading them is the upload's
 * (translated), never the consumer's: a pipeline from this source tells a
 * body cut short (400) from a disk that failed (500). The async iterator also
 * notices a part stream that failed before anyone listened.
 */
export async function* uploadedBytes(file: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of file) yield chunk as Buffer
  } catch (error) {
    throw asUploadError(error)
  }
}

/**
 * Calls `onError` once if the part stream fails, now or later. The parser may
 * have destroyed the part before it was handed over (the end of a body without
 * its closing boundary is seen at once): its 'error' event is then long gone,
 * and a plain pipe() from it would leave the consumer waiting for ever.
 */
export function onUploadError(file: Readable, onError: (error: unknown) => void): void {
  finished(file, { writable: false }, (error) => {
    if (error) onError(asUploadError(error))
  })
}
