import {readFile, stat} from 'node:fs/promises'
import path from 'node:path'
import {LineCounter, parseDocument} from 'yaml'
import {UserError, UserErrors} from '../lib/errors.js'
import {checkYamlBounds} from './yaml-bounds.js'
import {DEFAULTS, type Platform, type Runtime} from './types.js'
import {YamlReader, isNullish} from './yaml-reader.js'
import {readKv, readServers} from './read-kv.js'
import {DNS_LABEL, readNodes} from './read-nodes.js'
import {readProxies} from './read-proxies.js'
import {readJobs, type PathToCheck} from './read-jobs.js'
import {readTargets} from './read-targets.js'
import {readImages} from './read-images.js'
import {readScheduler} from './read-scheduler.js'
import {suggestNearest} from './suggest.js'
import {checkProxyPorts} from './check-ports.js'

export const TOP_KEYS = ['name', 'runtime', 'kv', 'servers', 'nodes', 'proxies', 'jobs', 'targets', 'images', 'scheduler'] as const
const RUNTIMES: Runtime[] = ['auto', 'process', 'docker']

/** Read, validate and default a platform file. Throws UserError(s) naming file:line:column and field. */
export interface LoadOptions {
  /** Also fail when a fixed port the platform needs (proxy ports) is already taken (at `up` time). */
  checkPorts?: boolean
}

export async function loadPlatform(file: string, opts: LoadOptions = {}): Promise<Platform> {
  const abs = path.resolve(file)
  let text: string
  try {
    text = await readFile(abs, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      throw new UserError(`platform file ${file} not found (looked for ${abs})`, {code: 'no_platform', file, hint: 'create a zdev.yaml (see fixtures/platform/minimal.yaml) or pass -f <file>'})
    }
    throw new UserError(`cannot read platform file ${file}: ${(err as Error).message}`, {code: 'no_platform', file, cause: err})
  }
  return parsePlatform(text, file, abs, opts)
}

/** Validate platform text; `display` is how the file is named in messages. */
export async function parsePlatform(text: string, display: string, abs: string, opts: LoadOptions = {}): Promise<Platform> {
  const bounds = checkYamlBounds(text, display)
  if (bounds) throw bounds
  const lc = new LineCounter()
  const doc = parseDocument(text, {lineCounter: lc, prettyErrors: false, uniqueKeys: true})
  if (doc.errors.length > 0) {
    const errs = doc.errors.map((e) => {
      const {line, col} = lc.linePos(e.pos[0])
      const msg = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
      return new UserError(`${display}:${line}:${col}: invalid YAML: ${msg}`, {code: 'invalid_yaml', file: display, line, column: col})
    })
    throw collect(display, errs)
  }
  const r = new YamlReader(display, lc)
  const root = doc.contents
  if (isNullish(root)) throw new UserError(`${display}:1:1: the platform file is empty; start with a cluster name, e.g. "name: demo"`, {code: 'invalid_platform', file: display, line: 1, column: 1})
  const top = r.map(root, '', TOP_KEYS)
  if (!top) throw collect(display, r.errors)

  let name = ''
  if (!top.has('name')) r.fail(root, 'name', 'missing; give the cluster a name, e.g. "name: demo"')
  else {
    const n = r.str(top.get('name'), 'name')
    if (n !== undefined && !DNS_LABEL.test(n)) {
      r.fail(top.get('name'), 'name', `"${n}" is not a valid cluster name; use lowercase letters, digits and "-" (at most 63, starting and ending with a letter or digit)`)
    } else if (n !== undefined) name = n
  }
  let runtime = DEFAULTS.runtime
  if (top.has('runtime')) {
    const node = top.get('runtime')
    const v = r.str(node, 'runtime')
    if (v !== undefined && !(RUNTIMES as string[]).includes(v)) {
      const near = suggestNearest(v, RUNTIMES)
      r.fail(node, 'runtime', `"${v}" is not a runtime; ${near ? `did you mean "${near}"? ` : ''}(use auto, process or docker)`)
    } else if (v !== undefined) runtime = v as Runtime
  }
  const dir = path.dirname(abs)
  const paths: PathToCheck[] = []
  const platform: Platform = {
    file: abs,
    dir,
    stateDir: path.join(dir, '.zdev', name || 'invalid'),
    name,
    runtime,
    kv: readKv(r, top.get('kv')),
    servers: readServers(r, top.get('servers')),
    nodes: readNodes(r, top.get('nodes'), runtime),
    proxies: readProxies(r, top.get('proxies')),
    jobs: readJobs(r, top.get('jobs'), dir, paths),
    targets: readTargets(r, top.get('targets'), dir, paths),
    images: readImages(r, top.get('images'), dir, paths),
    scheduler: readScheduler(r, top.get('scheduler')),
  }
  for (const p of paths) {
    const st = await stat(p.abs).catch(() => undefined)
    if (!st) r.fail(p.node, p.field, `${p.dir ? 'folder' : 'file'} "${p.given}" does not exist (looked for ${p.abs})`)
    else if (p.dir && !st.isDirectory()) r.fail(p.node, p.field, `"${p.given}" is not a folder (${p.abs})`)
    else if (!p.dir && !st.isFile()) r.fail(p.node, p.field, `"${p.given}" is not a file (${p.abs})`)
  }
  if (opts.checkPorts && r.errors.length === 0) await checkProxyPorts(r, platform.proxies, top.get('proxies'))
  if (r.errors.length > 0) throw collect(display, r.errors)
  return platform
}

function collect(display: string, errors: UserError[]): UserError {
  if (errors.length === 1) return errors[0]!
  return new UserErrors(`${display} has ${errors.length} problems:`, errors, {code: 'invalid_platform'})
}

