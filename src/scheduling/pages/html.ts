// A tagged template that escapes every interpolated value, for the few
// server-rendered candidate pages. Written here rather than adding a template
// engine: the pages are small and fixed, and this keeps escaping the default
// (a value has to be wrapped in `raw` to be inserted as markup).

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export class Markup {
  constructor(readonly value: string) {}
  toString() {
    return this.value
  }
}

export const raw = (value: string) => new Markup(value)

export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

function render(value: unknown): string {
  if (value instanceof Markup) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  if (value === null || value === undefined || value === false) return ''
  return escapeHtml(String(value))
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0]!
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!))
  return new Markup(out)
}
