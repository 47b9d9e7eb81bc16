// `zdev alloc logs ID [TASK]`: one task's stdout or stderr, read from the node's alloc dir
// on this laptop; with follow, new bytes as they are written until the signal aborts.
import {existsSync} from 'node:fs'
import {UserError} from '../lib/errors.js'
import {readClusterState} from '../store/cluster-state.js'
import type {Store} from '../store/store.js'
import {allocLogDir, followLogFrom, readAllLogs, type LogStream} from './log-files.js'
import {tailText} from './log-lines.js'
import {findAlloc} from './resolve.js'
import {pickTask} from './task-pick.js'

export interface AllocLogsOptions {
  task?: string
  stream: LogStream
  tail?: number // lines
  follow: boolean
  signal: AbortSignal
  nodeDir: (nodeName: string) => string
  write: (text: string) => void
  pollMs?: number
}

export interface AllocLogsResult {
  allocId: string
  task: string
  stream: LogStream
  dir: string
}

export async function allocLogs(store: Store, ref: string, opts: AllocLogsOptions): Promise<AllocLogsResult> {
  const st = await readClusterState(store)
  const a = findAlloc(st, ref)
  const job = (st.jobVersions[a.JobID] ?? []).find((j) => j.Version === a.JobVersion) ?? st.jobs[a.JobID]
  const task = pickTask(job, a, opts.task)
  const dir = allocLogDir(opts.nodeDir(a.NodeName), a.ID)
  if (!existsSync(dir) && !opts.follow) {
    throw new UserError(`No logs for allocation ${a.ID.slice(0, 8)} (${a.Name}): ${dir} does not exist.`, {code: 'no_logs', hint: `the allocation may not have started on ${a.NodeName} yet, or its alloc dir was removed; see \`zdev alloc status ${a.ID.slice(0, 8)}\`.`})
  }
  const {data, end} = readAllLogs(dir, task, opts.stream)
  const text = data.toString('utf8')
  const shown = opts.tail !== undefined ? tailText(text, opts.tail) : text
  if (shown) opts.write(shown)
  if (opts.follow) await followLogFrom(dir, task, opts.stream, end, (b) => opts.write(b.toString('utf8')), {signal: opts.signal, pollMs: opts.pollMs})
  return {allocId: a.ID, task, stream: opts.stream, dir}
}
