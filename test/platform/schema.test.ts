import {describe, expect, test} from 'vitest'
import {readFileSync, readdirSync} from 'node:fs'
import {parse} from 'yaml'
import fc from 'fast-check'
import {loadPlatform, parsePlatform} from '../../src/platform/load.js'
import {UserError} from '../../src/lib/errors.js'
import {validateSchema} from './mini-schema.js'

const schema = JSON.parse(readFileSync('schema/zdev.schema.json', 'utf8'))
const GOOD = ['minimal.yaml', 'kv-only.yaml', 'full.yaml']
// What JSON Schema cannot say: cross-field rules, the file system, YAML syntax.
const SCHEMA_BLIND = new Set([
  'bad-yaml.yaml', 'duplicate-key.yaml', 'election-short.yaml', 'duplicate-node.yaml',
  'port-count-mismatch.yaml', 'websecure-count.yaml', 'missing-job.yaml', 'missing-var-file.yaml',
])

describe('schema/zdev.schema.json agrees with the loader', () => {
  test.each(GOOD)('%s: schema valid and loader accepts', async (f) => {
    const file = `fixtures/platform/${f}`
    expect(validateSchema(schema, parse(readFileSync(file, 'utf8')))).toEqual([])
    await expect(loadPlatform(file)).resolves.toMatchObject({file: expect.stringContaining(f)})
  })

  const bad = readdirSync('fixtures/platform/bad').filter((f) => !SCHEMA_BLIND.has(f)).sort()
  test.each(bad)('bad/%s: schema rejects and loader rejects', async (f) => {
    const file = `fixtures/platform/bad/${f}`
    expect(validateSchema(schema, parse(readFileSync(file, 'utf8')) ?? null).length).toBeGreaterThan(0)
    await expect(loadPlatform(file)).rejects.toBeInstanceOf(UserError)
  })

  test('at least 20 malformed fixtures are compared with the schema', () => {
    expect(bad.length).toBeGreaterThanOrEqual(18)
  })

  // Boundaries, one rule each: both must give the same verdict.
  const EDGES: [string, unknown, boolean][] = [
    ['servers 0', {name: 'd', servers: 0}, true],
    ['servers 2', {name: 'd', servers: 2}, false],
    ['servers {count: 3}', {name: 'd', servers: {count: 3}}, true],
    ['servers {count: 2}', {name: 'd', servers: {count: 2}}, false],
    ['members 5', {name: 'd', kv: {members: 5}}, true],
    ['members 0', {name: 'd', kv: {members: 0}}, false],
    ['heartbeat 9', {name: 'd', kv: {heartbeat_ms: 9}}, false],
    ['nodes 200', {name: 'd', nodes: 200}, true],
    ['nodes 201', {name: 'd', nodes: 201}, false],
    ['nodes -1', {name: 'd', nodes: -1}, false],
    ['nodes {count: 2}', {name: 'd', nodes: {count: 2}}, true],
    ['node cpu 0', {name: 'd', nodes: [{name: 'a', cpu: 0}]}, false],
    ['node meta number', {name: 'd', nodes: [{name: 'a', meta: {rack: 1}}]}, true],
    ['node meta list', {name: 'd', nodes: [{name: 'a', meta: {rack: [1]}}]}, false],
    ['proxy port 1', {name: 'd', proxies: {ports: [1]}}, true],
    ['proxy port 0', {name: 'd', proxies: {ports: [0]}}, false],
    ['proxy port 65535', {name: 'd', proxies: {ports: [65535]}}, true],
    ['proxy port 65536', {name: 'd', proxies: {ports: [65536]}}, false],
    ['proxies 20', {name: 'd', proxies: 20}, true],
    ['proxies 21', {name: 'd', proxies: 21}, false],
    ['proxy host 127.1.2.3', {name: 'd', proxies: {host: '127.1.2.3'}}, true],
    ['proxy host 128.0.0.1', {name: 'd', proxies: {host: '128.0.0.1'}}, false],
    ['name 63 chars', {name: 'a'.repeat(63)}, true],
    ['name 64 chars', {name: 'a'.repeat(64)}, false],
    ['name trailing dash', {name: 'a-'}, false],
    ['runtime docker', {name: 'd', runtime: 'docker'}, true],
    ['jobs null', {name: 'd', jobs: null}, true],
    ['job without path', {name: 'd', jobs: [{vars: {}}]}, false],
    ['scheduler spread', {name: 'd', scheduler: {scheduler_algorithm: 'spread'}}, true],
    ['scheduler algorithm unknown', {name: 'd', scheduler: {scheduler_algorithm: 'random'}}, false],
    ['scheduler null', {name: 'd', scheduler: null}, true],
    ['preemption flag true', {name: 'd', scheduler: {preemption_config: {batch_scheduler_enabled: true}}}, true],
    ['preemption flag a string', {name: 'd', scheduler: {preemption_config: {batch_scheduler_enabled: 'true'}}}, false],
    ['preemption unknown key', {name: 'd', scheduler: {preemption_config: {gpu_scheduler_enabled: true}}}, false],
  ]
  test.each(EDGES)('%s', async (_why, doc, ok) => {
    expect(validateSchema(schema, doc).length === 0).toBe(ok)
    const loaded = await parsePlatform(JSON.stringify(doc), 'edge.yaml', '/tmp/edge.yaml').then(() => true, () => false)
    expect(loaded).toBe(ok)
  })

  // Random documents built from the schema's own vocabulary: the verdicts must match.
  test('random documents: schema valid ⇔ loader accepts', async () => {
    // Mostly valid values with a sprinkling of wrong ones, so most documents test one rule at a time.
    const pick = <T,>(good: T[], bad: unknown[]) => fc.oneof({arbitrary: fc.constantFrom(...good), weight: 5}, {arbitrary: fc.constantFrom(...bad), weight: 2})
    const count = pick([0, 1, 3], [2, 4, -1, 'x', true, 70000])
    const kv = fc.record({members: pick([1, 3, 5], [0, 2, 4, 'x', null]), heartbeat_ms: pick([10, 50, 100], ['x', 5]), election_ms: pick([500, 1000], ['x', 20])}, {requiredKeys: []})
    const proxies = fc.oneof(count, fc.record({count, ports: fc.uniqueArray(fc.constantFrom(18080, 18081, 18082), {maxLength: 3}), host: pick(['127.0.0.1', 'localhost'], ['10.0.0.1'])}, {requiredKeys: []}))
    const node = fc.record({name: pick(['a', 'b', 'c'], ['Bad Name']), cpu: pick([1, 4000], [0, 'x']), drivers: fc.array(pick(['exec', 'raw_exec', 'docker'], ['dokcer']), {maxLength: 2})}, {requiredKeys: ['name']})
    const doc = fc.record(
      {
        name: pick(['demo', 'a-b'], ['Bad', '-x', 3]),
        runtime: pick(['auto', 'process', 'docker'], ['procss']),
        kv: fc.oneof(kv, fc.constant(null)),
        servers: fc.oneof(count, fc.record({count}, {requiredKeys: []})),
        nodes: fc.oneof(count, fc.uniqueArray(node, {maxLength: 3, selector: (n) => n.name})),
        proxies,
        unknown_key: count,
      },
      {requiredKeys: ['name']},
    ).map((d) => {
      if (Math.abs(JSON.stringify(d).length) % 5 !== 0) delete (d as Record<string, unknown>).unknown_key
      return d
    })
    await fc.assert(
      fc.asyncProperty(doc, async (d) => {
        const schemaOk = validateSchema(schema, d).length === 0
        const loaded = await parsePlatform(JSON.stringify(d), 'rand.yaml', '/tmp/rand.yaml').then(
          () => true,
          (e) => {
            if (!(e instanceof UserError)) throw e
            return false
          },
        )
        // Cross-field rules (election vs heartbeat, ports vs count) only the loader can check.
        const k = d.kv as {election_ms?: unknown; heartbeat_ms?: unknown} | null | undefined
        const p = d.proxies as {count?: unknown; ports?: unknown[]} | number
        const crossField = (k?.election_ms !== undefined && k?.heartbeat_ms !== undefined) || (typeof p === 'object' && p.ports !== undefined && p.count !== undefined && p.ports.length !== p.count)
        const nodes = Array.isArray(d.nodes) ? (d.nodes as {drivers?: unknown[]}[]) : []
        const dockerUnderProcess = d.runtime === 'process' && nodes.some((n) => n.drivers?.includes('docker'))
        if (crossField || dockerUnderProcess) return !loaded || schemaOk
        return schemaOk === loaded
      }),
      {numRuns: 500},
    )
  })
})
