// ZDEV_TRACE=1 (inherited from `up`): a node agent's phases in its log, to line up with up's own trace.
export const traceOn = process.env.ZDEV_TRACE === '1'

export function trace(what: string): void {
  if (traceOn) process.stdout.write(`${new Date().toISOString()} [trace +${Math.round(performance.now())} ms] ${what}\n`)
}
