// Position bookkeeping shared by the structure and expression readers: an offset into the
// source, line starts for `line:col`, and the one error type both throw (HCL's summary and
// detail, and where). Columns count UTF-16 units from 1, as our other messages do.

export class HclSyntaxError extends Error {
  constructor(
    readonly summary: string,
    readonly detail: string,
    readonly offset: number,
  ) {
    super(`${summary}; ${detail}`)
  }
}

export class Cursor {
  i = 0
  private lineStarts: number[] | undefined

  constructor(
    readonly s: string,
    readonly file = '<source>',
  ) {}

  fail(summary: string, detail: string, at = this.i): never {
    throw new HclSyntaxError(summary, detail, at)
  }

  position(at: number): {line: number; column: number} {
    if (!this.lineStarts) {
      this.lineStarts = [0]
      for (let k = 0; k < this.s.length; k++) if (this.s.charCodeAt(k) === 10) this.lineStarts.push(k + 1)
    }
    const starts = this.lineStarts
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= at) lo = mid
      else hi = mid - 1
    }
    return {line: lo + 1, column: at - starts[lo]! + 1}
  }

  /** Spaces, tabs, carriage returns and comments; newlines too when `newlines`. Line comments stop before their newline. */
  skip(newlines: boolean): void {
    const s = this.s
    for (;;) {
      const c = s.charCodeAt(this.i)
      if (c === 32 || c === 9 || c === 13 || (newlines && c === 10)) this.i++
      else if (c === 35 || (c === 47 && s.charCodeAt(this.i + 1) === 47)) {
        const nl = s.indexOf('\n', this.i)
        this.i = nl < 0 ? s.length : nl
      } else if (c === 47 && s.charCodeAt(this.i + 1) === 42) {
        const end = s.indexOf('*/', this.i + 2)
        if (end < 0) this.fail('Unterminated comment', 'There is no closing marker "*/" for this comment before the end of the file.')
        this.i = end + 2
      } else return
    }
  }

  ident(): string | undefined {
    const s = this.s
    const start = this.i
    let k = start
    const c0 = s.charCodeAt(k)
    if (!(isIdentStart(c0))) return undefined
    k++
    while (k < s.length && isIdentPart(s.charCodeAt(k))) k++
    this.i = k
    return s.slice(start, k)
  }
}

const UNICODE_START = /\p{ID_Start}/u
const UNICODE_PART = /\p{ID_Continue}/u

export function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c > 127 && UNICODE_START.test(String.fromCharCode(c)))
}

export function isIdentPart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 48 && c <= 57) || c === 45 || (c > 127 && UNICODE_PART.test(String.fromCharCode(c)))
}
