// `zdev job history ID`: every stored version, newest first, with what changed from the
// version before it. Pure.
import type {Job} from '../model/index.js'
import {formatKv, formatTime} from './format.js'

export interface JobVersionView {
  version: number
  stable: boolean
  stop: boolean
  submitTime: number | null
  changes: string[] // against the previous version; [] for the first
}

const SET_BY_STORE = new Set(['Version', 'SubmitTime', 'Status', 'Stable', 'JobModifyIndex'])
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>, skip: Set<string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !skip.has(k) && !same(a[k], b[k])).sort()
}

/** Short human diff: "Count: 2 → 3 (group web)", "task web: Env, Config". */
export function diffJobs(prev: Job, next: Job): string[] {
  const out: string[] = []
  const jobKeys = changedKeys(prev, next, new Set([...SET_BY_STORE, 'TaskGroups']))
  if (jobKeys.length) out.push(`job: ${jobKeys.join(', ')}`)
  const groups = new Set([...prev.TaskGroups.map((g) => g.Name), ...next.TaskGroups.map((g) => g.Name)])
  for (const name of [...groups].sort()) {
    const a = prev.TaskGroups.find((g) => g.Name === name)
    const b = next.TaskGroups.find((g) => g.Name === name)
    if (!a || !b) {
      out.push(`group ${name}: ${a ? 'removed' : 'added'}`)
      continue
    }
    if (a.Count !== b.Count) out.push(`group ${name}: Count ${a.Count} → ${b.Count}`)
    const gKeys = changedKeys(a, b, new Set(['Tasks', 'Count']))
    if (gKeys.length) out.push(`group ${name}: ${gKeys.join(', ')}`)
    const tasks = new Set([...a.Tasks.map((t) => t.Name), ...b.Tasks.map((t) => t.Name)])
    for (const t of [...tasks].sort()) {
      const ta = a.Tasks.find((x) => x.Name === t)
      const tb = b.Tasks.find((x) => x.Name === t)
      if (!ta || !tb) out.push(`task ${name}.${t}: ${ta ? 'removed' : 'added'}`)
      else {
        const tKeys = changedKeys(ta, tb, new Set())
        if (tKeys.length) out.push(`task ${name}.${t}: ${tKeys.join(', ')}`)
      }
    }
  }
  return out
}

/** `versions` in any order; the view is newest first. */
export function buildJobHistory(versions: Job[]): JobVersionView[] {
  const asc = [...versions].sort((a, b) => (a.Version ?? 0) - (b.Version ?? 0))
  return asc
    .map((j, i) => ({
      version: j.Version ?? 0,
      stable: j.Stable === true,
      stop: j.Stop,
      submitTime: j.SubmitTime ?? null,
      changes: i === 0 ? [] : diffJobs(asc[i - 1]!, j),
    }))
    .reverse()
}

export function renderJobHistory(rows: JobVersionView[]): string[] {
  const out: string[] = []
  for (const r of rows) {
    if (out.length) out.push('')
    out.push(...formatKv([['Version', r.version], ['Stable', String(r.stable)], ['Submit Date', formatTime(r.submitTime)], ...(r.stop ? ([['Stop', 'true']] as [string, string][]) : [])]))
    if (r.changes.length) out.push('Diff:', ...r.changes.map((c) => `  ${c}`))
  }
  return out
}
