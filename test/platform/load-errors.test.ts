import {describe, expect, test, afterAll, beforeAll} from 'vitest'
import net from 'node:net'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {loadPlatform} from '../../src/platform/load.js'
import {UserError} from '../../src/lib/errors.js'
import {freePort} from '../../src/lib/ports.js'

const bad = (f: string) => `fixtures/platform/bad/${f}`
const jobs = path.resolve('fixtures/platform/jobs')

// Each malformed platform file gives its own message, word for word.
export const BAD_CASES: {file: string; why: string; message: string}[] = [
  {file: 'bad-yaml.yaml', why: 'unclosed flow list', message: `${bad('bad-yaml.yaml')}:4:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`},
  {file: 'duplicate-key.yaml', why: 'same key twice', message: `${bad('duplicate-key.yaml')}:3:1: invalid YAML: Map keys must be unique`},
  {file: 'empty.yaml', why: 'only a comment', message: `${bad('empty.yaml')}:1:1: the platform file is empty; start with a cluster name, e.g. "name: demo"`},
  {file: 'top-list.yaml', why: 'a list at the top', message: `${bad('top-list.yaml')}:1:1: expected a mapping, got a list`},
  {file: 'unknown-top-key.yaml', why: 'typo in a top-level key', message: `${bad('unknown-top-key.yaml')}:2:1: nodse: unknown key "nodse"; did you mean "nodes"?`},
  {file: 'unknown-kv-key.yaml', why: 'typo in a nested key', message: `${bad('unknown-kv-key.yaml')}:3:3: kv.memebrs: unknown key "memebrs"; did you mean "members"?`},
  {file: 'missing-name.yaml', why: 'no cluster name', message: `${bad('missing-name.yaml')}:1:1: name: missing; give the cluster a name, e.g. "name: demo"`},
  {file: 'bad-name.yaml', why: 'name is not a DNS label', message: `${bad('bad-name.yaml')}:1:7: name: "My Cluster" is not a valid cluster name; use lowercase letters, digits and "-" (at most 63, starting and ending with a letter or digit)`},
  {file: 'bad-runtime.yaml', why: 'unknown runtime', message: `${bad('bad-runtime.yaml')}:2:10: runtime: "procss" is not a runtime; did you mean "process"? (use auto, process or docker)`},
  {file: 'even-members.yaml', why: 'even member count', message: `${bad('even-members.yaml')}:3:12: kv.members: 4 members is an even count: it tolerates no more failures than 3; use 1, 3 or 5`},
  {file: 'members-string.yaml', why: 'member count is a word', message: `${bad('members-string.yaml')}:3:12: kv.members: expected a whole number, got "three" (a string)`},
  {file: 'election-short.yaml', why: 'election timeout below 5 heartbeats', message: `${bad('election-short.yaml')}:4:16: kv.election_ms: 300 ms is shorter than 5 × heartbeat_ms (500 ms); etcd refuses to start with it`},
  {file: 'servers-count.yaml', why: 'unsupported server count', message: `${bad('servers-count.yaml')}:3:10: servers.count: 2 is not a supported server count; use 0, 1 or 3`},
  {file: 'nodes-wrong-type.yaml', why: 'nodes is a word', message: `${bad('nodes-wrong-type.yaml')}:2:8: nodes: expected a whole number, got "many" (a string)`},
  {file: 'duplicate-node.yaml', why: 'two nodes with one name', message: `${bad('duplicate-node.yaml')}:5:11: nodes[2].name: "web" is already the name of nodes[0]; node names must be unique`},
  {file: 'node-missing-name.yaml', why: 'listed node without a name', message: `${bad('node-missing-name.yaml')}:3:5: nodes[0].name: missing; every listed node needs a name`},
  {file: 'node-cpu-string.yaml', why: 'cpu is a string', message: `${bad('node-cpu-string.yaml')}:4:10: nodes[0].cpu: expected a whole number, got "fast" (a string)`},
  {file: 'unknown-driver.yaml', why: 'driver typo', message: `${bad('unknown-driver.yaml')}:4:25: nodes[0].drivers[1]: unknown driver "dokcer"; did you mean "docker"?`},
  {file: 'bad-port.yaml', why: 'port out of range', message: `${bad('bad-port.yaml')}:3:17: proxies.ports[1]: 70000 is not a TCP port; use a number from 1 to 65535`},
  {file: 'duplicate-port.yaml', why: 'same port twice', message: `${bad('duplicate-port.yaml')}:3:17: proxies.ports[1]: port 9080 is listed twice; each proxy needs its own port`},
  {file: 'port-count-mismatch.yaml', why: 'fewer ports than proxies', message: `${bad('port-count-mismatch.yaml')}:4:10: proxies.ports: 2 ports for 3 proxies; give one port per proxy, or leave ports out to use 8080 upwards`},
  {file: 'proxy-host.yaml', why: 'non-loopback host', message: `${bad('proxy-host.yaml')}:4:9: proxies.host: "0.0.0.0" is not a loopback address; zdev listens only on 127.0.0.0/8 (e.g. 127.0.0.1)`},
  {file: 'rule-syntax.yaml', why: 'unknown rule syntax', message: `${bad('rule-syntax.yaml')}:4:16: proxies.rule_syntax: "v1" is not a Traefik rule syntax; use v3 (the default) or v2`},
  {file: 'websecure-count.yaml', why: 'fewer websecure ports than proxies', message: `${bad('websecure-count.yaml')}:4:20: proxies.websecure_ports: 1 websecure port for 2 proxies; give one per proxy`},
  {file: 'jobs-not-list.yaml', why: 'jobs is a string', message: `${bad('jobs-not-list.yaml')}:2:7: jobs: expected a list, got "../jobs/web.nomad.hcl" (a string)`},
  {file: 'missing-job.yaml', why: 'job file does not exist', message: `${bad('missing-job.yaml')}:4:5: jobs[1]: file "../jobs/missing.nomad.hcl" does not exist (looked for ${jobs}/missing.nomad.hcl)`},
  {file: 'missing-var-file.yaml', why: 'var file does not exist', message: `${bad('missing-var-file.yaml')}:4:17: jobs[0].var_files[0]: file "../jobs/nope.vars.hcl" does not exist (looked for ${jobs}/nope.vars.hcl)`},
  {file: 'scheduler-algorithm.yaml', why: 'scheduler algorithm typo', message: `${bad('scheduler-algorithm.yaml')}:3:24: scheduler.scheduler_algorithm: "binpak" is not a scheduler algorithm; did you mean "binpack"? (use binpack or spread)`},
  {file: 'preemption-not-bool.yaml', why: 'preemption flag is a phrase', message: `${bad('preemption-not-bool.yaml')}:4:32: scheduler.preemption_config.service_scheduler_enabled: expected true or false, got "yes please" (a string)`},
  {file: 'preemption-unknown-key.yaml', why: 'preemption key typo', message: `${bad('preemption-unknown-key.yaml')}:4:5: scheduler.preemption_config.services_scheduler_enabled: unknown key "services_scheduler_enabled"; did you mean "service_scheduler_enabled"?`},
  {
    file: 'two-problems.yaml',
    why: 'every problem is reported at once',
    message: [
      `${bad('two-problems.yaml')} has 2 problems:`,
      `  * ${bad('two-problems.yaml')}:3:12: kv.members: 2 members is an even count: it tolerates no more failures than 1; use 1, 3 or 5`,
      `  * ${bad('two-problems.yaml')}:5:10: proxies.count: -1 is below the minimum 0`,
    ].join('\n'),
  },
]

describe('malformed platform files', () => {
  test.each(BAD_CASES)('$file ($why)', async ({file, message}) => {
    const err = await loadPlatform(bad(file)).then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as UserError).message).toBe(message)
    expect((err as UserError).stack).toBeDefined() // carried, but the CLI never prints it for a UserError
  })

  test('a missing platform file says where it looked and what to do', async () => {
    const err = (await loadPlatform('does-not-exist.yaml').catch((e) => e)) as UserError
    expect(err.message).toBe(`platform file does-not-exist.yaml not found (looked for ${path.resolve('does-not-exist.yaml')})`)
    expect(err.hint).toBe('create a zdev.yaml (see fixtures/platform/minimal.yaml) or pass -f <file>')
  })

  test('errors carry file, line, column and field as data', async () => {
    const err = (await loadPlatform(bad('unknown-kv-key.yaml')).catch((e) => e)) as UserError
    expect(err.location).toEqual({file: bad('unknown-kv-key.yaml'), line: 3, column: 3, field: 'kv.memebrs'})
  })
})

describe('port already in use (checked at up time)', () => {
  let server: net.Server
  let port: number
  let file: string
  beforeAll(async () => {
    port = await freePort()
    server = net.createServer().listen(port, '127.0.0.1')
    await new Promise((r) => server.once('listening', r))
    const dir = mkdtempSync(path.join(tmpdir(), 'zdev-ports-'))
    file = path.join(dir, 'zdev.yaml')
    writeFileSync(file, `name: demo\nproxies:\n  ports: [${port}]\n`)
  })
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()))
    rmSync(path.dirname(file), {recursive: true, force: true})
  })

  test('names the port, the proxy and where it was set', async () => {
    const err = (await loadPlatform(file, {checkPorts: true}).catch((e) => e)) as UserError
    expect(err.message).toBe(`${file}:3:11: proxies.ports[0]: port ${port} on 127.0.0.1 (for proxy-1) is already in use; stop what holds it or pick another port`)
  })

  test('up refuses it the same way before starting anything', async () => {
    const {upPlatform} = await import('../../src/platform/up.js')
    const err = (await upPlatform(file).catch((e) => e)) as UserError
    expect(err.message).toBe(`${file}:3:11: proxies.ports[0]: port ${port} on 127.0.0.1 (for proxy-1) is already in use; stop what holds it or pick another port`)
    expect(existsSync(path.join(path.dirname(file), '.zdev', 'demo', 'state.json'))).toBe(false)
  })

  test('is not checked when only validating', async () => {
    const p = await loadPlatform(file)
    expect(p.proxies.ports).toEqual([port])
  })
})
