import {toExponentialGo, toFixedGo, toGeneralGo} from './decimal.js'
import {goQuote, goQuoteRune} from './quote.js'
import {formatValue, goExponent, isMap, mapEntries, structName, typeName} from './values.js'

// Go's fmt.Sprintf for the verbs templates use: %v %s %d %q %x %X %o %b %c %U %e %E %f %F %g
// %G %t %T %%, flags "+-# 0", width and precision (also as *). Wrong operands print as Go
// prints them: %!d(string=hi), %!s(MISSING), %!(EXTRA int=1).

interface Spec {
  minus: boolean
  plus: boolean
  sharp: boolean
  zero: boolean
  space: boolean
  width: number | null
  prec: number | null
}

export function sprintf(format: string, args: unknown[]): string {
  let out = ''
  let argi = 0
  let i = 0
  while (i < format.length) {
    const c = format[i]!
    if (c !== '%') {
      out += c
      i++
      continue
    }
    i++
    const spec: Spec = {minus: false, plus: false, sharp: false, zero: false, space: false, width: null, prec: null}
    for (; i < format.length; i++) {
      const f = format[i]
      if (f === '-') spec.minus = true
      else if (f === '+') spec.plus = true
      else if (f === '#') spec.sharp = true
      else if (f === '0') spec.zero = true
      else if (f === ' ') spec.space = true
      else break
    }
    const num = (): number | null => {
      if (format[i] === '*') {
        i++
        const a = args[argi++]
        return typeof a === 'number' && Number.isInteger(a) ? a : null
      }
      const m = /^\d+/.exec(format.slice(i))
      if (!m) return null
      i += m[0].length
      return Number(m[0])
    }
    spec.width = num()
    if (spec.width !== null && spec.width < 0) {
      spec.minus = true
      spec.width = -spec.width
    }
    if (format[i] === '.') {
      i++
      spec.prec = num() ?? 0
    }
    if (i >= format.length) {
      out += '%!(NOVERB)'
      break
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!)
    i += verb.length
    if (verb === '%') {
      out += '%'
      continue
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`
      continue
    }
    out += formatOne(verb, args[argi++], spec)
  }
  if (argi < args.length) {
    out += `%!(EXTRA ${args.slice(argi).map((a) => `${typeName(a)}=${formatValue(a, false)}`).join(', ')})`
  }
  return out
}

function bad(verb: string, v: unknown): string {
  return v === null || v === undefined ? `%!${verb}(<nil>)` : `%!${verb}(${typeName(v)}=${formatValue(v, false)})`
}

function pad(s: string, spec: Spec, numeric = false): string {
  if (spec.width === null || [...s].length >= spec.width) return s
  const n = spec.width - [...s].length
  if (spec.minus) return s + ' '.repeat(n)
  if (spec.zero && numeric) {
    const sign = /^[+\- ]/.test(s) ? s[0]! : ''
    const rest = s.slice(sign.length)
    const prefix = /^0[xXbo]/.test(rest) ? rest.slice(0, 2) : ''
    return sign + prefix + '0'.repeat(n) + rest.slice(prefix.length)
  }
  return ' '.repeat(n) + s
}

function formatOne(verb: string, v: unknown, spec: Spec): string {
  if (verb === 'T') return pad(typeName(v), spec)
  if (verb === 'v') return pad(spec.sharp ? goSyntax(v) : formatValue(v, false), spec, typeof v === 'number')
  // element-wise for slices and maps, as fmt does
  if (Array.isArray(v) && verb !== 'x' && verb !== 'X') return pad(`[${v.map((x) => formatOne(verb, x, {...spec, width: null})).join(' ')}]`, spec)
  if (isMap(v) && !(v instanceof Uint8Array)) {
    return pad(`map[${mapEntries(v).map(([k, x]) => `${formatOne(verb, k, {...spec, width: null})}:${formatOne(verb, x, {...spec, width: null})}`).join(' ')}]`, spec)
  }
  if (typeof v === 'string') return formatString(verb, v, spec)
  if (typeof v === 'number') return formatNumberVerb(verb, v, spec)
  if (typeof v === 'boolean') return verb === 't' ? pad(String(v), spec) : bad(verb, v)
  if (verb === 's' && structName(v)) return pad(formatValue(v, false), spec)
  return bad(verb, v)
}

function formatString(verb: string, v: string, spec: Spec): string {
  switch (verb) {
    case 's': return pad(spec.prec !== null ? [...v].slice(0, spec.prec).join('') : v, spec)
    case 'q':
      if (spec.sharp && !v.includes('`') && !/[\x00-\x08\x0a-\x1f\x7f]/.test(v)) return pad('`' + v + '`', spec)
      return pad(goQuote(spec.prec !== null ? [...v].slice(0, spec.prec).join('') : v, spec.plus), spec)
    case 'x': case 'X': {
      let bytes = [...Buffer.from(v, 'utf8')]
      if (spec.prec !== null) bytes = bytes.slice(0, spec.prec)
      const hex = bytes.map((b) => (spec.sharp && spec.space ? '0x' : '') + b.toString(16).padStart(2, '0'))
      let s = spec.space ? hex.join(' ') : hex.join('')
      if (spec.sharp && !spec.space) s = '0x' + s
      return pad(verb === 'X' ? s.toUpperCase().replace(/0X/g, '0X') : s, spec)
    }
    default: return bad(verb, v)
  }
}

function sign(n: number, spec: Spec): string {
  return n < 0 || Object.is(n, -0) ? '-' : spec.plus ? '+' : spec.space ? ' ' : ''
}

function formatNumberVerb(verb: string, v: number, spec: Spec): string {
  const isInt = Number.isInteger(v)
  const intVerb = (base: number, prefix: string, upper = false): string => {
    if (!isInt) return bad(verb, v)
    let digits = Math.abs(v).toString(base)
    if (upper) digits = digits.toUpperCase()
    if (spec.prec !== null) digits = digits.padStart(spec.prec, '0')
    const s = sign(v, spec) + (spec.sharp ? prefix : '') + digits
    return pad(s, spec.prec !== null ? {...spec, zero: false} : spec, true)
  }
  switch (verb) {
    case 'd': return intVerb(10, '')
    case 'b': return intVerb(2, '')
    case 'o': return intVerb(8, '0')
    case 'O': return isInt ? pad(sign(v, spec) + '0o' + Math.abs(v).toString(8), spec, true) : bad(verb, v)
    case 'x': return isInt ? intVerb(16, '0x') : bad(verb, v)
    case 'X': return isInt ? intVerb(16, '0X', true) : bad(verb, v)
    case 'c': return isInt ? pad(String.fromCodePoint(v), spec) : bad(verb, v)
    case 'q': return isInt ? pad(goQuoteRune(v), spec) : bad(verb, v)
    case 'U': return isInt ? pad('U+' + v.toString(16).toUpperCase().padStart(4, '0'), spec) : bad(verb, v)
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': return pad(formatFloat(verb, v, spec), spec, true)
    default: return bad(verb, v)
  }
}

function formatFloat(verb: string, v: number, spec: Spec): string {
  const s = sign(v, spec)
  const a = Math.abs(v)
  if (!Number.isFinite(v)) return Number.isNaN(v) ? (spec.plus ? '+NaN' : 'NaN') : `${v > 0 ? (spec.plus ? '+' : '') : '-'}Inf`
  let body: string
  switch (verb.toLowerCase()) {
    case 'e': body = toExponentialGo(a, spec.prec ?? 6); break
    case 'f': body = toFixedGo(a, spec.prec ?? 6); break
    default: {
      if (spec.prec === 0) spec = {...spec, prec: 1}
      if (spec.prec === null) {
        const exp = a === 0 ? 0 : Math.floor(Math.log10(a))
        body = exp < -4 || exp >= 6 ? goExponent(a.toExponential()) : String(a)
      } else {
        body = toGeneralGo(a, spec.prec)
      }
    }
  }
  if (verb === 'E' || verb === 'G') body = body.toUpperCase()
  return s + body
}

/** %#v: Go syntax for the common cases. */
function goSyntax(v: unknown): string {
  if (typeof v === 'string') return goQuote(v)
  if (v === null || v === undefined) return '<nil>'
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`
  if (isMap(v)) return `map[string]interface {}{${mapEntries(v).map(([k, x]) => `${goSyntax(k)}:${goSyntax(x)}`).join(', ')}}`
  return formatValue(v, false)
}
