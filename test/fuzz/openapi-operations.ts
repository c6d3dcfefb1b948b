// Reads the served OpenAPI document into a flat list of operations with their
// input schemas fully inlined, so the generators never see a $ref.

/** The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) the generators understand. */
export interface JsonSchema {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  patternProperties?: Record<string, JsonSchema>
  additionalProperties?: boolean | JsonSchema
  required?: string[]
  minProperties?: number
  maxProperties?: number
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  multipleOf?: number
  default?: unknown
  [keyword: string]: unknown
}

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required: boolean
  schema: JsonSchema
}

export interface Operation {
  /** "POST /users/{id}": how failures name the operation. */
  id: string
  method: string
  /** The OpenAPI path template, e.g. /users/{id}. */
  path: string
  pathParams: Parameter[]
  queryParams: Parameter[]
  headerParams: Parameter[]
  body?: { required: boolean; mediaTypes: string[]; schema?: JsonSchema }
  /** Whether the document says the operation needs credentials. */
  secured: boolean
}

interface OpenApiDocument {
  openapi: string
  paths?: Record<string, Record<string, unknown>>
  components?: { schemas?: Record<string, JsonSchema> }
  security?: Array<Record<string, string[]>>
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = []
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const shared = (item.parameters as RawParameter[] | undefined) ?? []
    for (const method of METHODS) {
      const raw = item[method] as RawOperation | undefined
      if (!raw) continue
      const parameters = [...shared, ...(raw.parameters ?? [])].map((p) => toParameter(p, document))
      const content = raw.requestBody?.content ?? {}
      const mediaTypes = Object.keys(content)
      const jsonType = mediaTypes.find(isJsonMediaType)
      const security = raw.security ?? document.security ?? []
      operations.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        headerParams: parameters.filter((p) => p.in === 'header'),
        body: raw.requestBody
          ? {
              required: raw.requestBody.required ?? false,
              mediaTypes,
              schema: jsonType ? inline(content[jsonType]?.schema ?? {}, document) : undefined,
            }
          : undefined,
        // An empty requirement object ({}) makes credentials optional.
        secured: security.length > 0 && security.every((requirement) => Object.keys(requirement).length > 0),
      })
    }
  }
  return operations
}

/** /users/{id} (OpenAPI) -> /users/:id (Fastify), to match an operation with its route. */
export function routeUrlOf(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ':$1')
}

export function isJsonMediaType(mediaType: string): boolean {
  return /^application\/([a-z0-9.+-]*\+)?json\b/i.test(mediaType)
}

interface RawParameter {
  name: string
  in: Parameter['in']
  required?: boolean
  schema?: JsonSchema
  $ref?: string
}

interface RawOperation {
  parameters?: RawParameter[]
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> }
  security?: Array<Record<string, string[]>>
}

function toParameter(raw: RawParameter, document: OpenApiDocument): Parameter {
  if (raw.$ref) throw new Error(`parameter $ref is not supported by the fuzzer yet: ${raw.$ref}`)
  return { name: raw.name, in: raw.in, required: raw.in === 'path' || raw.required === true, schema: inline(raw.schema ?? {}, document) }
}

/** Replaces every local $ref by a copy of its target; a recursive schema is cut off (as {}) a few levels down. */
export function inline(schema: JsonSchema, document: OpenApiDocument, depth = 0): JsonSchema {
  if (depth > 12) return {}
  if (typeof schema !== 'object' || schema === null) return schema
  if (Array.isArray(schema)) return schema.map((s) => inline(s, document, depth + 1)) as unknown as JsonSchema
  if (typeof schema.$ref === 'string') {
    const { $ref, ...siblings } = schema
    return inline({ ...resolvePointer($ref, document), ...siblings }, document, depth + 1)
  }
  const copy: JsonSchema = {}
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = typeof value === 'object' && value !== null && key !== 'enum' && key !== 'const' && key !== 'default' && key !== 'examples'
      ? inline(value as JsonSchema, document, depth + 1)
      : value
  }
  return copy
}

function resolvePointer(ref: string, document: OpenApiDocument): JsonSchema {
  if (!ref.startsWith('#/')) {
    // @fastify/swagger names shared schemas by $id; it should have rewritten them to #/components/schemas/<id>.
    const byId = document.components?.schemas?.[ref]
    if (byId) return byId
    throw new Error(`unresolvable $ref in the OpenAPI document: ${ref}`)
  }
  let target: unknown = document
  for (const token of ref.slice(2).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~')
    target = (target as Record<string, unknown> | undefined)?.[key]
  }
  if (typeof target !== 'object' || target === null) throw new Error(`dangling $ref in the OpenAPI document: ${ref}`)
  return target as JsonSchema
}
