import {createHash, createHmac} from 'node:crypto'
import YAML from 'yaml'
import {def, fail, str, type FuncMap} from '../funcs-def.js'
import {formatNumber, isMap, mapEntries, methodsOf, structName} from '../values.js'

// consul-template's encoders: JSON as Go's encoding/json writes it (sorted keys, <>& escaped
// unless "unescaped"), YAML, base64 (standard and URL alphabets, padded), hashes.

/** A value as encoding/json sees it: maps with sorted keys, Stringer items as strings. */
function plain(v: unknown): unknown {
  if (v === undefined) return null
  if (v === null || typeof v !== 'object') return v
  const m = methodsOf(v)
  if (m?.String && structName(v)) return String(m.String())
  if (Array.isArray(v)) return v.map(plain)
  if (isMap(v)) return Object.fromEntries(mapEntries(v).map(([k, x]) => [String(k), plain(x)]))
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
}

export function goJSON(v: unknown, indent: string, escapeHTML: boolean): string {
  const text = JSON.stringify(plain(v), (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? fail(`json: unsupported value: ${formatNumber(x)}`) : x), indent || undefined) ?? 'null'
  const out = text.replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'))
  return escapeHTML ? out.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`) : out
}

function b64decode(s: string, url: boolean): string {
  const re = url ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/
  if (!re.test(s) || s.length % 4 !== 0) fail(`${url ? 'base64URLDecode' : 'base64Decode'}: illegal base64 data at input byte ${firstBad(s, url)}`)
  return Buffer.from(s, url ? 'base64url' : 'base64').toString('utf8')
}

function firstBad(s: string, url: boolean): number {
  const ok = url ? /[A-Za-z0-9_-]/ : /[A-Za-z0-9+/]/
  for (let i = 0; i < s.length; i++) if (!ok.test(s[i]!)) return s[i] === '=' ? i : i
  return s.length - (s.length % 4)
}

export const ENCODING_FUNCS: FuncMap = {
  toJSON: def((v: unknown) => goJSON(v, '', true)),
  toJSONPretty: def((v: unknown) => goJSON(v, '  ', true)),
  toUnescapedJSON: def((v: unknown) => goJSON(v, '', false)),
  toUnescapedJSONPretty: def((v: unknown) => goJSON(v, '  ', false)),
  parseJSON: def((s: unknown) => {
    const t = str(s)
    if (t === '') return {}
    try {
      return JSON.parse(t) as unknown
    } catch (e) {
      fail(`parseJSON: ${(e as Error).message}`)
    }
  }),
  toYAML: def((v: unknown) => YAML.stringify(plain(v), {indent: 2}).replace(/\n$/, '')),
  parseYAML: def((s: unknown) => {
    try {
      return (YAML.parse(str(s)) as unknown) ?? {}
    } catch (e) {
      fail(`parseYAML: ${(e as Error).message.split('\n')[0]}`)
    }
  }),
  base64Encode: def((s: unknown) => Buffer.from(str(s), 'utf8').toString('base64')),
  base64Decode: def((s: unknown) => b64decode(str(s), false)),
  base64URLEncode: def((s: unknown) => Buffer.from(str(s), 'utf8').toString('base64url').padEnd(Math.ceil(Buffer.byteLength(str(s)) / 3) * 4, '=')),
  base64URLDecode: def((s: unknown) => b64decode(str(s), true)),
  sha256Hex: def((s: unknown) => createHash('sha256').update(str(s)).digest('hex')),
  md5sum: def((s: unknown) => createHash('md5').update(str(s)).digest('hex')),
  hmacSHA256Hex: def((msg: unknown, key: unknown) => createHmac('sha256', str(key)).update(str(msg)).digest('hex')),
}
