import type {Job} from '../model/job.js'
import {configKeyLines} from './docker-config-keys.js'

// Source lines of a parsed job, by path ("TaskGroups[0].Tasks[1].Services[0]"), kept beside
// the job object so validateJob can say where a problem is. Canonicalize keeps indices, so a
// path recorded on the decoded job is valid on the canonical one.

const registry = new WeakMap<object, Map<string, number>>()
/** Free-form values with no located objects inside: not worth walking. */
const OPAQUE = new Set(['Config', 'Env', 'Meta', 'Policy', 'Connect'])

export function collectLines(root: object, lines: WeakMap<object, number>): Map<string, number> {
  const out = new Map<string, number>()
  const walk = (v: unknown, path: string) => {
    if (!v || typeof v !== 'object') return
    const line = lines.get(v)
    if (line !== undefined) out.set(path, line)
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`))
    else for (const [k, x] of Object.entries(v)) if (x && typeof x === 'object' && !OPAQUE.has(k)) walk(x, path ? `${path}.${k}` : k)
    else if (k === 'Config' && x && typeof x === 'object') for (const [key, l] of Object.entries(configKeyLines(x))) out.set(`${path}.Config.${key}`, l)
  }
  walk(root, '')
  return out
}

export function attachLines(job: Job, lines: Map<string, number>): Job {
  registry.set(job, lines)
  return job
}

/** The line of the nearest recorded ancestor of `path`. */
export function lineFor(job: Job, path: string): number | undefined {
  const map = registry.get(job)
  if (!map) return undefined
  for (let p = path; ; ) {
    const line = map.get(p)
    if (line !== undefined) return line
    if (!p) return undefined
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['))
    p = cut < 0 ? '' : p.slice(0, cut)
  }
}
