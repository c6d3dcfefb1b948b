import createError from '@fastify/error'

// The error catalogue: every deliberate 4xx has a stable code, and the code names
// the problem type on the wire (RFC 9457 `type`), so clients can branch on it.
export const PROBLEM_TYPE_BASE = 'https://shortlist.dev/problems/'

export const Errors = {
  Unauthorized: createError('SL_UNAUTHORIZED', 'Authentication required: %s', 401),
  Forbidden: createError('SL_FORBIDDEN', 'Your role may not %s', 403),
  NotFound: createError('SL_NOT_FOUND', '%s not found', 404),
  Conflict: createError('SL_CONFLICT', '%s', 409),
  // Someone on an interview panel is not free then: its own code, so a candidate's page can tell a lost race from a closed door.
  PanelNotFree: createError('SL_PANEL_NOT_FREE', '%s', 409),
  PreconditionFailed: createError('SL_PRECONDITION_FAILED', '%s', 412),
  PreconditionRequired: createError('SL_PRECONDITION_REQUIRED', '%s', 428),
  InvalidCredentials: createError('SL_INVALID_CREDENTIALS', 'E-mail or password is wrong', 401),
  InvalidRefreshToken: createError('SL_INVALID_REFRESH_TOKEN', 'Refresh token is invalid, expired or revoked', 401),
  ServiceUnavailable: createError('SL_SERVICE_UNAVAILABLE', '%s is unavailable', 503),
  UnsupportedMediaType: createError('SL_UNSUPPORTED_MEDIA_TYPE', '%s', 415),
  PayloadTooLarge: createError('SL_PAYLOAD_TOO_LARGE', 'The file is larger than the limit of %s bytes', 413),
  FileMissing: createError('SL_FILE_MISSING', 'Send the file as a multipart/form-data file part', 400),
  ImportBadHeader: createError('SL_IMPORT_BAD_HEADER', 'The CSV header is not usable: %s', 400),
  ImportNotCsv: createError('SL_IMPORT_NOT_CSV', 'The file is not valid CSV: %s', 400),
  // A multipart body that cannot be parsed (src/http/upload-errors.ts).
  MalformedUpload: createError('SL_MALFORMED_UPLOAD', 'The upload could not be read as multipart/form-data: %s', 400),
  // More parts than the one file an upload route takes.
  NotOneFile: createError('SL_NOT_ONE_FILE', 'Send one file part and nothing else', 400),
} as const

/**
 * A body rule JSON Schema cannot express (a duplicate in a list, a second offer
 * stage), answered exactly like a schema validation error: 400 with a pointer.
 */
export function invalidBody(pointer: string, detail: string, context: 'body' | 'querystring' = 'body'): Error {
  return Object.assign(new Error(detail), {
    statusCode: 400,
    code: 'FST_ERR_VALIDATION',
    validationContext: context,
    validation: [{ instancePath: pointer, message: detail }],
  })
}

/** A 409 that lists what it conflicts with, as the problem's `conflicts` member. */
export function conflictWith(detail: string, conflicts: unknown[], kind: 'Conflict' | 'PanelNotFree' = 'Conflict'): Error {
  return Object.assign(new Errors[kind](detail), { problemExtensions: { conflicts } })
}

export const isPanelNotFree = (error: unknown) => (error as { code?: string })?.code === 'SL_PANEL_NOT_FREE'
export const isNotOneFile = (error: unknown) => (error as { code?: string })?.code === 'SL_NOT_ONE_FILE'

/** Problem type slugs for errors that do not come from the catalogue. */
export const problemSlugs: Record<string, string> = {
  SL_UNAUTHORIZED: 'unauthorized',
  SL_FORBIDDEN: 'forbidden',
  SL_NOT_FOUND: 'not-found',
  SL_CONFLICT: 'conflict',
  SL_PANEL_NOT_FREE: 'panel-not-free',
  SL_PRECONDITION_FAILED: 'precondition-failed',
  SL_PRECONDITION_REQUIRED: 'precondition-required',
  SL_INVALID_CREDENTIALS: 'invalid-credentials',
  SL_INVALID_REFRESH_TOKEN: 'invalid-refresh-token',
  SL_SERVICE_UNAVAILABLE: 'service-unavailable',
  SL_UNSUPPORTED_MEDIA_TYPE: 'unsupported-media-type',
  SL_PAYLOAD_TOO_LARGE: 'payload-too-large',
  SL_FILE_MISSING: 'file-missing',
  SL_IMPORT_BAD_HEADER: 'import-bad-header',
  SL_IMPORT_NOT_CSV: 'import-not-csv',
  SL_MALFORMED_UPLOAD: 'malformed-upload',
  SL_NOT_ONE_FILE: 'not-one-file',
  FST_ERR_VALIDATION: 'validation-error',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad-request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-body',
  FST_ERR_BAD_URL: 'bad-request',
  FST_ERR_MAX_PARAM_LENGTH: 'uri-too-long',
  FST_ERR_RATE_LIMITED: 'rate-limited',
}
