import type {Reporter} from './progress.js'

// ZDEV_TRACE=1: one line on stderr per phase of `up`, in ms since the command's process started
// (performance.now() counts from process start, so module loading shows too).

export const tracing = () => process.env.ZDEV_TRACE === '1'

export function trace(what: string): void {
  if (tracing()) process.stderr.write(`[trace ${new Date().toISOString()} +${Math.round(performance.now())} ms] ${what}\n`)
}

/** The reporter with each step's start and end traced. */
export function tracedReporter(r: Reporter): Reporter {
  if (!tracing()) return r
  return (e) => {
    if (e.phase !== 'running') trace(`${e.phase} ${e.name}${e.ms !== undefined ? ` (${e.ms} ms)` : ''}${e.detail ? `: ${e.detail}` : ''}`)
    else trace(`start ${e.name}`)
    r(e)
  }
}
