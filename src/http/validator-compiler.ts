import { AjvCompiler } from '@fastify/ajv-compiler'

// Query strings, params and headers arrive as text and need coercion; JSON
// bodies are typed already, and coercing them turns {"active": null} into
// false and {"role": ["ADMIN"]} into "ADMIN". Bodies get a non-coercing Ajv.
const ajvCompilers = AjvCompiler()
type BuildValidator = typeof ajvCompilers
type RouteValidator = (route: { httpPart?: string }) => unknown
export const buildValidator: BuildValidator = (externalSchemas, options) => {
  const coercing = ajvCompilers(externalSchemas, options) as unknown as RouteValidator
  const strict = ajvCompilers(externalSchemas, {
    ...options,
    customOptions: { ...options?.customOptions, coerceTypes: false },
  } as Parameters<BuildValidator>[1]) as unknown as RouteValidator
  return ((route: { httpPart?: string }) => (route.httpPart === 'body' ? strict : coercing)(route)) as unknown as ReturnType<BuildValidator>
}

