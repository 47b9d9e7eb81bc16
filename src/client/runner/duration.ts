// Go's time.Duration.String(), which Nomad's messages use ("15s", "30m0s", "1.5s", "250ms").

export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s'
  const neg = ns < 0
  let n = Math.abs(ns)
  let out: string
  if (n < 1e9) {
    if (n < 1e3) out = `${n}ns`
    else if (n < 1e6) out = `${trim(n / 1e3)}µs`
    else out = `${trim(n / 1e6)}ms`
  } else {
    const h = Math.floor(n / 3.6e12)
    n -= h * 3.6e12
    const m = Math.floor(n / 6e10)
    n -= m * 6e10
    const s = `${trim(n / 1e9)}s`
    out = h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s
  }
  return neg ? `-${out}` : out
}

function trim(x: number): string {
  return String(Number(x.toFixed(9)))
}

export const msFromNs = (ns: number): number => Math.round(ns / 1e6)
