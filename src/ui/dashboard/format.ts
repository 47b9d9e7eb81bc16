// Fixed-width text helpers for the dashboard's lines. Pure: widths in terminal cells, assuming
// one cell per character (the dashboard only prints ASCII and single-width symbols).

/** Cut `text` to `width` cells (ending in … when cut) and pad it with spaces to exactly `width`. */
export function fit(text: string, width: number): string {
  if (width <= 0) return ''
  if (text.length > width) return width === 1 ? '…' : text.slice(0, width - 1) + '…'
  return text.padEnd(width)
}

/** Like fit, but right-aligned (numbers). */
export function fitEnd(text: string, width: number): string {
  if (width <= 0) return ''
  if (text.length > width) return fit(text, width)
  return text.padStart(width)
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let v = bytes / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)}${units[i]}`
}

/** HH:MM:SS of an epoch-ms time, shifted by the viewer's offset from UTC (minutes east). */
export function formatClock(epochMs: number, tzOffsetMinutes = 0): string {
  const d = new Date(epochMs + tzOffsetMinutes * 60_000)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
}

export function formatRate(perSecond: number): string {
  if (perSecond >= 1000) return `${(perSecond / 1000).toFixed(1)}k/s`
  if (perSecond >= 100) return `${Math.round(perSecond)}/s`
  return `${perSecond.toFixed(1)}/s`
}

/** Cells of a usage bar: `filled` of `width` cells, rounding up so any use shows. */
export function barCells(used: number, capacity: number, width: number): {filled: number; empty: number; ratio: number} {
  const w = Math.max(0, width)
  const ratio = capacity > 0 ? Math.max(0, used / capacity) : used > 0 ? 1 : 0
  const filled = Math.min(w, Math.ceil(Math.min(1, ratio) * w))
  return {filled, empty: w - filled, ratio}
}

export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`
}

export function shortId(id: string): string {
  return id.slice(0, 8)
}
