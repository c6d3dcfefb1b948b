// Builds the requests for one operation: a valid baseline, then variants that
// break exactly one thing (a field, the encoding, the framing of the body).
import type { JsonSchema, Operation, Parameter } from './openapi-operations.ts'
import type { Rng } from './prng.ts'
import { validValue, primaryType } from './schema-values.ts'
import { deeplyNested, mutationsFor, type Mutation } from './mutations.ts'
import { asText, encodeComponent, queryPairs, queryString, toJsonText } from './request-encoding.ts'

export interface FuzzCase {
  operation: Operation
  /** What was broken, e.g. "body.name: NUL byte". */
  label: string
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
  priority: boolean
  /** A status the contract fixes for this input (an oversized body is 413). */
  expectStatus?: number
}

export interface CaseContext {
  rng: Rng
  knownIds: readonly string[]
  bodyLimitBytes: number
}

interface Baseline {
  path: Record<string, unknown>
  query: Record<string, unknown>
  headers: Record<string, string>
  body: unknown
}

// Path segments no encoder would produce: broken percent-encodings and dot segments.
const RAW_PATH_SEGMENTS: ReadonlyArray<readonly [string, string]> = [
  ['truncated percent-encoding', '%E0%A4%A'],
  ['lone percent sign', '%'],
  ['invalid percent-encoding', '%zz'],
  ['overlong UTF-8 (encoded slash)', '%C0%AF'],
  ['encoded slash', 'a%2Fb'],
  ['double-encoded dot-dot', '%252e%252e'],
  ['dot-dot segment', '..'],
  ['empty segment', ''],
]

const MALFORMED_JSON: ReadonlyArray<readonly [string, string]> = [
  ['truncated JSON', '{"a":'],
  ['single-quoted JSON', "{'a': 1}"],
  ['trailing comma', '{"a": 1,}'],
  ['trailing garbage', '{}garbage'],
  ['NaN literal', '{"a": NaN}'],
  ['bare word', 'undefined'],
  ['BOM before JSON', '\uFEFF{}'],
  ['unterminated string', '{"a": "b'],
  ['__proto__ key (prototype poisoning)', '{"__proto__": {"isAdmin": true}}'],
  ['constructor.prototype key', '{"constructor": {"prototype": {"isAdmin": true}}}'],
]

const WRONG_CONTENT_TYPES: ReadonlyArray<readonly [string, string, string]> = [
  ['text/plain', 'text/plain', '{}'],
  ['form-urlencoded', 'application/x-www-form-urlencoded', 'a=1&b=2'],
  ['multipart without parts', 'multipart/form-data; boundary=x', '--x--\r\n'],
  ['XML', 'application/xml', '<a>1</a>'],
  ['JSON with UTF-16 charset', 'application/json; charset=utf-16', '{}'],
  ['garbage content-type', ';;;=/', '{}'],
]

/** What a case changes in a (fresh) valid request. */
interface Changes {
  path?: Record<string, unknown>
  /** Path segments used verbatim, not percent-encoded. */
  rawPath?: Record<string, string>
  query?: Record<string, unknown>
  headers?: Record<string, string>
  body?: unknown
  payload?: string | Buffer
  /** null sends no content-type at all. */
  contentType?: string | null
}

type Make = (label: string, change: (valid: Baseline) => Changes, priority?: boolean, expectStatus?: number) => FuzzCase

export function casesFor(operation: Operation, context: CaseContext): FuzzCase[] {
  const { rng } = context
  const valueContext = { rng, knownIds: context.knownIds }
  // Every case starts from its own freshly generated valid request, so values
  // that must be unique (an e-mail address) do not turn later cases into 409s.
  const freshBaseline = (): Baseline => ({
    path: Object.fromEntries(operation.pathParams.map((p) => [p.name, validValue(p.schema, valueContext)])),
    query: Object.fromEntries(operation.queryParams.filter((p) => p.required || rng.chance(0.3)).map((p) => [p.name, validValue(p.schema, valueContext)])),
    headers: Object.fromEntries(operation.headerParams.filter((p) => p.required).map((p) => [p.name, asText(validValue(p.schema, valueContext))])),
    body: operation.body?.schema ? validValue(operation.body.schema, valueContext) : undefined,
  })
  const make: Make = (label, change, priority = false, expectStatus) => {
    const valid = freshBaseline()
    const changes = change(valid)
    const path = { ...valid.path, ...changes.path }
    const url = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => changes.rawPath?.[name] ?? encodeComponent(asText(path[name])))
    const query = changes.query ?? valid.query
    const headers: Record<string, string> = { ...valid.headers, ...changes.headers }
    const body = 'body' in changes ? changes.body : valid.body
    const payload = changes.payload ?? (body !== undefined ? toJsonText(body) : undefined)
    const contentType = changes.contentType === undefined ? (payload !== undefined ? 'application/json' : null) : changes.contentType
    if (contentType) headers['content-type'] = contentType
    return {
      operation,
      label,
      method: operation.method,
      url: url + queryString(Object.entries(query).flatMap(([name, value]) => queryPairs(name, value))),
      headers,
      payload,
      priority,
      expectStatus,
    }
  }

  const cases: FuzzCase[] = [make('valid baseline', () => ({}), true)]
  for (const param of operation.pathParams) cases.push(...pathCases(param, rng, make))
  for (const param of operation.queryParams) cases.push(...queryCases(param, rng, make))
  if (operation.queryParams.length) cases.push(make('query: unknown parameter', (v) => ({ query: { ...v.query, unknownFromFuzzer: '1' } }), true))
  for (const param of operation.headerParams) cases.push(...headerCases(param, rng, make))
  if (operation.body?.schema) cases.push(...jsonBodyCases(operation.body.schema, rng, make))
  if (operation.body || ['POST', 'PUT', 'PATCH', 'DELETE'].includes(operation.method)) cases.push(...framingCases(operation, context, make))
  return cases
}

function pathCases(param: Parameter, rng: Rng, make: Make): FuzzCase[] {
  const cases = mutationsFor(param.schema, rng).map((m) => make(`path.${param.name}: ${m.label}`, () => ({ path: { [param.name]: m.value } }), m.priority))
  for (const [label, raw] of RAW_PATH_SEGMENTS) cases.push(make(`path.${param.name}: ${label}`, () => ({ rawPath: { [param.name]: raw } }), label === 'truncated percent-encoding'))
  // find-my-way refuses parameters longer than maxParamLength (100 by default) itself.
  cases.push(make(`path.${param.name}: 101 characters`, () => ({ path: { [param.name]: 'a'.repeat(101) } }), true))
  return cases
}

function queryCases(param: Parameter, rng: Rng, make: Make): FuzzCase[] {
  const cases = mutationsFor(param.schema, rng).map((m) => make(`query.${param.name}: ${m.label}`, (v) => ({ query: { ...v.query, [param.name]: m.value } }), m.priority))
  const valid = validValue(param.schema, { rng })
  cases.push(make(`query.${param.name}: repeated`, (v) => ({ query: { ...v.query, [param.name]: [valid, valid] } })))
  if (param.required) cases.push(make(`query.${param.name}: missing (required)`, (v) => ({ query: without(v.query, param.name) }), true))
  return cases
}

function headerCases(param: Parameter, rng: Rng, make: Make): FuzzCase[] {
  // Header values must be visible ASCII on the wire: the inject client rejects the rest.
  const sendable = (m: Mutation) => /^[\x20-\x7e]*$/.test(asText(m.value))
  const cases = mutationsFor(param.schema, rng).filter(sendable).map((m) => make(`header.${param.name}: ${m.label}`, (v) => ({ headers: { ...v.headers, [param.name]: asText(m.value) } }), m.priority))
  if (param.required) cases.push(make(`header.${param.name}: missing (required)`, (v) => ({ headers: without(v.headers, param.name) }), true))
  return cases
}

/** Each field of the body (and of nested objects, two levels down) broken in turn, then the body as a whole. */
function jsonBodyCases(schema: JsonSchema, rng: Rng, make: Make): FuzzCase[] {
  const cases: FuzzCase[] = []
  const visit = (fieldSchema: JsonSchema, path: string[], depth: number) => {
    if (primaryType(fieldSchema) !== 'object' || depth > 2) return
    for (const [name, propertySchema] of Object.entries(fieldSchema.properties ?? {})) {
      const fieldPath = [...path, name]
      for (const m of mutationsFor(propertySchema, rng)) {
        cases.push(make(`body.${fieldPath.join('.')}: ${m.label}`, (v) => ({ body: setAt(v.body, fieldPath, m.value) }), m.priority))
      }
      visit(propertySchema, fieldPath, depth + 1)
    }
  }
  visit(schema, [], 0)
  for (const m of mutationsFor(schema, rng)) cases.push(make(`body: ${m.label}`, () => ({ body: m.value }), m.priority))
  if (primaryType(schema) === 'object') {
    cases.push(make('body: array wrapping a valid body', (v) => ({ body: [v.body] }), true))
    cases.push(make('body: valid body plus a property nested 10 000 levels', (v) => ({ body: { ...(v.body as object), unknownFromFuzzer: deeplyNested(10_000) } })))
  }
  return cases
}

/** Cases about the body's framing rather than its content: syntax, media type, size. */
function framingCases(operation: Operation, context: CaseContext, make: Make): FuzzCase[] {
  const declared = operation.body?.mediaTypes[0] ?? 'application/json'
  const raw = (payload: string | Buffer, contentType: string | null) => () => ({ payload, contentType })
  const cases: FuzzCase[] = MALFORMED_JSON.map(([label, text], i) => make(`framing: ${label}`, raw(text, 'application/json'), i === 0))
  for (const [label, contentType, text] of WRONG_CONTENT_TYPES) cases.push(make(`framing: wrong content-type (${label})`, raw(text, contentType), label === 'XML'))
  cases.push(make('framing: body without content-type', raw('{}', null)))
  cases.push(make('framing: empty body with JSON content-type', raw('', 'application/json'), true))
  cases.push(make('framing: invalid UTF-8 bytes', raw(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x7d]), 'application/json')))
  cases.push(make(`framing: garbage with the declared type (${declared})`, raw('\u0000\u0001garbage', declared)))
  // One byte over the configured limit, as one JSON string: the answer must be 413.
  const oversized = `"${'a'.repeat(context.bodyLimitBytes - 1)}"`
  cases.push(make(`framing: body of BODY_LIMIT_BYTES+1 (${oversized.length} bytes)`, raw(oversized, 'application/json'), true, 413))
  return cases
}

function without<T>(record: Record<string, T>, name: string): Record<string, T> {
  const { [name]: _dropped, ...rest } = record
  return rest
}

function setAt(value: unknown, path: string[], leaf: unknown): unknown {
  const [head, ...rest] = path
  if (head === undefined) return leaf
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  return { ...object, [head]: setAt(object[head], rest, leaf) }
}
