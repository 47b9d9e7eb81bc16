import {nextCronTime} from './next.js'
import {parseCron, CronError} from './parse.js'
import {checkTimeZone, resolveZone} from './zone.js'

// One cron module for the validator and the leader's periodic dispatcher: Nomad's cron
// syntax (hashicorp/cronexpr) and time_zone. Pure; the caller passes the time.

export {parseCron, CronError, type CronExpr} from './parse.js'
export {nextCronTime} from './next.js'
export {checkTimeZone} from './zone.js'

/** Why a cron line is invalid, or undefined when Nomad accepts it. */
export function checkCron(spec: string): string | undefined {
  try {
    parseCron(spec)
    return undefined
  } catch (err) {
    if (err instanceof CronError) return err.message
    throw err
  }
}

/** The earliest launch strictly after `after` over several specs in one zone (null: never), or why none can be computed. */
export function nextOfSpecs(specs: string[], after: number, zone: string | undefined): number | null | {error: string} {
  const why = checkTimeZone(zone)
  if (why) return {error: why}
  let best: number | null = null
  for (const spec of specs) {
    let expr
    try {
      expr = parseCron(spec)
    } catch (err) {
      if (err instanceof CronError) return {error: `cron spec ${JSON.stringify(spec)}: ${err.message}`}
      throw err
    }
    const t = nextCronTime(expr, after, resolveZone(zone))
    if (t !== null && (best === null || t < best)) best = t
  }
  return best
}
