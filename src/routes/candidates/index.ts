import type { FastifyPluginAsync } from 'fastify'
import multipart from '@fastify/multipart'
import { PROBLEM_TYPE_BASE } from '../../errors.ts'
import { isCandidateExists } from '../../services/candidates.ts'
import candidateRecords from './records.ts'
import candidateLists from './lists.ts'
import candidateNotes from './notes.ts'
import candidateResumes from './resumes.ts'
import candidateTransfers from './transfers.ts'

// Candidates: records, lists and search, notes, resumes, CSV import and export.
const candidates: FastifyPluginAsync = async (fastify) => {
  // Uploads only exist under /candidates, so multipart parsing is registered
  // here, not app-wide. One file per request; the import raises the size limit
  // for its own route.
  await fastify.register(multipart, {
    limits: { fileSize: fastify.config.RESUME_MAX_BYTES, files: 1, fields: 0, parts: 1, headerPairs: 20 },
    throwFileSizeLimit: true,
  })

  // A duplicate e-mail is a 409 that points at the candidate holding it, in the
  // Location header and in the problem body. Every other error goes on to the
  // app's problem-details handler.
  fastify.setErrorHandler(function pointAtExistingCandidate(error, request, reply) {
    if (!isCandidateExists(error)) throw error
    const location = `/candidates/${error.existingCandidateId}`
    return reply.code(409).header('location', location).type('application/problem+json; charset=utf-8').send({
      type: `${PROBLEM_TYPE_BASE}conflict`,
      title: 'Conflict',
      status: 409,
      detail: `${error.message}: ${location}`,
      instance: request.url.split('?')[0],
      code: error.code,
      existingCandidateId: error.existingCandidateId,
      existingCandidate: location,
    })
  })

  await fastify.register(candidateRecords)
  await fastify.register(candidateLists)
  await fastify.register(candidateNotes)
  await fastify.register(candidateResumes)
  await fastify.register(candidateTransfers)
}

export default candidates
