// The restart half of a `zdev watch` turn: rebuild the images whose context changed, ask the
// nodes to restart only the affected tasks of the running allocations (in place, other tasks and
// allocations untouched), and report when each is running again.
import {UserError} from '../lib/errors.js'
import type {Allocation} from '../model/index.js'
import {buildLocalImage} from '../platform/image-build.js'
import {requestTaskRestart} from '../store/alloc-requests.js'
import {readClusterState} from '../store/cluster-state.js'
import type {Clock} from '../store/jobs.js'
import type {Store} from '../store/store.js'
import type {RestartPlan, TaskRef} from './watch-sources.js'

export interface RestartOptions {
  store: Store
  clock: Clock
  say: (line: string) => void
  signal?: AbortSignal
  /** How long to wait for the restarted tasks to run again (default 60 s). */
  waitMs?: number
  /** Builds an image (default: into the local daemon, as `zdev up` does). */
  build?: typeof buildLocalImage
}

export interface RestartOutcome {
  /** Allocation id → the tasks asked to restart. */
  requested: Map<string, string[]>
  /** ms from the request to every asked task running again; null if they did not in time. */
  runningAfterMs: number | null
}

const key = (r: TaskRef) => `${r.jobId}\u0000${r.group}`

export async function applyRestarts(plan: RestartPlan, opts: RestartOptions): Promise<RestartOutcome> {
  const wanted = new Map<string, {tasks: Set<string>; refetch: boolean; because: Set<string>}>()
  const want = (ref: TaskRef, refetch: boolean, because: string) => {
    const w = wanted.get(key(ref)) ?? {tasks: new Set<string>(), refetch: false, because: new Set<string>()}
    w.tasks.add(ref.task)
    w.refetch ||= refetch
    w.because.add(because)
    wanted.set(key(ref), w)
  }
  for (const r of plan.rebuild) {
    try {
      const b = await (opts.build ?? buildLocalImage)(r.image.context, {tag: r.image.tag, dockerfile: r.image.dockerfile, buildArgs: r.image.buildArgs})
      opts.say(`✓ image ${r.image.tag} rebuilt in ${b.ms} ms`)
      for (const t of r.tasks) want(t, false, `image ${r.image.tag}`)
    } catch (err) {
      if (!(err instanceof UserError)) throw err
      opts.say(`✗ image ${r.image.tag}: ${err.message}`)
      opts.say('  (its tasks keep running the old image; fix it and save again)')
    }
  }
  for (const t of plan.tasks) want(t.ref, t.refetch, t.because)
  const out: RestartOutcome = {requested: new Map(), runningAfterMs: null}
  if (wanted.size === 0) return out
  const st = await readClusterState(opts.store)
  const t0 = opts.clock.now()
  const asked: {alloc: Allocation; tasks: string[]}[] = []
  for (const a of st.allocs) {
    const w = wanted.get(key({jobId: a.JobID, group: a.TaskGroup, task: ''}))
    if (!w || a.DesiredStatus !== 'run' || a.ClientStatus !== 'running') continue
    const tasks = [...w.tasks].filter((t) => a.TaskStates?.[t]?.State === 'running')
    if (tasks.length === 0) continue
    await requestTaskRestart(opts.store, a, {Tasks: tasks, Reason: `${[...w.because].join(', ')} changed (zdev watch)`, Refetch: w.refetch, RequestedAt: t0})
    asked.push({alloc: a, tasks})
    out.requested.set(a.ID, tasks)
  }
  if (asked.length === 0) {
    opts.say('• no running allocation uses what changed; nothing to restart')
    return out
  }
  for (const {alloc, tasks} of asked) opts.say(`↻ restarting ${tasks.join(', ')} of ${alloc.Name} (${alloc.ID.slice(0, 8)}) on ${alloc.NodeName}`)
  out.runningAfterMs = await waitRunningAgain(opts, asked, t0)
  const n = asked.reduce((s, x) => s + x.tasks.length, 0)
  if (out.runningAfterMs !== null) opts.say(`✓ ${n} task(s) restarted and running again in ${out.runningAfterMs} ms`)
  else if (!opts.signal?.aborted) opts.say(`• not every restarted task runs again after ${Math.round((opts.waitMs ?? 60_000) / 1000)} s; see \`zdev alloc status <id>\``)
  return out
}

/** Polls (bounded) until every asked task restarted after t0 and runs again. */
async function waitRunningAgain(opts: RestartOptions, asked: {alloc: Allocation; tasks: string[]}[], t0: number): Promise<number | null> {
  const deadline = Date.now() + (opts.waitMs ?? 60_000)
  while (Date.now() < deadline && !opts.signal?.aborted) {
    const st = await readClusterState(opts.store)
    const again = asked.every(({alloc, tasks}) => {
      const a = st.allocs.find((x) => x.ID === alloc.ID)
      return tasks.every((t) => {
        const s = a?.TaskStates?.[t]
        return s?.State === 'running' && (s.LastRestart ?? 0) >= t0 && (s.StartedAt ?? 0) >= (s.LastRestart ?? 0)
      })
    })
    if (again) return opts.clock.now() - t0
    await new Promise((r) => setTimeout(r, 100))
  }
  return null
}
