import {parseDuration} from '../jobspec/duration.js'

/** Go duration text ("60s", "1m30s", "500ms") → whole milliseconds, or undefined. */
export function parseMs(text: string): number | undefined {
  const ns = parseDuration(text)
  if (ns === undefined || !/[a-zµμ]$/.test(text.trim())) return undefined
  return Math.round(ns / 1e6)
}

/** "1.2s", "850ms", "2m5s" for reports. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const m = Math.floor(ms / 60_000)
  return `${m}m${Math.round((ms % 60_000) / 1000)}s`
}
