import { Readable } from 'node:stream'
import { Errors } from '../../errors.ts'
import { receiveOnlyFile } from '../../http/upload-errors.ts'
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { problemResponses } from '../../schemas/common.ts'
import { ExportCandidatesQuery, ImportCandidatesQuery } from '../../schemas/candidates.ts'
import { exportCandidates } from '../../services/candidate-export.ts'
import { sendExport } from '../../services/list-export.ts'
import { beginCandidateImport } from '../../services/candidate-import.ts'
import { checkUploadRequest } from './resumes.ts'

// Database errors can quote the row they failed on: log what failed, never the values.
const failure = (error: unknown) => ({ name: (error as Error | null)?.name, code: (error as { code?: unknown } | null)?.code })

// Bulk in and out: a streamed CSV import with a streamed per-row report, and
// the filtered list exported as CSV or JSON. Recruiters and admins only.
const transfers: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['candidates']
  const security = [{ bearerAuth: [] }]
  const staff = { access: access.roles('ADMIN', 'RECRUITER') }
  const problem = Type.Ref('Problem')
  const maxImportBytes = app.config.IMPORT_MAX_BYTES

  app.post(
    '/import',
    {
      schema: {
        tags, security, consumes: ['multipart/form-data'],
        summary: 'Import candidates from a CSV file part (upsert by e-mail; optionally apply them to an open job)',
        description:
          'Header row with firstName, lastName, email and any of phone, location, timeZone, skills (";"-separated), source, portfolioUrl, githubUrl, linkedinUrl. ' +
          'The answer is NDJSON, streamed: one line per row {line, status: created|updated|unchanged|rejected, id?, reason?, application?: created|exists|refused, applicationId?}, then {summary}. A refused application keeps its candidate; reason says why (the job closed during the import).',
        querystring: ImportCandidatesQuery,
        response: { 200: Type.String({ description: 'application/x-ndjson report' }), ...problemResponses, 404: problem, 409: problem, 413: problem, 415: problem },
      },
      config: staff,
    },
    async (request, reply) => {
      checkUploadRequest(request, maxImportBytes)
      const upload = await receiveOnlyFile(request, { limits: { fileSize: maxImportBytes, files: 1, fields: 0, parts: 1 } })
      if (!upload) throw new Errors.FileMissing()
      const report = await beginCandidateImport(app.db, upload.part.file, {
        nothingFollows: upload.nothingFollows,
        jobId: request.query.jobId,
        actor: { actorId: request.principal!.userId, requestId: request.id },
        onError: (error) => request.log.error({ failure: failure(error) }, 'candidate import stopped'),
      })
      return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(report))
    },
  )

  app.get(
    '/export',
    {
      schema: {
        tags, security, summary: 'Export the filtered candidate list as CSV (re-importable) or a JSON array, streamed',
        querystring: ExportCandidatesQuery,
        response: { 200: Type.String({ description: 'text/csv or application/json' }), ...problemResponses, 404: problem },
      },
      config: staff,
    },
    async (request, reply) => {
      const { format, ...filters } = request.query
      const body = await exportCandidates(app.db, request.principal!, filters, format, { actorId: request.principal!.userId, requestId: request.id })
      return sendExport(request, reply, 'candidates', format, body)
    },
  )
}

export default transfers
