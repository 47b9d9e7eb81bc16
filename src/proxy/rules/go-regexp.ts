// Go (RE2) regexp syntax → a JS RegExp with the same meaning for the features rules use.
// RE2 has no lookaround or backreferences; JS has no \A, \z, \Q…\E, POSIX classes or (?P<n>).
// Anything we cannot translate faithfully is rejected with a message instead of guessed.

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
}

export class GoRegexpError extends Error {}

/** Translate and compile. Throws GoRegexpError with a short reason. */
export function compileGoRegexp(source: string): RegExp {
  let flags = ''
  let body = source
  const lead = /^\(\?([imsU]+)\)/.exec(body)
  if (lead) {
    if (lead[1].includes('U')) throw new GoRegexpError('the U (ungreedy) flag is not supported')
    flags = [...new Set(lead[1])].join('')
    body = body.slice(lead[0].length)
  }
  const translated = translateBody(body)
  try {
    return new RegExp(translated, flags)
  } catch (err) {
    throw new GoRegexpError((err as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, ''))
  }
}

function translateBody(src: string): string {
  let out = ''
  let inClass = false
  for (let i = 0; i < src.length; i++) {
    const c = src[i]
    if (c === '\\') {
      const e = src[i + 1]
      if (e === undefined) throw new GoRegexpError('trailing backslash')
      if (e === 'Q') {
        const end = src.indexOf('\\E', i + 2)
        const literal = src.slice(i + 2, end < 0 ? src.length : end)
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
        i = end < 0 ? src.length : end + 1
        continue
      }
      if (!inClass && e === 'A') out += '(?<![\\s\\S])'
      else if (!inClass && e === 'z') out += '(?![\\s\\S])'
      else if (/[1-9]/.test(e)) throw new GoRegexpError(`backreference \\${e} is not supported in Go regexps`)
      else if (e === 'p' || e === 'P') throw new GoRegexpError('Unicode classes (\\p, \\P) are not supported here')
      else if (e === 'C') throw new GoRegexpError('\\C is not supported')
      else out += c + e
      i++
      continue
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i))
        if (m && POSIX[m[2]]) {
          if (m[1]) throw new GoRegexpError(`negated POSIX class [:^${m[2]}:] is not supported`)
          out += POSIX[m[2]]
          i += m[0].length - 1
          continue
        }
      }
      if (c === '[') out += '\\['
      else if (c === ']') {
        out += c
        inClass = false
      } else out += c
      continue
    }
    if (c === '[') {
      inClass = true
      out += c
      if (src[i + 1] === '^') out += src[++i]
      if (src[i + 1] === ']') {
        out += '\\]'
        i++
      }
      continue
    }
    if (c === '(' && src[i + 1] === '?') {
      const rest = src.slice(i + 2)
      if (rest.startsWith('P<')) {
        out += '(?<'
        i += 3
        continue
      }
      if (rest.startsWith(':') || (rest.startsWith('<') && !rest.startsWith('<=') && !rest.startsWith('<!'))) {
        out += '(?'
        i += 1
        continue
      }
      if (/^[=!]|^<[=!]/.test(rest)) throw new GoRegexpError('lookahead and lookbehind are not supported in Go regexps')
      throw new GoRegexpError('inline flags are only supported at the start of the pattern, e.g. (?i)')
    }
    out += c
  }
  if (inClass) throw new GoRegexpError('missing closing ]')
  return out
}
