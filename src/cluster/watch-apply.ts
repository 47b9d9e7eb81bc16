// One turn of `zdev watch`: load the platform file and the touched jobs, show each job's plan
// diff against the running cluster, and apply what changed. Errors come back as lines; nothing
// is submitted for a job that does not load, and the other jobs still go on.
// loadSources also tells the loop what each job reads (file()) and what its tasks run from.
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {loadJobFile} from '../jobspec/index.js'
import {UserError} from '../lib/errors.js'
import {newId} from '../lib/ids.js'
import {loadPlatform} from '../platform/load.js'
import type {Job} from '../model/index.js'
import type {Platform} from '../platform/types.js'
import {planJob, renderJobPlan} from '../scheduler/index.js'
import {snapshotOf} from '../server/scheduling.js'
import {readClusterState} from '../store/cluster-state.js'
import type {Store} from '../store/store.js'
import type {Clock} from '../store/jobs.js'
import {runJob, type JobRunOutcome} from './job-run.js'
import {watchSources, type WatchSources} from './watch-sources.js'

export interface TurnResult {
  platform: Platform | null
  applied: {jobId: string; version: number; outcome: JobRunOutcome}[]
  unchanged: string[]
  errors: string[]
}

export interface TurnOptions {
  store: Store
  clock: Clock
  /** Which of the platform's jobs to look at (indexes); undefined: all. */
  jobs?: number[]
  say: (line: string) => void
  signal?: AbortSignal
  deployTimeoutMs: number
}

function message(err: unknown): string {
  if (err instanceof UserError) return err.message
  throw err // a bug keeps its stack
}

export async function loadForWatch(file: string): Promise<{platform: Platform} | {error: string}> {
  try {
    return {platform: await loadPlatform(file)}
  } catch (err) {
    return {error: message(err)}
  }
}

/**
 * The platform's jobs as they load now: what their tasks run from, and the files each job reads
 * through file() (a template's inlined script). A job that does not load has no entry in `reads`.
 */
export async function loadSources(p: Platform): Promise<{sources: WatchSources; reads: Map<number, string[]>}> {
  const jobs: Job[] = []
  const reads = new Map<number, string[]>()
  for (const [i, ref] of p.jobs.entries()) {
    const seen: string[] = []
    const readFile = (f: string) => (seen.push(f), readFileSync(f, 'utf8'))
    try {
      jobs.push(await loadJobFile(ref.path, {vars: ref.vars, varFiles: ref.varFiles, readFile}))
      reads.set(i, seen)
    } catch {
      // reported by the turn that applies it
    }
  }
  return {sources: watchSources(jobs, p.images ?? [], path.dirname(p.file)), reads}
}

export async function applyTurn(platform: Platform, opts: TurnOptions): Promise<TurnResult> {
  const out: TurnResult = {platform, applied: [], unchanged: [], errors: []}
  const picks = opts.jobs ?? platform.jobs.map((_, i) => i)
  for (const i of picks) {
    if (opts.signal?.aborted) break
    const ref = platform.jobs[i]
    if (!ref) continue
    let job
    try {
      job = await loadJobFile(ref.path, {vars: ref.vars, varFiles: ref.varFiles})
    } catch (err) {
      const m = message(err)
      out.errors.push(m)
      opts.say(`✗ ${m}`)
      opts.say('  (nothing applied for this file; fix it and save again)')
      continue
    }
    const st = await readClusterState(opts.store)
    const plan = planJob(snapshotOf(st), job, {now: opts.clock.now(), newId})
    if (plan.diffType === 'None') {
      out.unchanged.push(job.ID)
      opts.say(`• job ${job.ID}: unchanged`)
      continue
    }
    for (const l of renderJobPlan(plan)) opts.say(`  ${l}`)
    const r = await runJob(opts.store, job, {clock: opts.clock, timeoutMs: opts.deployTimeoutMs, signal: opts.signal, onLine: (l) => opts.say(`  ${l}`)})
    if (r.message) opts.say(`  ${r.message}`)
    if (r.outcome === 'interrupted') opts.say(`• job ${job.ID} v${r.version} submitted; stopped following its deployment (a newer save, or Ctrl-C)`)
    else opts.say(`${r.exitCode === 0 ? '✓' : '✗'} job ${job.ID} v${r.version}: ${r.outcome}`)
    if (r.exitCode !== 0 && r.outcome !== 'interrupted') out.errors.push(`job ${job.ID}: ${r.outcome}`)
    out.applied.push({jobId: job.ID, version: r.version, outcome: r.outcome})
  }
  return out
}
