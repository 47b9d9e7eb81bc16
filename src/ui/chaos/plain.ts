import type {LiveEvent} from '../../chaos/context.js'

// Off a terminal: one line per fault phase and a load line every few seconds. Pure.

const clock = (ms: number) => `[${(ms / 1000).toFixed(1).padStart(5)}s]`

export function formatLiveEvent(e: LiveEvent, runStart: number, loadEvery = 5): string | null {
  const t = clock(e.at - runStart)
  switch (e.type) {
    case 'start':
      return `chaos: ${e.title}; load over ${e.targets} route×proxy target(s) for ${(e.durationMs / 1000).toFixed(0)}s`
    case 'note':
      return `${t} ${e.text}`
    case 'load': {
      const n = e.windowOk + e.windowFailed
      const secs = Math.round((e.at - runStart) / 1000)
      if (e.windowFailed === 0 && secs % loadEvery !== 0) return null
      const all = e.totalOk + e.totalFailed
      const rate = n ? ((e.windowOk / n) * 100).toFixed(1) : '—'
      return `${t} load: ${rate}% ok of ${n} req in the last 1s (p50 ${e.p50Ms ?? '—'} ms, p99 ${e.p99Ms ?? '—'} ms); total ${all ? ((e.totalOk / all) * 100).toFixed(2) : '—'}% of ${all}`
    }
    case 'fault': {
      const ev = e.event
      const what = `${ev.id}${ev.line ? ` (line ${ev.line})` : ''} ${ev.action} ${ev.target}`
      const since = ((e.at - ev.injectedAt) / 1000).toFixed(1)
      switch (e.phase) {
        case 'injected':
          return `${t} → ${what}: ${e.detail ?? ''}`.trimEnd()
        case 'detected':
          return `${t} ! ${what}: detected after ${since}s (${e.detail ?? ''})`
        case 'recovered': {
          const took = (((ev.recoveredAt ?? e.at) - ev.injectedAt) / 1000).toFixed(1)
          return `${t} ✓ ${what}: routed and healthy again after ${took}s${e.detail ? ` (${e.detail})` : ''}`
        }
        case 'gave-up':
          return `${t} ✗ ${what}: ${e.detail ?? 'not healed'}`
        case 'failed':
          return `${t} ✗ ${what}: ${e.detail ?? 'failed'}`
        case 'done':
          return `${t} ✓ ${what}: ${e.detail ?? 'done'}`
      }
    }
  }
  return null
}
