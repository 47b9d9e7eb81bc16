import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {UserError} from '../lib/errors.js'

export interface InitResult {
  dir: string
  name: string
  created: string[]
}

const SAMPLES = fileURLToPath(new URL('../../fixtures/samples', import.meta.url))
const SCHEMA = fileURLToPath(new URL('../../schema/zdev.schema.json', import.meta.url))

/** A DNS-label cluster name from a folder name ("My App" → "my-app"). */
export function clusterNameFor(dir: string): string {
  const n = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40)
  return /^[a-z]/.test(n) ? n : `dev-${n || 'cluster'}`.replace(/-$/, '')
}

/** The schema is copied beside the platform file, so the reference works wherever the folder goes. */
export const SCHEMA_COPY = 'zdev.schema.json'

export function platformFileText(name: string, schema = `./${SCHEMA_COPY}`): string {
  return `# yaml-language-server: $schema=${schema}
# zdev platform file. \`zdev up\` brings all of this up; \`zdev down\` stops it (data is kept).
name: ${name}
runtime: process
kv:
  members: 3        # a real etcd quorum: stop one with \`zdev kv stop etcd-2\` and watch it survive
servers:
  count: 1          # 3 for leader failover you can watch
nodes: 3            # simulated client nodes, each on its own loopback address
proxies:
  count: 2
  ports: [8080, 8081]
jobs:
  - jobs/whoami.nomad.hcl
`
}

/** Scaffold zdev.yaml and a sample job into `dir`, refusing to overwrite anything. */
export function initProject(dir: string): InitResult {
  const files: [string, string][] = [
    ['zdev.yaml', platformFileText(clusterNameFor(dir))],
    [path.join('jobs', 'whoami.nomad.hcl'), fs.readFileSync(path.join(SAMPLES, 'whoami', 'whoami.nomad.hcl'), 'utf8')],
    [path.join('jobs', 'whoami.mjs'), fs.readFileSync(path.join(SAMPLES, 'whoami', 'whoami.mjs'), 'utf8')],
    [SCHEMA_COPY, fs.readFileSync(SCHEMA, 'utf8')],
  ]
  const existing = files.map(([f]) => f).filter((f) => fs.existsSync(path.join(dir, f)))
  if (existing.length) {
    throw new UserError(`${path.resolve(dir)} already has ${existing.join(', ')}; zdev init writes nothing over existing files.`, {
      code: 'exists',
      hint: 'run it in an empty folder, or remove those files first if you want them replaced.',
    })
  }
  for (const [f, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), {recursive: true})
    fs.writeFileSync(path.join(dir, f), text, {flag: 'wx'})
  }
  const created = files.map(([f]) => f)
  if (ignoreStateDir(path.join(dir, '.gitignore'))) created.push('.gitignore')
  return {dir: path.resolve(dir), name: clusterNameFor(dir), created}
}

/** Add `.zdev/` (etcd data, logs, pids: never committed) to .gitignore; true when the file was created. */
function ignoreStateDir(file: string): boolean {
  const line = '.zdev/'
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, `# zdev's state: etcd data, logs and pids of the running platform\n${line}\n`)
    return true
  }
  const text = fs.readFileSync(file, 'utf8')
  if (!text.split(/\r?\n/).some((l) => ['.zdev', '.zdev/', '/.zdev', '/.zdev/'].includes(l.trim()))) fs.appendFileSync(file, `${text.endsWith('\n') || text === '' ? '' : '\n'}${line}\n`)
  return false
}
