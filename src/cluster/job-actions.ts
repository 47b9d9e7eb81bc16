// Job commands that change the cluster and then follow the evaluation they caused:
// `zdev job stop` and `zdev job revert`; and the reads `zdev job history` and `inspect`.
import type {Job} from '../model/index.js'
import {readClusterState} from '../store/cluster-state.js'
import {getJob, jobHistory, revertJob, stopJob, type Clock} from '../store/jobs.js'
import type {Store} from '../store/store.js'
import {monitorEvaluation, type MonitorContext} from './eval-monitor.js'
import {buildJobHistory, type JobVersionView} from './job-history.js'
import {findJob} from './resolve.js'

export interface JobChangeOptions {
  clock: Clock
  detach?: boolean
  timeoutMs: number
  pollMs?: number
  signal?: AbortSignal
  onLine?: (line: string) => void
}

export interface JobChangeResult {
  jobId: string
  version: number | null
  evalId: string
  outcome: 'registered' | 'complete' | 'placement-failed' | 'eval-failed' | 'timeout' | 'interrupted'
  exitCode: number
}

async function follow(store: Store, jobId: string, evalId: string, version: number | null, opts: JobChangeOptions): Promise<JobChangeResult> {
  const base = {jobId, version, evalId}
  if (opts.detach) {
    opts.onLine?.(`Evaluation ID: ${evalId}`)
    return {...base, outcome: 'registered', exitCode: 0}
  }
  const ctx: MonitorContext = {store, now: opts.clock.now, deadline: opts.clock.now() + opts.timeoutMs, pollMs: opts.pollMs ?? 200, signal: opts.signal, say: opts.onLine ?? (() => undefined)}
  const r = await monitorEvaluation(ctx, evalId, jobId)
  const exit = {complete: 0, 'placement-failed': 2, 'eval-failed': 1, timeout: 1, interrupted: 130}[r.kind]
  return {...base, evalId: 'evalId' in r ? r.evalId : evalId, outcome: r.kind, exitCode: exit}
}

/** Resolve a job id or unique prefix against the store. */
export async function resolveJobId(store: Store, ref: string): Promise<string> {
  return findJob(await readClusterState(store), ref).ID
}

export async function stopJobAndFollow(store: Store, ref: string, purge: boolean, opts: JobChangeOptions): Promise<JobChangeResult> {
  const id = await resolveJobId(store, ref)
  const evalId = await stopJob(store, id, purge, opts.clock)
  return follow(store, id, evalId, null, opts)
}

export async function revertJobAndFollow(store: Store, ref: string, version: number, opts: JobChangeOptions): Promise<JobChangeResult> {
  const id = await resolveJobId(store, ref)
  const r = await revertJob(store, id, version, opts.clock)
  opts.onLine?.(`Job ${id} reverted to the spec of version ${version} (now version ${r.version})`)
  return follow(store, id, r.evalId, r.version, opts)
}

export async function readJobHistory(store: Store, ref: string): Promise<JobVersionView[]> {
  const id = await resolveJobId(store, ref)
  return buildJobHistory(await jobHistory(store, id))
}

/** The stored job as Nomad's API JSON (`{"Job": …}`), like `nomad job inspect`. */
export async function inspectJob(store: Store, ref: string): Promise<{Job: Job}> {
  const id = await resolveJobId(store, ref)
  return {Job: await getJob(store, id)}
}
