import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { decodeCursor, encodeCursor, isInstantCursor, isUuidCursor, Page } from '../../schemas/pagination.ts'
import { CreateNoteBody, ListNotesQuery, Note } from '../../schemas/candidates.ts'
import { createCandidateNotesService, type NoteCursor } from '../../services/candidate-notes.ts'

const isNoteCursor = (v: unknown): v is NoteCursor =>
  typeof v === 'object' && v !== null && isUuidCursor((v as NoteCursor).id) && isInstantCursor((v as NoteCursor).createdAt)

// Notes on a candidate. Interviewers neither read nor write them: notes carry
// the team's opinions, which an interviewer should not see before scoring.
const notes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = createCandidateNotesService(app.db)
  const tags = ['candidates']
  const security = [{ bearerAuth: [] }]
  const staff = { access: access.roles('ADMIN', 'RECRUITER', 'HIRING_MANAGER') }

  app.post(
    '/:id/notes',
    {
      schema: { tags, security, summary: 'Add a note (hiring managers: on candidates of the jobs they manage)', params: IdParams, body: CreateNoteBody, response: { 201: Note, ...problemResponses, 404: Type.Ref('Problem'), 409: Type.Ref('Problem') } },
      config: staff,
    },
    async (request, reply) => {
      const note = await service.addNote(request.principal!, request.params.id, request.body, { actorId: request.principal!.userId, requestId: request.id })
      return reply.code(201).send(noteJson(note))
    },
  )

  app.get(
    '/:id/notes',
    {
      schema: { tags, security, summary: 'Notes on a candidate, newest first', params: IdParams, querystring: ListNotesQuery, response: { 200: Page(Note), ...problemResponses, 404: Type.Ref('Problem') } },
      config: staff,
    },
    async (request) => {
      const { limit, cursor } = request.query
      const page = await service.listNotes(request.principal!, request.params.id, { limit, after: decodeCursor(cursor, isNoteCursor) })
      return { items: page.items.map(noteJson), nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  )
}

function noteJson<T extends { createdAt: Date }>(note: T) {
  return { ...note, createdAt: note.createdAt.toISOString() }
}

export default notes
