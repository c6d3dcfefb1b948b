import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { problemResponses } from '../../schemas/common.ts'
import { decodeCursor, encodeCursor, isInstantCursor, isUuidCursor, Page } from '../../schemas/pagination.ts'
import { CandidateSummary, ListCandidatesQuery, SearchCandidatesQuery, SearchHit } from '../../schemas/candidates.ts'
import { createCandidateSearch, type CandidateSummaryRow, type ListCursor, type SearchCursor } from '../../services/candidate-search.ts'

const isListCursor = (v: unknown): v is ListCursor =>
  typeof v === 'object' && v !== null && isUuidCursor((v as ListCursor).id) && isInstantCursor((v as ListCursor).createdAt)
const isSearchCursor = (v: unknown): v is SearchCursor =>
  typeof v === 'object' && v !== null && isUuidCursor((v as SearchCursor).id) && Number.isFinite((v as SearchCursor).rank)

// The candidate list (newest first) and search. Everyone may call both; hiring
// managers and interviewers only find candidates of their own jobs.
const lists: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const search = createCandidateSearch(app.db, app.pg)
  const tags = ['candidates']
  const security = [{ bearerAuth: [] }]

  app.get(
    '',
    {
      schema: { tags, security, summary: 'List candidates, newest first (keyset pages)', querystring: ListCandidatesQuery, response: { 200: Page(CandidateSummary), ...problemResponses, 404: Type.Ref('Problem') } },
      config: { access: access.anyUser },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query
      const page = await search.listCandidates(request.principal!, filters, { limit, after: decodeCursor(cursor, isListCursor) })
      return { items: page.items.map(summaryJson), nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  )

  app.get(
    '/search',
    {
      schema: {
        tags, security,
        summary: 'Search candidates by name, e-mail, skills, notes and resume text (typos forgiven), best match first',
        description: 'Terms are all required; "quoted phrases" and -excluded terms work. Ranked; when more than 200 candidates match, the ranking covers the first 200 found, not the best 200: add terms or filters to narrow a common word. Skills filters ignore letter case.',
        querystring: SearchCandidatesQuery,
        response: { 200: Page(SearchHit), ...problemResponses, 404: Type.Ref('Problem') },
      },
      config: { access: access.anyUser },
    },
    async (request) => {
      const { q, limit, cursor, ...filters } = request.query
      const page = await search.searchCandidates(request.principal!, q, filters, { limit, after: decodeCursor(cursor, isSearchCursor) })
      return { items: page.items.map((hit) => ({ ...summaryJson(hit), rank: hit.rank })), nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  )
}

function summaryJson(row: CandidateSummaryRow) {
  return { id: row.id, email: row.email, firstName: row.firstName, lastName: row.lastName, skills: row.skills, source: row.source, createdAt: row.createdAt.toISOString() }
}

export default lists
