import type {checkCron, checkTimeZone} from '../lib/cron/index.js'
import type {compileGoRegexp} from '../lib/go-regexp.js'
import type {Job} from '../model/job.js'
import type {templateParseError} from '../template/check.js'

// Checks that need a heavy parser — Go templates (their function table pulls in yaml), cron
// with time zones, RE2 — are imported only for a job that has such a field: a JSON job with
// none validates without loading ~150 modules. validateJob awaits loadCheckers first.

interface Checkers {
  templateParseError: typeof templateParseError
  checkCron: typeof checkCron
  checkTimeZone: typeof checkTimeZone
  compileGoRegexp: typeof compileGoRegexp
}

const loaded: Partial<Checkers> = {}

export async function loadCheckers(job: Job): Promise<void> {
  const groups = job.TaskGroups ?? []
  const tasks = groups.flatMap((g) => g.Tasks ?? [])
  const constraints = [job.Constraints, ...groups.map((g) => g.Constraints), ...tasks.map((t) => t.Constraints)].flatMap((c) => c ?? [])
  const jobs: Array<Promise<void>> = []
  if (!loaded.templateParseError && tasks.some((t) => t.Templates?.some((x) => x.EmbeddedTmpl))) {
    jobs.push(import('../template/check.js').then((m) => void (loaded.templateParseError = m.templateParseError)))
  }
  if (!loaded.checkCron && job.Periodic?.Enabled) {
    jobs.push(import('../lib/cron/index.js').then((m) => void Object.assign(loaded, {checkCron: m.checkCron, checkTimeZone: m.checkTimeZone})))
  }
  if (!loaded.compileGoRegexp && constraints.some((c) => c.Operand === 'regexp')) {
    jobs.push(import('../lib/go-regexp.js').then((m) => void (loaded.compileGoRegexp = m.compileGoRegexp)))
  }
  await Promise.all(jobs)
}

export function checker<K extends keyof Checkers>(name: K): Checkers[K] {
  const f = loaded[name]
  if (!f) throw new Error(`validateJob: ${name} is needed but was not loaded (loadCheckers missed a field)`)
  return f
}
