import path from 'node:path'
import {isMap, isScalar, type Node} from 'yaml'
import type {PathToCheck} from './read-jobs.js'
import type {TargetSpec} from './types.js'
import {isNullish, join, type YamlReader} from './yaml-reader.js'

const NAME = /^[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?$/

/** `targets: {staging: {addr, namespace, region, var_files, vars}}`: where `zdev promote --to` goes. */
export function readTargets(r: YamlReader, node: Node | null | undefined, dir: string, paths: PathToCheck[]): TargetSpec[] {
  if (isNullish(node)) return []
  if (!isMap(node)) return r.fail(node, 'targets', 'expected a mapping of target names to {addr, namespace, var_files}') ?? []
  const out: TargetSpec[] = []
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : ''
    const field = join('targets', name)
    if (!NAME.test(name)) {
      r.fail(pair.key as Node, field, `"${name}" is not a valid target name; use lowercase letters, digits, "-" and "_"`)
      continue
    }
    const m = r.map(pair.value as Node, field, ['addr', 'namespace', 'region', 'var_files', 'vars'])
    if (!m) continue
    const addr = m.has('addr') ? r.str(m.get('addr'), `${field}.addr`) : r.fail(pair.value as Node, `${field}.addr`, 'missing; give the Nomad API address, e.g. addr: https://nomad.example.com:4646')
    if (addr === undefined) continue
    if (!/^https?:\/\/[^/\s]+/.test(addr)) {
      r.fail(m.get('addr'), `${field}.addr`, `"${addr}" is not an http(s) URL, e.g. http://127.0.0.1:4646`)
      continue
    }
    const t: TargetSpec = {name, addr: addr.replace(/\/+$/, ''), varFiles: [], vars: {}}
    if (m.has('namespace')) t.namespace = r.str(m.get('namespace'), `${field}.namespace`)
    if (m.has('region')) t.region = r.str(m.get('region'), `${field}.region`)
    if (m.has('vars')) t.vars = r.dict(m.get('vars'), `${field}.vars`)
    if (m.has('var_files')) {
      ;(r.list(m.get('var_files'), `${field}.var_files`) ?? []).forEach((vf, j) => {
        const f = r.str(vf, join(`${field}.var_files`, j))
        if (f === undefined) return
        const abs = path.resolve(dir, f)
        paths.push({abs, given: f, node: vf, field: join(`${field}.var_files`, j)})
        t.varFiles.push(abs)
      })
    }
    out.push(t)
  }
  return out
}
