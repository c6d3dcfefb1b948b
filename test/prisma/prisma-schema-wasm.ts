// Prisma's own schema parser, offline: the prisma-schema-wasm module (the one
// behind `prisma generate`/`validate`/`format` and getDMMF) that the installed
// `prisma` CLI package ships as build/prisma_schema_build_bg.wasm.
//
// Why this and not a package: the exact @prisma/prisma-schema-wasm build the
// CLI bundles (see "@prisma/prisma-schema-wasm" in prisma/build/cli.js) is not
// on the npm registry we can reach, and @prisma/internals (getDMMF) exists only
// for an older engine build. Loading the CLI's own file means the DMMF always
// comes from the same parser, at the same version, as `prisma generate`.
//
// The glue below mirrors the wasm-bindgen glue inlined in prisma/build/cli.js.
// Imports are bound by name prefix because wasm-bindgen suffixes them with a
// hash that changes between builds; an unknown import makes loading fail loudly.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

// The little of the WebAssembly API used here (this project's TypeScript lib has no DOM types).
interface WasmTable {
  get(index: number): unknown
  set(index: number, value: unknown): void
  grow(delta: number): number
}
interface WasmApi {
  Module: { new (bytes: Uint8Array): object; imports(module: object): Array<{ module: string; name: string }> }
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown }
}
const { WebAssembly } = globalThis as unknown as { WebAssembly: WasmApi }

interface SchemaWasmExports {
  memory: { buffer: ArrayBuffer }
  __wbindgen_externrefs: WasmTable
  __wbindgen_malloc(size: number, align: number): number
  __wbindgen_free(ptr: number, size: number, align: number): void
  __externref_table_dealloc(index: number): void
  __wbindgen_start(): void
  /** Result<String, JsError> comes back as [ptr, len, error index, is error]. */
  get_dmmf(ptr: number, len: number): [number, number, number, number]
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })
let instance: SchemaWasmExports | undefined
let lastPanic: string | undefined

export function prismaSchemaWasmPath(): string {
  const require = createRequire(import.meta.url)
  return path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'prisma_schema_build_bg.wasm')
}

function load(): SchemaWasmExports {
  if (instance) return instance
  const module = new WebAssembly.Module(readFileSync(prismaSchemaWasmPath()))
  const readString = (ptr: number, len: number) => decoder.decode(new Uint8Array(exports.memory.buffer, ptr >>> 0, len))
  const implementations: Array<[string, (...args: number[]) => unknown]> = [
    ['__wbg_Error_', (ptr, len) => new Error(readString(ptr!, len!))],
    ['__wbg___wbindgen_throw_', (ptr, len) => { throw new Error(readString(ptr!, len!)) }],
    // A Rust panic: the message arrives here, then the call traps.
    ['__wbg_set_message_', (ptr, len) => { lastPanic = readString(ptr!, len!) }],
    ['__wbindgen_init_externref_table', () => {
      const table = exports.__wbindgen_externrefs
      const offset = table.grow(4)
      table.set(0, undefined)
      table.set(offset + 0, undefined)
      table.set(offset + 1, null)
      table.set(offset + 2, true)
      table.set(offset + 3, false)
    }],
  ]
  const imports: Record<string, Record<string, unknown>> = {}
  for (const { module: from, name } of WebAssembly.Module.imports(module)) {
    const implementation = implementations.find(([prefix]) => name.startsWith(prefix))?.[1]
    if (!implementation) throw new Error(`prisma-schema-wasm needs an import this loader does not know: ${from}.${name} (update test/prisma/prisma-schema-wasm.ts from prisma/build/cli.js)`)
    ;(imports[from] ??= {})[name] = implementation
  }
  const exports = new WebAssembly.Instance(module, imports).exports as SchemaWasmExports
  exports.__wbindgen_start()
  instance = exports
  return exports
}

/**
 * Prisma's DMMF for a schema, exactly as `prisma generate` computes it. Throws
 * Prisma's validation errors. `text` replaces the file's content when given.
 */
export function getDmmf(schemaPath: string, text = readFileSync(schemaPath, 'utf8')): PrismaDmmf {
  const wasm = load()
  // wasm-bindgen's convention: the argument is copied into the module's memory as UTF-8.
  const bytes = encoder.encode(JSON.stringify({ prismaSchema: [[schemaPath, text]], noColor: true }))
  const ptr = wasm.__wbindgen_malloc(bytes.length, 1) >>> 0
  new Uint8Array(wasm.memory.buffer, ptr, bytes.length).set(bytes)
  let result: [number, number, number, number]
  try {
    result = wasm.get_dmmf(ptr, bytes.length)
  } catch (error) {
    throw new Error(`prisma-schema-wasm panicked: ${lastPanic ?? (error as Error).message}`)
  }
  const [outPtr, outLen, errorIndex, isError] = result
  if (isError) {
    const error = wasm.__wbindgen_externrefs.get(errorIndex) as Error
    wasm.__externref_table_dealloc(errorIndex)
    throw new Error(readableError(error.message))
  }
  try {
    return JSON.parse(decoder.decode(new Uint8Array(wasm.memory.buffer, outPtr >>> 0, outLen))) as PrismaDmmf
  } finally {
    wasm.__wbindgen_free(outPtr, outLen, 1)
  }
}

// Validation errors arrive as JSON: {"error_code":"P1012","message":"error: …"}.
function readableError(message: string): string {
  try {
    const parsed = JSON.parse(message) as { error_code?: string; message?: string }
    return `${parsed.error_code ?? 'prisma-schema-wasm'}: ${parsed.message ?? message}`
  } catch {
    return message
  }
}

// The parts of the DMMF the schema-match test reads (the full type lives in @prisma/dmmf).
export interface PrismaDmmf {
  datamodel: {
    models: DmmfModel[]
    enums: DmmfEnum[]
    indexes: DmmfIndex[]
  }
}
export interface DmmfEnum {
  name: string
  dbName: string | null
  values: Array<{ name: string; dbName: string | null }>
}
export interface DmmfModel {
  name: string
  dbName: string | null
  schema: string | null
  fields: DmmfField[]
  primaryKey: { name: string | null; fields: string[] } | null
}
export interface DmmfField {
  name: string
  dbName: string | null
  kind: 'scalar' | 'object' | 'enum' | 'unsupported'
  isList: boolean
  isRequired: boolean
  isId: boolean
  isUnique: boolean
  isUpdatedAt: boolean
  hasDefaultValue: boolean
  type: string
  nativeType: [string, string[]] | null
  default?: unknown
  relationName?: string
  relationFromFields?: string[]
  relationToFields?: string[]
  relationOnDelete?: string
  relationOnUpdate?: string
}
export interface DmmfIndex {
  model: string
  type: 'id' | 'normal' | 'unique' | 'fulltext'
  isDefinedOnField: boolean
  name?: string
  dbName?: string
  algorithm?: string
  clustered?: boolean
  fields: Array<{ name: string; sortOrder?: 'asc' | 'desc'; length?: number; operatorClass?: string }>
}
