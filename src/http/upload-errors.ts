import { Errors } from '../errors.ts'
import type { FastifyRequest } from 'fastify'
import type { MultipartFile } from '@fastify/multipart'
import { finished, type Readable } from 'node:stream'

// The body of a multipart upload is the client's: when it cannot be parsed
// (no boundary, no closing boundary, not multipart at all) that is a 400 that
// says so, not a 500. Busboy, under @fastify/multipart, reports these with
// plain Errors that carry neither a code nor a status, so they are recognised
// by what they are not: @fastify/multipart's own errors (parts/files/fields
// limits 413, FST_MP_PREMATURE_CLOSE 400) already carry a status and pass
// through, and busboy's TypeErrors are about the options we gave it.

/** An error raised while parsing the client's multipart body, as the client's problem. */
export function asUploadError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof TypeError) return error
  if (typeof (error as { statusCode?: unknown }).statusCode === 'number') return error
  return new Errors.MalformedUpload(error.message, { cause: error })
}

/** request.file(), its parse errors answered as 400. */
export async function receiveFile(request: FastifyRequest, options?: Parameters<FastifyRequest['file']>[0]): Promise<MultipartFile | undefined> {
  try {
    return await request.file(options)
  } catch (error) {
    throw asUploadError(error)
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
