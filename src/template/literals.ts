// Go literals inside actions: interpreted and raw strings, rune constants and numbers.

const SIMPLE: Record<string, string> = {a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\'}

/** Go's strconv.Unquote for "…", `…` and '…'; throws a plain Error with Go's wording. */
export function unquote(text: string): string {
  const q = text[0]
  if (q === '`') return text.slice(1, -1).replace(/\r/g, '')
  const body = text.slice(1, -1)
  let out = ''
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!
    if (c !== '\\') {
      out += c
      continue
    }
    const e = body[++i]
    if (e === undefined) throw new Error('invalid syntax')
    if (e in SIMPLE) out += SIMPLE[e]
    else if (e === q) out += e
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8
      const hex = body.slice(i + 1, i + 1 + n)
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new Error('invalid syntax')
      const v = parseInt(hex, 16)
      if (e === 'x') out += String.fromCharCode(v)
      else {
        if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) throw new Error('invalid syntax')
        out += String.fromCodePoint(v)
      }
      i += n
    } else if (/[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3)
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) throw new Error('invalid syntax')
      out += String.fromCharCode(parseInt(oct, 8))
      i += 2
    } else throw new Error('invalid syntax')
  }
  return out
}

export interface GoNumber {
  value: number
  isInt: boolean
}

/** A number constant as Go's parser reads it; null when it is not a valid number. */
export function parseNumber(text: string): GoNumber | null {
  if (text.endsWith('i')) return null // complex constants are not supported
  const t = text.replace(/_/g, '')
  const sign = t.startsWith('-') ? -1 : 1
  const u = t.replace(/^[+-]/, '')
  let m: RegExpMatchArray | null
  if ((m = /^0[xX]([0-9a-fA-F]+)$/.exec(u))) return {value: sign * parseInt(m[1]!, 16), isInt: true}
  if ((m = /^0[bB]([01]+)$/.exec(u))) return {value: sign * parseInt(m[1]!, 2), isInt: true}
  if ((m = /^0[oO]?([0-7]+)$/.exec(u))) return {value: sign * parseInt(m[1]!, 8), isInt: true}
  if (/^0[xX]/.test(u)) return hexFloat(u, sign)
  if (/^[0-9]+$/.test(u)) return {value: sign * Number(u), isInt: true}
  if (/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(u)) {
    const v = sign * Number(u)
    return {value: v, isInt: Number.isInteger(v) && !/[.eE]/.test(u) }
  }
  return null
}

function hexFloat(u: string, sign: number): GoNumber | null {
  const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(u)
  if (!m) return null
  const mant = parseInt((m[1] || '0') + (m[2] || ''), 16) / 16 ** (m[2]?.length ?? 0)
  return {value: sign * mant * 2 ** Number(m[3]), isInt: false}
}
