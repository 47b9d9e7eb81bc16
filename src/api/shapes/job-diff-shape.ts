// Nomad's structured job diff (api.JobDiff, as returned by /v1/job/:id/plan with Diff: true):
// Fields (primitive values as strings), Objects (nested blocks), TaskGroups and their Tasks
// matched by name. Only what changed is listed, as Nomad does without contextual diffs. Pure.
import type {Job} from '../../model/index.js'

import type {DiffType, FieldDiff, JobDiff, ObjectDiff, TaskDiff, TaskGroupDiff} from '../../model/job-diff.js'

export type {DiffType, FieldDiff, JobDiff, ObjectDiff, TaskDiff, TaskGroupDiff}

const IGNORED = new Set(['Version', 'Status', 'StatusDescription', 'SubmitTime', 'ModifyIndex', 'CreateIndex', 'JobModifyIndex', 'Stable', 'Dispatched'])

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)
const isPrim = (v: unknown) => v === null || v === undefined || typeof v !== 'object'
const str = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))
const typeOf = (a: unknown, b: unknown): DiffType => (a === undefined || a === null ? 'Added' : b === undefined || b === null ? 'Deleted' : 'Edited')
const orNull = <T>(xs: T[]): T[] | null => (xs.length ? xs : null)

/** Primitive leaves of a value as "name" → string (maps `Meta[k]`, lists `args[0]`). */
function leaves(v: unknown, name: string, out: Map<string, string>): void {
  if (isPrim(v)) {
    if (v !== null && v !== undefined) out.set(name, str(v))
  } else if (Array.isArray(v)) v.forEach((x, i) => leaves(x, `${name}[${i}]`, out))
  else for (const [k, x] of Object.entries(v as Obj)) leaves(x, `${name}[${k}]`, out)
}

function fieldDiffs(a: Map<string, string>, b: Map<string, string>): FieldDiff[] {
  const out: FieldDiff[] = []
  for (const name of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const o = a.get(name)
    const n = b.get(name)
    if (o === n) continue
    out.push({Type: typeOf(o, n), Name: name, Old: o ?? '', New: n ?? '', Annotations: null})
  }
  return out
}

// Go maps are flattened into Fields (`Meta[key]`); structs become Objects. Config is an Object
// whose fields are its flattened leaves (`args[0]`), as Nomad prints driver config.
const MAPS = new Set(['Meta', 'Env', 'CanaryMeta', 'Header'])
const listOfObjects = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every(isObj)

/** Diff two objects: primitives and flat maps/lists become Fields, blocks become Objects. */
function diffBody(a: Obj | null, b: Obj | null, skip: Set<string>): {Fields: FieldDiff[]; Objects: ObjectDiff[]} {
  const fa = new Map<string, string>()
  const fb = new Map<string, string>()
  const objects: ObjectDiff[] = []
  for (const key of [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].sort()) {
    if (skip.has(key)) continue
    const x = a?.[key]
    const y = b?.[key]
    if (isPrim(x) && isPrim(y)) {
      if (x !== null && x !== undefined) fa.set(key, str(x))
      if (y !== null && y !== undefined) fb.set(key, str(y))
    } else if (listOfObjects(x) || listOfObjects(y)) {
      const xs = (x as Obj[] | null) ?? []
      const ys = (y as Obj[] | null) ?? []
      for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
        const d = objectDiff(key, xs[i] ?? null, ys[i] ?? null)
        if (d) objects.push(d)
      }
    } else if (key === 'Config' && (isObj(x) || isObj(y))) {
      const la = new Map<string, string>()
      const lb = new Map<string, string>()
      for (const [k, v] of Object.entries(isObj(x) ? x : {})) leaves(v, k, la)
      for (const [k, v] of Object.entries(isObj(y) ? y : {})) leaves(v, k, lb)
      const f = fieldDiffs(la, lb)
      if (f.length) objects.push({Type: typeOf(x, y), Name: key, Fields: f, Objects: null})
    } else if (!MAPS.has(key) && (isObj(x) || isObj(y))) {
      const d = objectDiff(key, isObj(x) ? x : null, isObj(y) ? y : null)
      if (d) objects.push(d)
    } else {
      leaves(x, key, fa)
      leaves(y, key, fb)
    }
  }
  return {Fields: fieldDiffs(fa, fb), Objects: objects}
}

export function objectDiff(name: string, a: Obj | null, b: Obj | null): ObjectDiff | null {
  const {Fields, Objects} = diffBody(a, b, new Set())
  if (!Fields.length && !Objects.length) return null
  return {Type: typeOf(a, b), Name: name, Fields: orNull(Fields), Objects: orNull(Objects)}
}

function byName<T extends {Name: string}>(a: T[] | null | undefined, b: T[] | null | undefined): [string, T | null, T | null][] {
  const names = [...new Set([...(a ?? []).map((x) => x.Name), ...(b ?? []).map((x) => x.Name)])]
  return names.map((n) => [n, a?.find((x) => x.Name === n) ?? null, b?.find((x) => x.Name === n) ?? null])
}

export interface DiffAnnotations {
  /** Nomad's per-group update counts ("create", "destroy", "in-place update", …). */
  updates?: Record<string, Record<string, number>>
  /** Groups whose update is destructive: their changed tasks "forces create/destroy update". */
  destructive?: Set<string>
}

/** The job diff Nomad's plan endpoint returns, from the running job (or null) to the new one. */
export function jobDiff(oldJob: Job | null, newJob: Job, ann: DiffAnnotations = {}): JobDiff {
  const old = oldJob && !oldJob.Stop ? oldJob : null
  const {Fields, Objects} = diffBody(old as Obj | null, newJob as Obj, new Set([...IGNORED, 'TaskGroups']))
  const TaskGroups: TaskGroupDiff[] = []
  for (const [name, ga, gb] of byName(old?.TaskGroups, newJob.TaskGroups)) {
    const body = diffBody(ga as Obj | null, gb as Obj | null, new Set(['Tasks', 'Name']))
    const Tasks: TaskDiff[] = []
    for (const [tname, ta, tb] of byName(ga?.Tasks, gb?.Tasks)) {
      const t = diffBody(ta as Obj | null, tb as Obj | null, new Set(['Name']))
      if (!t.Fields.length && !t.Objects.length) continue
      const forces = !ta || !tb || ann.destructive?.has(name) ? 'forces create/destroy update' : 'forces in-place update'
      Tasks.push({Type: typeOf(ta, tb), Name: tname, Fields: orNull(t.Fields), Objects: orNull(t.Objects), Annotations: [forces]})
    }
    const updates = ann.updates?.[name] ?? null
    const changed = body.Fields.length || body.Objects.length || Tasks.length
    TaskGroups.push({Type: changed ? typeOf(ga, gb) : 'None', Name: name, Fields: orNull(body.Fields), Objects: orNull(body.Objects), Tasks: orNull(Tasks), Updates: updates})
  }
  const changed = Fields.length || Objects.length || TaskGroups.some((g) => g.Type !== 'None')
  return {Type: !old ? 'Added' : changed ? 'Edited' : 'None', ID: newJob.ID, Fields: orNull(Fields), Objects: orNull(Objects), TaskGroups: orNull(TaskGroups)}
}

/** Nomad's DesiredTGUpdates counts under the names its diff's Updates map uses. */
export function updatesOf(u: {Place: number; Stop: number; Migrate: number; InPlaceUpdate: number; DestructiveUpdate: number; Canary: number; Ignore: number}): Record<string, number> {
  const out: Record<string, number> = {}
  const put = (k: string, n: number) => n > 0 && (out[k] = n)
  put('create', u.Place)
  put('destroy', u.Stop)
  put('migrate', u.Migrate)
  put('in-place update', u.InPlaceUpdate)
  put('create/destroy update', u.DestructiveUpdate)
  put('canary', u.Canary)
  put('ignore', u.Ignore)
  return out
}
