// A field diff between two versions of a job, named the way Nomad's plan prints it:
// task groups and tasks by name, other arrays by position.
import type {Job} from '../model/index.js'

export interface FieldChange {
  type: 'added' | 'deleted' | 'edited'
  path: string
  old?: string
  new?: string
}

const IGNORED = new Set(['Version', 'Status', 'SubmitTime', 'ModifyIndex', 'CreateIndex', 'JobModifyIndex', 'Stable'])

function flatten(v: unknown, path: string, out: Map<string, string>): void {
  if (v === null || v === undefined) return
  if (Array.isArray(v)) {
    const named = v.every((x) => x && typeof x === 'object' && typeof (x as {Name?: unknown}).Name === 'string')
    v.forEach((x, i) => flatten(x, named ? `${path}["${(x as {Name: string}).Name}"]` : `${path}[${i}]`, out))
    return
  }
  if (typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (path === '' && IGNORED.has(k)) continue
      flatten(x, path === '' ? k : `${path}.${k}`, out)
    }
    return
  }
  out.set(path, JSON.stringify(v))
}

export function diffJobs(oldJob: Job | null, newJob: Job): FieldChange[] {
  const a = new Map<string, string>()
  const b = new Map<string, string>()
  if (oldJob) flatten(oldJob, '', a)
  flatten(newJob, '', b)
  const out: FieldChange[] = []
  for (const [p, v] of b) {
    const o = a.get(p)
    if (o === undefined) out.push({type: 'added', path: p, new: v})
    else if (o !== v) out.push({type: 'edited', path: p, old: o, new: v})
  }
  for (const [p, v] of a) if (!b.has(p)) out.push({type: 'deleted', path: p, old: v})
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))
}

export function renderChange(c: FieldChange): string {
  if (c.type === 'added') return `+ ${c.path}: ${c.new}`
  if (c.type === 'deleted') return `- ${c.path}: ${c.old}`
  return `~ ${c.path}: ${c.old} => ${c.new}`
}
