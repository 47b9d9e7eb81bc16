// Turning raw log bytes into prefixed lines for `zdev logs` and `zdev alloc logs`. Pure.

/** Splits a byte stream into complete lines, keeping a partial last line until it completes. */
export class LineSplitter {
  private rest = ''
  private readonly decoder = new TextDecoder()

  push(chunk: Buffer | Uint8Array | string): string[] {
    this.rest += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, {stream: true})
    const parts = this.rest.split('\n')
    this.rest = parts.pop()!
    return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
  }

  /** The partial last line, if any (at the end of a non-follow read). */
  flush(): string[] {
    const r = this.rest
    this.rest = ''
    return r ? [r] : []
  }
}

/** The last `n` lines of a text (a trailing newline does not count as an empty line). */
export function tailText(text: string, n: number): string {
  if (n <= 0) return ''
  const body = text.endsWith('\n') ? text.slice(0, -1) : text
  const lines = body.split('\n')
  if (lines.length <= n) return text
  return lines.slice(-n).join('\n') + (text.endsWith('\n') ? '\n' : '')
}

export interface LogSource {
  allocName: string // web.web[1]
  nodeName: string
  task: string
  showTask: boolean // more than one task per allocation is shown
}

/** "[web.web[1] node-2]" or "[web.web[1]/sidecar node-2]". */
export function sourcePrefix(s: LogSource): string {
  return `[${s.allocName}${s.showTask ? `/${s.task}` : ''} ${s.nodeName}]`
}

const PALETTE = [36, 33, 35, 32, 34, 91, 96, 93]

/** A line with its source's prefix; coloured (ANSI) when `colour` is a palette index. */
export function prefixLine(prefix: string, line: string, colour: number | null): string {
  const p = colour === null ? prefix : `\x1b[${PALETTE[colour % PALETTE.length]}m${prefix}\x1b[0m`
  return `${p} ${line}`
}

/** Order allocation names by job, group and index (web.web[2] before web.web[10]). */
export function compareAllocNames(a: string, b: string): number {
  const split = (s: string) => {
    const m = /^(.*)\[(\d+)\]$/.exec(s)
    return m ? [m[1]!, Number(m[2])] as const : ([s, 0] as const)
  }
  const [pa, ia] = split(a)
  const [pb, ib] = split(b)
  return pa < pb ? -1 : pa > pb ? 1 : ia - ib
}
