// Turns generated values into the bytes of a request: JSON bodies (with raw
// number literals), query strings and path segments. Lone surrogates cannot be
// percent-encoded as UTF-8, so they go out as the invalid bytes a real client would send.
import { RawJson } from './mutations.ts'

export function toJsonText(value: unknown): string {
  const raws: string[] = []
  const nonce = Math.random().toString(36).slice(2)
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text)
      return `__raw_${nonce}_${raws.length - 1}__`
    }
    return v
  })
  return raws.reduce((out, raw, i) => out.replace(`"__raw_${nonce}_${i}__"`, raw), text ?? 'null')
}

/** percent-encodes like encodeURIComponent, but writes a lone surrogate as its (invalid) 3-byte UTF-8 form. */
export function encodeComponent(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    const isHigh = unit >= 0xd800 && unit <= 0xdbff
    const next = text.charCodeAt(i + 1)
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text[i]! + text[i + 1]!)
      i++
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    } else {
      out += encodeURIComponent(text[i]!)
    }
  }
  return out
}

/** One value as the text of a path segment or a single query value. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value
  if (value instanceof RawJson) return value.text
  if (value === null) return 'null'
  if (typeof value === 'object') return Array.isArray(value) ? value.map(asText).join(',') : JSON.stringify(value)
  return String(value)
}

/** Query pairs for one parameter: arrays repeat the name, objects use name[key] (as PHP/qs clients send them). */
export function queryPairs(name: string, value: unknown): Array<[string, string]> {
  if (Array.isArray(value)) return value.map((item) => [name, asText(item)])
  if (value !== null && typeof value === 'object' && !(value instanceof RawJson)) {
    return Object.entries(value).map(([key, v]) => [`${name}[${key}]`, asText(v)])
  }
  return [[name, asText(value)]]
}

export function queryString(pairs: Array<[string, string]>): string {
  return pairs.length ? `?${pairs.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`).join('&')}` : ''
}
