// Go's time.ParseDuration format ("300ms", "1h30m", "2.5s"), which Nomad uses for every
// duration in a job file. Returns nanoseconds, or undefined when the text is not a duration.

const UNITS: Record<string, number> = {ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9}

export function parseDuration(text: string): number | undefined {
  let s = text.trim()
  if (s === '0') return 0
  let sign = 1
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1
    s = s.slice(1)
  }
  if (!s) return undefined
  let total = 0
  const re = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/
  while (s) {
    const m = re.exec(s)
    if (!m) return undefined
    total += Number(m[1]) * UNITS[m[2]!]!
    s = s.slice(m[0].length)
  }
  return sign * Math.round(total)
}

/** Nomad-style text for a duration in nanoseconds ("1h30m0s"), for messages. */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s'
  const h = Math.floor(ns / 3600e9)
  const m = Math.floor((ns % 3600e9) / 60e9)
  const s = (ns % 60e9) / 1e9
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`
}
