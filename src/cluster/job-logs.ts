// `zdev logs JOB`: every replica's output interleaved, each line prefixed with its allocation
// and node. With follow, lines appear as they are written and new allocations are picked up
// as the scheduler places them.
import {UserError} from '../lib/errors.js'
import type {Allocation} from '../model/index.js'
import {readClusterState, type ClusterState} from '../store/cluster-state.js'
import type {Store} from '../store/store.js'
import {sleep} from './clock.js'
import {allocLogDir, followLogFrom, readAllLogs, type LogStream} from './log-files.js'
import {compareAllocNames, LineSplitter, prefixLine, sourcePrefix, tailText} from './log-lines.js'
import {findJob} from './resolve.js'
import {tasksForJobLogs} from './task-pick.js'

export interface JobLogsOptions {
  task?: string
  stream: LogStream
  tail?: number
  follow: boolean
  colour: boolean
  signal: AbortSignal
  nodeDir: (nodeName: string) => string
  writeLine: (line: string) => void
  pollMs?: number
  discoverMs?: number // how often to look for new allocations when following
}

export interface JobLogsResult {
  jobId: string
  sources: {allocId: string; allocName: string; nodeName: string; task: string}[]
}

/** The allocations whose logs `zdev logs` shows: those meant to run (not stopped or replaced). */
export function logAllocs(st: ClusterState, jobId: string): Allocation[] {
  return st.allocs.filter((a) => a.JobID === jobId && a.DesiredStatus === 'run' && a.ClientStatus !== 'lost').sort((a, b) => compareAllocNames(a.Name, b.Name) || a.CreateTime - b.CreateTime)
}

export async function jobLogs(store: Store, ref: string, opts: JobLogsOptions): Promise<JobLogsResult> {
  let st = await readClusterState(store)
  const job = findJob(st, ref)
  const result: JobLogsResult = {jobId: job.ID, sources: []}
  const started = new Set<string>()
  const followers: Promise<void>[] = []
  const multiTask = (a: Allocation) => tasksForJobLogs(st.jobs[a.JobID], a).length > 1 && !opts.task
  const add = (a: Allocation, fromStart: boolean) => {
    for (const task of tasksForJobLogs(st.jobs[a.JobID], a, opts.task)) {
      const key = `${a.ID}/${task}`
      if (started.has(key)) continue
      started.add(key)
      const colour = opts.colour ? result.sources.length : null
      result.sources.push({allocId: a.ID, allocName: a.Name, nodeName: a.NodeName, task})
      const prefix = sourcePrefix({allocName: a.Name, nodeName: a.NodeName, task, showTask: multiTask(a)})
      const emit = (l: string) => opts.writeLine(prefixLine(prefix, l, colour))
      const dir = allocLogDir(opts.nodeDir(a.NodeName), a.ID)
      const split = new LineSplitter()
      let from = {index: -1, offset: 0}
      if (!fromStart || !opts.follow) {
        const {data, end} = readAllLogs(dir, task, opts.stream)
        const text = data.toString('utf8')
        for (const l of split.push(opts.tail !== undefined ? tailText(text, opts.tail) : text)) emit(l)
        from = end
        if (!opts.follow) for (const l of split.flush()) emit(l)
      }
      if (opts.follow) followers.push(followLogFrom(dir, task, opts.stream, from, (b) => split.push(b).forEach(emit), {signal: opts.signal, pollMs: opts.pollMs}))
    }
  }
  const initial = logAllocs(st, job.ID)
  if (initial.length === 0 && !opts.follow) throw new UserError(`Job "${job.ID}" has no allocations to show logs of.`, {code: 'no_allocs', hint: `see \`zdev job status ${job.ID}\`; with -f, zdev logs waits for allocations to appear.`})
  for (const a of initial) add(a, false)
  if (!opts.follow) return result
  while (!opts.signal.aborted) {
    await sleep(opts.discoverMs ?? 1000, opts.signal)
    if (opts.signal.aborted) break
    try {
      st = await readClusterState(store)
    } catch {
      continue // the KV hiccuped: keep following the files we have
    }
    for (const a of logAllocs(st, job.ID)) add(a, true)
  }
  await Promise.all(followers)
  return result
}
