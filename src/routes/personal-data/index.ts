import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses, UUID_PATTERN } from '../../schemas/common.ts'
import { exportCandidateData } from '../../services/candidate-data-export.ts'
import { eraseCandidate } from '../../services/candidate-erasure.ts'
import { removeStoredResumes } from '../../services/resume-files.ts'
import { recordAudit } from '../../services/audit.ts'

const SubjectAccessExport = Type.Object({ exportedAt: Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-' }), candidate: Type.Unknown() })
const ErasureBody = Type.Object(
  { confirm: Type.Literal(true, { description: 'Erasure cannot be undone: send true to confirm' }) },
  { additionalProperties: false },
)
const ErasureResult = Type.Object({ candidateId: Type.String({ format: 'uuid', pattern: UUID_PATTERN }), alreadyErased: Type.Boolean() })

// A candidate's rights over their data: a copy of everything (subject access)
// and erasure. Recruiters handle these requests; admins may too.
const personalData: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const staff = { access: access.roles('ADMIN', 'RECRUITER') }
  const tags = ['personal data']
  const security = [{ bearerAuth: [] }]

  app.get(
    '/:id/personal-data',
    {
      schema: { tags, security, summary: 'Everything held on one candidate, as JSON (subject access request)', params: IdParams, response: { 200: SubjectAccessExport, ...problemResponses, 404: Type.Ref('Problem') } },
      config: staff,
    },
    async (request, reply) => {
      const data = await exportCandidateData(app.db, request.params.id)
      // Everything held on someone, in one file: who took it is on record (ids only), like a list export.
      // Written before the answer, so a copy that cannot be recorded is not handed out.
      await recordAudit(app.db, {
        action: 'candidate.personal_data_exported', actorId: request.principal!.userId, entityType: 'candidate',
        entityId: request.params.id, candidateId: request.params.id, requestId: request.id,
      })
      reply.header('content-disposition', `attachment; filename="candidate-${request.params.id}.json"`)
      return data
    },
  )

  app.post(
    '/:id/erasure',
    {
      schema: { tags, security, summary: 'Erase a candidate’s personal data everywhere (irreversible)', params: IdParams, body: ErasureBody, response: { 200: ErasureResult, ...problemResponses, 404: Type.Ref('Problem') } },
      config: staff,
    },
    async (request) => {
      const result = await eraseCandidate(app.db, request.params.id, { actorId: request.principal!.userId, basis: 'subject-request', requestId: request.id })
      // The erasure has committed and listed the files; whatever cannot be deleted now, the worker deletes later.
      const files = await removeStoredResumes(app.db, app.config.RESUME_STORAGE_DIR, result.resumeStorageKeys).catch(() => ({ failed: result.resumeStorageKeys.length }))
      if (files.failed) request.log.warn({ resumeFilesLeft: files.failed }, 'resume files left for the worker to delete')
      return { candidateId: result.candidateId, alreadyErased: result.alreadyErased }
    },
  )
}

export default personalData
