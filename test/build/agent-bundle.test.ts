import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {freePort} from '../../src/lib/ports.js'
import {AGENT_NODE_FLAGS} from '../../src/platform/plan.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'

// dist/agent.js as `npm run build` leaves it: a bundle (scripts/bundle-agents.mjs) with one chunk
// per agent kind. Each kind starts from it against a real etcd and says it is ready; a kind's
// chunks hold none of the other kinds' code; a crash's stack leads back to src/.

const DIST = path.resolve(import.meta.dirname, '../../dist')
const AGENT = path.join(DIST, 'agent.js')
const dir = mkdtempSync(path.join(tmpdir(), 'zdev-bundle-'))
let etcd: TestEtcd | undefined

beforeAll(async () => {
  if (!existsSync(AGENT)) throw new Error(`${AGENT} is missing: run \`npm run build\` first (npm test does)`)
  etcd = await startTestEtcd()
})
afterAll(async () => {
  await etcd?.stop()
  rmSync(dir, {recursive: true, force: true})
})

/** The relative imports of a chunk (static `import … from "./x.js"` and dynamic `import("./x.js")`). */
function importsOf(file: string): {static: string[]; dynamic: string[]} {
  const code = readFileSync(file, 'utf8')
  const rel = (spec: string) => path.resolve(path.dirname(file), spec)
  return {
    static: [...code.matchAll(/^import\s[^;]*?from\s*"(\.{1,2}\/[^"]+)"/gm), ...code.matchAll(/^import\s*"(\.{1,2}\/[^"]+)"/gm)].map((m) => rel(m[1]!)),
    dynamic: [...code.matchAll(/import\("(\.{1,2}\/[^"]+)"\)/g)].map((m) => rel(m[1]!)),
  }
}

/** Every source module (path under the repo) in the chunks a chunk loads statically, itself included. */
function sourcesLoadedBy(chunk: string): string[] {
  const seen = new Set<string>()
  const todo = [chunk]
  while (todo.length) {
    const f = todo.pop()!
    if (seen.has(f)) continue
    seen.add(f)
    todo.push(...importsOf(f).static)
  }
  return [...seen].flatMap((f) => {
    if (!existsSync(`${f}.map`)) return []
    const map = JSON.parse(readFileSync(`${f}.map`, 'utf8')) as {sources: string[]}
    return map.sources.map((s) => path.relative(path.resolve(DIST, '..'), path.resolve(path.dirname(f), s)))
  })
}

/** The chunk dist/agent.js imports for a kind's start function. */
function kindChunk(start: string): string {
  const chunks = importsOf(AGENT).dynamic
  const hit = chunks.find((c) => readFileSync(c, 'utf8').match(new RegExp(`export \\{[^}]*\\b${start}\\b`)) || readFileSync(c, 'utf8').includes(`function ${start}(`))
  if (!hit) throw new Error(`no chunk of ${AGENT} defines ${start} (chunks: ${chunks.join(', ')})`)
  return hit
}

describe('the agent bundle holds each kind apart', () => {
  const kinds = {server: 'startServer', node: 'startNodeAgentProcess', proxy: 'startProxyProcess'} as const
  const own = {server: /^src\/(server|scheduler|api)\//, node: /^src\/(client|drivers)\//, proxy: /^src\/proxy\//}
  // the log layout's index listing, which src/cluster/log-files.ts (the server's log reader) shares
  const shared = new Set(['src/client/runner/log-rotator.ts'])

  test.each(Object.keys(kinds) as (keyof typeof kinds)[])('%s loads none of the other kinds\' code', (kind) => {
    const sources = sourcesLoadedBy(kindChunk(kinds[kind]))
    expect(sources.some((s) => own[kind].test(s))).toBe(true)
    for (const other of Object.keys(own) as (keyof typeof own)[]) {
      if (other === kind) continue
      expect(sources.filter((s) => own[other].test(s) && !shared.has(s)), `${kind} loads ${other} code`).toEqual([])
    }
  })

  test('the entry itself loads no kind: each kind\'s chunk is imported dynamically', () => {
    const sources = sourcesLoadedBy(AGENT)
    expect(sources).toContain('src/agent.ts')
    expect(sources.filter((s) => /^src\/(server|scheduler|api|client|drivers|proxy|jobspec)\//.test(s))).toEqual([])
  })

  test('the node loads the template engine (and YAML) only for a task with templates', () => {
    expect(sourcesLoadedBy(kindChunk(kinds.node)).filter((s) => /^src\/template\/|render-templates|node_modules\/yaml\//.test(s))).toEqual([])
  })

  test('the node loads execa only for a script check or an archive (raw_exec spawns with node\'s own child_process)', () => {
    expect(sourcesLoadedBy(kindChunk(kinds.node)).filter((s) => /node_modules\/execa\//.test(s))).toEqual([])
  })

  test('the proxy loads undici\'s Pool after it starts (not on its way to listening), never undici\'s index (fetch, WebSocket, caches, mocks, …)', () => {
    const undiciOf = (files: string[]) => files.filter((s) => s.includes('node_modules/undici/'))
    const proxy = kindChunk(kinds.proxy)
    expect(undiciOf(sourcesLoadedBy(proxy))).toEqual([])
    // the chunks the proxy's graph imports on demand: undici's Pool is among them
    const seen = new Set<string>()
    const todo = [proxy]
    const later: string[] = []
    while (todo.length) {
      const f = todo.pop()!
      if (seen.has(f)) continue
      seen.add(f)
      const i = importsOf(f)
      todo.push(...i.static, ...i.dynamic)
      later.push(...i.dynamic)
    }
    const undici = undiciOf(later.flatMap((c) => sourcesLoadedBy(c)))
    expect(undici).toContain('node_modules/undici/lib/dispatcher/pool.js')
    // (Pool's HTTP/1 client does use a few of fetch's body helpers)
    expect(undici.filter((s) => /undici\/index\.js|\/mock\/|\/cache\/|websocket|eventsource|cookies|fetch\/index\.js/.test(s))).toEqual([])
  })

  test('the proxy loads no jobspec, template or HCL code, and TLS code only for a websecure entry point', () => {
    expect(sourcesLoadedBy(kindChunk(kinds.proxy)).filter((s) => /^src\/(jobspec|template)\/|hcl|src\/proxy\/tls\/|node_modules\/node-forge\//.test(s))).toEqual([])
  })
})

type Started = {out: string; code: number | null}

/**
 * Spawn dist/agent.js with the agents' node flags; on the first output matching `ready`, run
 * `whileReady` and stop the agent (its process group). Resolves on exit.
 */
function startAgent(args: string[], ready: RegExp, nodeFlags: string[] = AGENT_NODE_FLAGS, whileReady: () => Promise<void> = async () => {}): Promise<Started> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...nodeFlags, AGENT, ...args], {cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true})
    let out = ''
    const killer = setTimeout(() => kill('SIGKILL'), 20_000)
    const kill = (sig: NodeJS.Signals) => {
      try {
        process.kill(-p.pid!, sig)
      } catch {
        // gone already
      }
    }
    let seen = false
    const onData = (d: Buffer) => {
      out += d
      if (seen || !ready.test(out)) return
      seen = true
      whileReady().then(
        () => kill('SIGTERM'),
        (err) => {
          kill('SIGKILL')
          reject(err)
        },
      )
    }
    p.stdout.on('data', onData)
    p.stderr.on('data', onData)
    p.once('error', reject)
    p.once('exit', (code) => {
      clearTimeout(killer)
      resolve({out, code})
    })
  })
}

describe('each bundled kind starts and is ready', () => {
  const cfg = (extra: Record<string, unknown>) => JSON.stringify({cluster: 'bundle', endpoints: etcd!.endpoints, ...extra})

  test('server', async () => {
    const r = await startAgent(['server', cfg({name: 'server-b'})], /server server-b started/)
    expect(r.out).toMatch(/server server-b started/)
    expect(r.out).not.toMatch(/ZDEV-UNHANDLED|agent failed/)
  })

  test('node', async () => {
    const r = await startAgent(['node', cfg({name: 'node-b', stateDir: path.join(dir, 'node-b'), address: '127.0.0.1', ttlSeconds: 2})], /node node-b registered/)
    expect(r.out).toMatch(/node node-b registered/)
    expect(r.out).not.toMatch(/ZDEV-UNHANDLED|agent failed/)
  })

  test('proxy, and it answers HTTP', async () => {
    const port = await freePort()
    let status = 0
    const r = await startAgent(['proxy', cfg({name: 'proxy-b', host: '127.0.0.1', port})], /proxy proxy-b listening/, AGENT_NODE_FLAGS, async () => {
      status = (await fetch(`http://127.0.0.1:${port}/`, {headers: {host: 'nothing.routed.test'}})).status
    })
    expect(r.out).toMatch(/proxy proxy-b listening/)
    expect(r.out).not.toMatch(/ZDEV-UNHANDLED|agent failed/)
    expect(status).toBe(404) // no router matches: the proxy's own answer
  })

  test('a failed start prints the error and a stack that --enable-source-maps maps to src/', async () => {
    const plain = await startAgent(['bogus', 'x'], /$^/)
    expect(plain.code).toBe(1)
    expect(plain.out).toMatch(/agent failed to start: Error: unknown agent kind "bogus"/)
    expect(plain.out).toMatch(/at main \(file:\/\/.*dist\/agent\.js:\d+:\d+\)/)
    const mapped = await startAgent(['bogus', 'x'], /$^/, [...AGENT_NODE_FLAGS, '--enable-source-maps'])
    expect(mapped.out).toMatch(/at main \(.*src\/agent\.ts:\d+:\d+\)/)
  })
})
