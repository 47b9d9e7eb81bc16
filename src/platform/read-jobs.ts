import {isScalar, type Node} from 'yaml'
import path from 'node:path'
import type {JobRef} from './types.js'
import {isNullish, join, type YamlReader} from './yaml-reader.js'

/** A path named in the file, with the node to blame if it does not exist. */
export interface PathToCheck {
  abs: string
  given: string
  node: Node | null | undefined
  field: string
  /** A folder is wanted (an image's build context), not a file. */
  dir?: boolean
}

export function readJobs(r: YamlReader, node: Node | null | undefined, dir: string, paths: PathToCheck[]): JobRef[] {
  if (isNullish(node)) return []
  const out: JobRef[] = []
  const seen = new Set<string>()
  ;(r.list(node, 'jobs') ?? []).forEach((item, i) => {
    const field = join('jobs', i)
    let job: JobRef | undefined
    if (isScalar(item)) {
      const p = r.str(item, field)
      if (p !== undefined) job = {path: want(p, item, field), vars: {}, varFiles: []}
    } else {
      const m = r.map(item, field, ['path', 'vars', 'var_files', 'kv'])
      if (!m) return
      const p = m.has('path') ? r.str(m.get('path'), `${field}.path`) : r.fail(item, `${field}.path`, 'missing; name the job file, e.g. path: jobs/web.nomad.hcl')
      if (p === undefined) return
      job = {path: want(p, m.get('path'), `${field}.path`), vars: {}, varFiles: []}
      if (m.has('vars')) job.vars = r.dict(m.get('vars'), `${field}.vars`)
      if (m.has('kv')) {
        const v = (m.get('kv') as {value?: unknown} | null)?.value
        if (typeof v === 'boolean') job.kv = v
        else r.fail(m.get('kv'), `${field}.kv`, 'must be true or false')
      }
      if (m.has('var_files')) {
        ;(r.list(m.get('var_files'), `${field}.var_files`) ?? []).forEach((vf, j) => {
          const f = r.str(vf, join(`${field}.var_files`, j))
          if (f !== undefined) job!.varFiles.push(want(f, vf, join(`${field}.var_files`, j)))
        })
      }
    }
    if (!job) return
    if (seen.has(job.path)) r.fail(item, field, `job file "${path.relative(dir, job.path)}" is listed twice`)
    else {
      seen.add(job.path)
      out.push(job)
    }
  })
  return out

  function want(given: string, n: Node | null | undefined, field: string): string {
    const abs = path.resolve(dir, given)
    paths.push({abs, given, node: n, field})
    return abs
  }
}
