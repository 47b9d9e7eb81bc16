import path from 'node:path'
import type {Node} from 'yaml'
import type {PathToCheck} from './read-jobs.js'
import type {ImageSpec} from './types.js'
import {isNullish, join, type YamlReader} from './yaml-reader.js'

// `images:` — images `zdev up` builds into the local Docker daemon before the jobs run, so a
// platform whose jobs use driver = "docker" needs no registry:
//   images:
//     - {tag: zdev/whoami:dev, context: samples, args: {SCRIPT: whoami/whoami.mjs, BASE: zdev/node:local}}
const IMAGE_KEYS = ['tag', 'context', 'dockerfile', 'args'] as const

export function readImages(r: YamlReader, node: Node | null | undefined, dir: string, paths: PathToCheck[]): ImageSpec[] {
  if (isNullish(node)) return []
  const out: ImageSpec[] = []
  ;(r.list(node, 'images') ?? []).forEach((item, i) => {
    const field = join('images', i)
    const m = r.map(item, field, IMAGE_KEYS)
    if (!m) return
    const tag = m.has('tag') ? r.str(m.get('tag'), `${field}.tag`) : r.fail(item, `${field}.tag`, 'missing; name the image, e.g. tag: zdev/web:dev')
    const context = m.has('context') ? r.str(m.get('context'), `${field}.context`) : r.fail(item, `${field}.context`, 'missing; give the build folder (holding the Dockerfile), relative to this file')
    if (tag === undefined || context === undefined) return
    if (out.some((x) => x.tag === tag)) return void r.fail(m.get('tag'), `${field}.tag`, `image "${tag}" is listed twice`)
    const abs = path.resolve(dir, context)
    paths.push({abs, given: context, node: m.get('context'), field: `${field}.context`, dir: true})
    const spec: ImageSpec = {tag, context: abs, buildArgs: {}}
    if (m.has('dockerfile')) spec.dockerfile = r.str(m.get('dockerfile'), `${field}.dockerfile`)
    if (m.has('args')) spec.buildArgs = r.dict(m.get('args'), `${field}.args`)
    out.push(spec)
  })
  return out
}
