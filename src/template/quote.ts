// Go's strconv.Quote and the escapers behind the html, js and urlquery builtins.

const ESC: Record<string, string> = {'\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"'}

/** strconv.Quote (asciiOnly = QuoteToASCII, as %+q). */
export function goQuote(s: string, asciiOnly = false): string {
  let out = '"'
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (ESC[ch]) out += ESC[ch]
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`
    else if (cp < 0x80 || (!asciiOnly && isPrintable(ch))) out += ch
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`
    else out += `\\U${cp.toString(16).padStart(8, '0')}`
  }
  return out + '"'
}

function isPrintable(ch: string): boolean {
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}\u0020]$/u.test(ch)
}

/** Go's quoted rune: 'a', '\n', '\u00e9' (for %q of an integer). */
export function goQuoteRune(cp: number): string {
  const ch = String.fromCodePoint(cp)
  if (ch === "'") return "'\\''"
  if (ch === '"') return `'"'`
  const q = goQuote(ch)
  return `'${q.slice(1, -1)}'`
}

/** template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/[<>&'"\0]/g, (c) => ({'<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD'})[c]!)
}

/** template.JSEscapeString. */
export function jsEscape(s: string): string {
  let out = ''
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (ch === '\\') out += '\\\\'
    else if (ch === "'") out += "\\'"
    else if (ch === '"') out += '\\"'
    else if (ch === '<') out += '\\u003C'
    else if (ch === '>') out += '\\u003E'
    else if (ch === '&') out += '\\u0026'
    else if (ch === '=') out += '\\u003D'
    else if (cp < 0x20) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`
    else if (cp < 0x80 || isPrintable(ch)) out += ch
    else out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`
  }
  return out
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = ''
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b)
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c
    else if (c === ' ') out += '+'
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}
