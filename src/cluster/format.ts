// Plain-text building blocks shared by the cluster views: Nomad-style aligned tables and
// "Key = value" blocks, times and short ids. Pure: the current time is passed in.

/** Columns separated by two spaces, each as wide as its widest cell; trailing spaces trimmed. */
export function formatTable(headers: string[], rows: (string | number)[][]): string[] {
  const cells = [headers, ...rows.map((r) => r.map(String))]
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)))
  return cells.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - [...c].length)))
      .join('  ')
      .trimEnd(),
  )
}

/** "Key   = value" lines with the "=" aligned, as Nomad prints object details. */
export function formatKv(pairs: [string, string | number][]): string[] {
  const w = Math.max(0, ...pairs.map(([k]) => k.length))
  return pairs.map(([k, v]) => `${k.padEnd(w)} = ${v}`)
}

export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : '<none>'
}

/** UTC "2026-11-23T09:04:05Z"; "N/A" for missing times. */
export function formatTime(ms: number | null | undefined): string {
  if (!ms) return 'N/A'
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** "3s ago", "5m ago", "2h ago", "4d ago" relative to `now`. */
export function formatAgo(ms: number | null | undefined, now: number): string {
  if (!ms) return 'N/A'
  const s = Math.max(0, Math.round((now - ms) / 1000))
  if (s < 60) return `${s}s ago`
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''} ago`
  if (s < 86400) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m ago`
  return `${Math.floor(s / 86400)}d${Math.floor((s % 86400) / 3600)}h ago`
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
