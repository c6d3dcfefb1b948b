import { Type, type Static } from 'typebox'
import { ListApplicationsQuery } from './applications.ts'
import { ExportCandidatesQuery } from './candidates.ts'

// The list's own filters, minus its page controls: an export is the whole
// filtered list, read in batches on the server. Taken from the list's schema so
// the two cannot drift apart.
const { limit: _limit, cursor: _cursor, ...listFilters } = ListApplicationsQuery.properties

export const ExportApplicationsQuery = Type.Object(
  { format: ExportCandidatesQuery.properties.format, ...listFilters },
  { additionalProperties: false },
)
export type ExportApplicationsQuery = Static<typeof ExportApplicationsQuery>
