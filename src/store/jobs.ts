import type {Evaluation, EvalTrigger, Job} from '../model/index.js'
import {UserError} from '../lib/errors.js'
import {enc, type Store} from './store.js'

export interface SubmitResult {
  job: Job
  version: number
  changed: boolean
  evalId: string // '' for a periodic or parameterized parent, which is never evaluated itself
}

/** Nomad's EnforceIndex: register only if the job's modify index (its key's mod revision; 0 = new) is this. */
export interface SubmitOptions {
  enforceModifyIndex?: number
}

/** The job changed since the caller read it (Nomad's "Enforcing job modify index" error). */
export class EnforceIndexError extends UserError {
  constructor(readonly expected: number, readonly actual: number) {
    super(
      actual === 0
        ? `Enforcing job modify index ${expected}: job does not exist`
        : expected === 0
          ? `Enforcing job modify index ${expected}: job already exists`
          : `Enforcing job modify index ${expected}: job exists with conflicting job modify index: ${actual}`,
      {code: 'enforce_index'},
    )
  }
}

export interface Clock {
  now: () => number
  newId: () => string
}

// Fields the store sets; two submissions that differ only here are the same job.
function specOf(job: Job): string {
  const {Version: _v, SubmitTime: _s, Status: _st, Stable: _stable, ...rest} = job
  return JSON.stringify(rest)
}

export function newEvaluation(job: Job, trigger: EvalTrigger, clock: Clock, extra: Partial<Evaluation> = {}): Evaluation {
  return {
    ID: clock.newId(),
    Namespace: job.Namespace,
    Priority: job.Priority,
    Type: job.Type,
    TriggeredBy: trigger,
    JobID: job.ID,
    Status: 'pending',
    StatusDescription: '',
    WaitUntil: null,
    FailedTGAllocs: null,
    CreateTime: clock.now(),
    ...extra,
  }
}

/**
 * Register a job: a new version (when the spec changed) and an evaluation, in one transaction
 * that holds only if nobody changed the job since we read it.
 */
export async function submitJob(store: Store, submitted: Job, clock: Clock, trigger: EvalTrigger = 'job-register', opts: SubmitOptions = {}): Promise<SubmitResult> {
  const {Stable: _stable, ...job} = submitted
  for (let attempt = 0; attempt < 5; attempt++) {
    const prev = await store.get<Job>(store.keys.job(job.ID))
    if (opts.enforceModifyIndex !== undefined && (prev?.modRevision ?? 0) !== opts.enforceModifyIndex) {
      throw new EnforceIndexError(opts.enforceModifyIndex, prev?.modRevision ?? 0)
    }
    const changed = !prev || specOf(prev.value) !== specOf(job)
    const version = prev ? (changed ? (prev.value.Version ?? 0) + 1 : (prev.value.Version ?? 0)) : 0
    const stored: Job = changed ? {...job, Version: version, SubmitTime: clock.now(), Status: 'pending'} : prev!.value
    const ev = newEvaluation(stored, trigger, clock)
    const k = store.keys
    // A periodic or parameterized parent is never placed itself (Nomad creates no evaluation for
    // it); its children are. Stopping one still gets an evaluation, to clean up.
    const template = !stored.Stop && !stored.ParentID && (stored.Periodic?.Enabled || stored.ParameterizedJob)
    const ops = template ? [] : [{request_put: {key: enc(k.evaluation(ev.ID)), value: enc(JSON.stringify(ev))}}]
    if (changed) {
      ops.push({request_put: {key: enc(k.job(job.ID)), value: enc(JSON.stringify(stored))}})
      ops.push({request_put: {key: enc(k.jobVersion(job.ID, version)), value: enc(JSON.stringify(stored))}})
    }
    const ok = await store.txn(`submit job ${job.ID}`, {
      compare: [{key: enc(k.job(job.ID)), target: 'Mod', result: 'Equal', mod_revision: prev ? prev.modRevision : 0}],
      success: ops,
      failure: [],
    })
    if (ok) return {job: stored, version, changed, evalId: template ? '' : ev.ID}
  }
  throw new UserError(`Job "${job.ID}" kept changing while it was being submitted; try again.`, {code: 'conflict'})
}

export async function getJob(store: Store, id: string): Promise<Job> {
  const e = await store.get<Job>(store.keys.job(id))
  if (!e) throw new UserError(`No job with ID "${id}" in this cluster.`, {code: 'not_found', hint: 'list jobs with `zdev job status`.'})
  return e.value
}

export async function jobHistory(store: Store, id: string): Promise<Job[]> {
  const l = await store.list<Job>(store.keys.jobVersions(id))
  return l.items.map((e) => e.value).sort((a, b) => (b.Version ?? 0) - (a.Version ?? 0))
}

/** Stop a job (a new version with Stop = true), or with purge remove it and its history. */
export async function stopJob(store: Store, id: string, purge: boolean, clock: Clock): Promise<string> {
  const cur = await getJob(store, id)
  if (!purge) return (await submitJob(store, {...cur, Stop: true}, clock, 'job-deregister')).evalId
  const ev = newEvaluation(cur, 'job-deregister', clock)
  const k = store.keys
  await store.txn(`purge job ${id}`, {
    compare: [],
    success: [
      {request_delete_range: {key: enc(k.job(id))}},
      {request_put: {key: enc(k.evaluation(ev.ID)), value: enc(JSON.stringify(ev))}},
    ],
    failure: [],
  })
  await store.deletePrefix(k.jobVersions(id))
  return ev.ID
}

/** Submit an older version's spec again as a new version (Nomad's `job revert`). */
export async function revertJob(store: Store, id: string, toVersion: number, clock: Clock): Promise<SubmitResult> {
  const old = await store.get<Job>(store.keys.jobVersion(id, toVersion))
  if (!old) throw new UserError(`Job "${id}" has no version ${toVersion}.`, {code: 'not_found', hint: `see the versions with \`zdev job history ${id}\`.`})
  return submitJob(store, {...old.value, Stop: false}, clock)
}
