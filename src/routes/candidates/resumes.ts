import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import contentDisposition from 'content-disposition'
import { Type } from 'typebox'
import { Errors } from '../../errors.ts'
import { receiveOnlyFile } from '../../http/upload-errors.ts'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { ResumeInfo } from '../../schemas/candidates.ts'
import { assertCandidateVisible } from '../../services/candidates.ts'
import { createResumesService } from '../../services/resumes.ts'

// Room for the multipart envelope around the file itself.
const MULTIPART_OVERHEAD = 64 * 1024

/** Refuses at once a body that is not multipart, or announces itself as too large, before reading any of it. */
export function checkUploadRequest(request: FastifyRequest, maxFileBytes: number): void {
  if (!request.isMultipart()) throw new Errors.UnsupportedMediaType('Send the file as a multipart/form-data file part')
  const announced = Number(request.headers['content-length'])
  if (Number.isFinite(announced) && announced > maxFileBytes + MULTIPART_OVERHEAD) throw new Errors.PayloadTooLarge(String(maxFileBytes))
}

// A candidate's resume: upload (PDF or DOCX, checked by content) and download of the latest.
const resumes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const maxBytes = app.config.RESUME_MAX_BYTES
  const service = createResumesService(app.db, { storageDir: app.config.RESUME_STORAGE_DIR, maxBytes })
  const tags = ['candidates']
  const security = [{ bearerAuth: [] }]
  const problem = Type.Ref('Problem')

  app.post(
    '/:id/resume',
    {
      schema: {
        tags, security, consumes: ['multipart/form-data'],
        summary: 'Upload a resume (one PDF or DOCX file part; its text is extracted for search)',
        description: 'The type is judged by content. A file that passes the check but whose text cannot be read is kept, with textExtracted: false.',
        params: IdParams,
        response: { 201: ResumeInfo, ...problemResponses, 404: problem, 409: problem, 413: problem, 415: problem },
      },
      config: { access: access.roles('ADMIN', 'RECRUITER') },
    },
    async (request, reply) => {
      const candidateId = request.params.id
      const candidate = await assertCandidateVisible(app.db, request.principal!, candidateId)
      if (candidate.erasedAt) throw new Errors.Conflict('This candidate was erased; a resume cannot be added')
      checkUploadRequest(request, maxBytes)
      const upload = await receiveOnlyFile(request)
      if (!upload) throw new Errors.FileMissing()
      const { part, nothingFollows } = upload
      const resume = await service.storeResume(candidateId, { file: part.file, filename: part.filename, nothingFollows }, { actorId: request.principal!.userId, requestId: request.id })
      return reply.code(201).header('location', `/candidates/${candidateId}/resume`).send({ ...resume, createdAt: resume.createdAt.toISOString() })
    },
  )

  app.get(
    '/:id/resume',
    {
      schema: {
        tags, security, summary: 'Download the latest resume', params: IdParams,
        response: { 200: Type.String({ format: 'binary', description: 'The file, as uploaded' }), ...problemResponses, 404: problem },
      },
      config: { access: access.anyUser },
    },
    async (request, reply) => {
      const file = await service.openLatestResume(request.principal!, request.params.id)
      return reply
        .header('content-type', file.contentType)
        .header('content-length', file.sizeBytes)
        .header('content-disposition', contentDisposition(file.fileName))
        .header('etag', `"${file.sha256}"`)
        .send(file.stream)
    },
  )
}

export default resumes
