// Pure parts of the docker driver: config reading, the container spec, daemon candidates,
// the node base image's library list. No daemon needed.
import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {readDockerConfig, parseVolume} from '../../src/drivers/docker-config.js'
import {daemonCandidates, describeDockerError} from '../../src/drivers/docker-host.js'
import {parseLdd} from '../../src/drivers/docker-node-image.js'
import {buildContainerOptions, containerName} from '../../src/drivers/docker-spec.js'
import {splitTag} from '../../src/drivers/docker-build.js'
import type {TaskSpec} from '../../src/drivers/driver.js'

const node = {'zdev.cluster': 'demo', 'zdev.node': 'node-1', 'zdev.state': '/w/.zdev/demo'}
const dirs = {root: '/a/web', local: '/a/web/local', secrets: '/a/web/secrets', allocShared: '/a/alloc'}
const sink = {write() {}}
const spec = (config: Record<string, unknown>, over: Partial<TaskSpec> = {}): TaskSpec => ({
  name: 'web', command: '', args: [], env: {A: '1', NOMAD_TASK_DIR: '/local'}, cwd: dirs.root, stdout: sink, stderr: sink, dirs,
  config, identity: {allocId: 'a1b2', job: 'shop', group: 'api'}, resources: {cpu: 500, memoryMB: 128},
  ports: [{label: 'http', value: 23456, to: 80, hostIP: '127.0.1.2'}, {label: 'admin', value: 23457, to: 0, hostIP: '127.0.1.2'}], ...over,
})
const opts = (config: Record<string, unknown>, over: Partial<TaskSpec> = {}) => buildContainerOptions(spec(config, over), readDockerConfig('web', config), node)

describe('container spec (Nomad docker driver layout)', () => {
  test('name, command + args, entrypoint, work_dir, env', () => {
    const o = opts({image: 'x:1', command: '/bin/app', args: ['-v'], entrypoint: ['/init'], work_dir: '/srv'})
    expect(o).toMatchObject({name: 'web-a1b2', Image: 'x:1', Cmd: ['/bin/app', '-v'], Entrypoint: ['/init'], WorkingDir: '/srv', Env: ['A=1', 'NOMAD_TASK_DIR=/local']})
    expect(opts({image: 'x', args: ['serve']}).Cmd).toEqual(['serve']) // args alone go to the image's entrypoint
    expect(opts({image: 'x'}).Cmd).toBeUndefined()
  })

  test('alloc dirs and volumes are bound; relative host paths start at the task dir; named volumes stay names', () => {
    const o = opts({image: 'x', volumes: ['local/conf:/etc/app:ro', '/data:/data', 'cache:/cache'], mount: [{type: 'bind', source: 'secrets', target: '/s', readonly: true}, {type: 'tmpfs', target: '/t'}]})
    expect(o.HostConfig!.Binds).toEqual(['/a/alloc:/alloc', '/a/web/local:/local', '/a/web/secrets:/secrets', '/a/web/local/conf:/etc/app:ro', '/data:/data', 'cache:/cache'])
    expect(o.HostConfig!.Mounts).toEqual([{Type: 'bind', Source: '/a/web/secrets', Target: '/s', ReadOnly: true}, {Type: 'tmpfs', Source: '', Target: '/t', ReadOnly: false}])
  })

  test('ports: published on the node address, container port = to (or the host port when to = 0)', () => {
    const o = opts({image: 'x', ports: ['http', 'admin']})
    expect(o.HostConfig!.PortBindings).toEqual({
      '80/tcp': [{HostIp: '127.0.1.2', HostPort: '23456'}], '80/udp': [{HostIp: '127.0.1.2', HostPort: '23456'}],
      '23457/tcp': [{HostIp: '127.0.1.2', HostPort: '23457'}], '23457/udp': [{HostIp: '127.0.1.2', HostPort: '23457'}],
    })
    expect(Object.keys(o.ExposedPorts!)).toEqual(['80/tcp', '80/udp', '23457/tcp', '23457/udp'])
    const host = opts({image: 'x', ports: ['http'], network_mode: 'host'})
    expect([host.HostConfig!.PortBindings, host.ExposedPorts, host.HostConfig!.NetworkMode]).toEqual([undefined, undefined, 'host'])
  })

  test('limits: memory (memory_max as the hard limit), cpu shares, cpu_hard_limit, init', () => {
    expect(opts({image: 'x'}).HostConfig).toMatchObject({Memory: 128 * 2 ** 20, MemoryReservation: undefined, CpuShares: 500, CpuQuota: undefined, Init: undefined})
    expect(opts({image: 'x', init: true, cpu_hard_limit: true}, {resources: {cpu: 500, memoryMB: 64, memoryMaxMB: 256}}).HostConfig).toMatchObject({Memory: 256 * 2 ** 20, MemoryReservation: 64 * 2 ** 20, CpuQuota: 50_000, CpuPeriod: 100_000, Init: true})
    expect(opts({image: 'x', memory_hard_limit: 512}).HostConfig!.Memory).toBe(512 * 2 ** 20)
  })

  test('labels: the job\'s, then zdev\'s and Nomad\'s (ours win)', () => {
    expect(opts({image: 'x', labels: [{team: 'web', 'zdev.node': 'fake'}]}).Labels).toEqual({
      team: 'web', ...node, 'zdev.alloc': 'a1b2', 'zdev.task': 'web',
      'com.hashicorp.nomad.alloc_id': 'a1b2', 'com.hashicorp.nomad.job_name': 'shop', 'com.hashicorp.nomad.task_group_name': 'api', 'com.hashicorp.nomad.task_name': 'web',
    })
    expect(readDockerConfig('t', {image: 'x', labels: {a: 'b'}}).labels).toEqual({a: 'b'})
  })

  test('container names are Docker-safe', () => {
    expect(containerName({name: 'my task', identity: {allocId: 'x/y', job: 'j', group: 'g'}})).toBe('my_task-x_y')
  })
})

describe('config errors name the task and the field', () => {
  test.each([
    [{}, 'task "web": config.image is missing; name the image to run, e.g. image = "zdev/whoami:dev"'],
    [{image: 3}, 'task "web": config.image must be a string (got 3)'],
    [{image: 'x', args: 'a b'}, 'task "web": config.args must be a list of strings'],
    [{image: 'x', force_pull: 'yes'}, 'task "web": config.force_pull must be true or false (got "yes")'],
    [{image: 'x', labels: [{a: {b: 1}}]}, 'task "web": config.labels must be a map of strings, e.g. labels { team = "web" }'],
    [{image: 'x', mount: [{type: 'bind', target: '/x'}]}, 'task "web": config.mount[0].source is missing; a bind mount needs a source'],
    [{image: 'x', mount: [{target: 'rel'}]}, 'task "web": config.mount[0].target must be an absolute path inside the container'],
    [{image: 'x', memory_hard_limit: -1}, 'task "web": config.memory_hard_limit must be a positive number of MB'],
    [{image: 'x', volumes: ['a:/b:rx']}, 'task "web": config.volumes[0] "a:/b:rx" is not "host_path:container_path[:ro|rw]" with an absolute container path'],
  ])('%j', (config, message) => {
    expect(() => readDockerConfig('web', config)).toThrow(message)
  })

  test('auth is passed through in the daemon\'s shape', () => {
    expect(readDockerConfig('t', {image: 'x', auth: [{username: 'u', password: 'p', server_address: 'r.example'}]}).auth).toEqual({username: 'u', password: 'p', email: undefined, serveraddress: 'r.example'})
  })

  test('property: a volume entry parses iff host:/absolute[:ro|rw], and round-trips', () => {
    const seg = fc.stringMatching(/^[a-z0-9_./-]{0,8}$/)
    fc.assert(fc.property(seg, seg, fc.constantFrom(undefined, 'ro', 'rw', 'rx', ''), (src, tgt, mode) => {
      const entry = [src, tgt, ...(mode === undefined ? [] : [mode])].join(':')
      const valid = src !== '' && tgt.startsWith('/') && (mode === undefined || mode === 'ro' || mode === 'rw')
      let parsed: ReturnType<typeof parseVolume> | null = null
      try {
        parsed = parseVolume(entry, () => {
          throw new Error('bad')
        })
      } catch {
        parsed = null
      }
      expect(parsed !== null).toBe(valid)
      if (parsed) expect(parsed).toEqual({source: src, target: tgt, readonly: mode === 'ro'})
    }))
  })
})

describe('daemon candidates and errors', () => {
  test('DOCKER_HOST alone when set; else the default socket, Docker Desktop, colima', () => {
    expect(daemonCandidates({DOCKER_HOST: 'tcp://127.0.0.1:2375'}, '/h')).toEqual([{host: 'tcp://127.0.0.1:2375', source: 'DOCKER_HOST'}])
    expect(daemonCandidates({}, '/h').map((c) => `${c.source}=${c.host}`)).toEqual([
      'default socket=unix:///var/run/docker.sock', 'Docker Desktop=unix:///h/.docker/run/docker.sock', 'Docker Desktop=unix:///h/.docker/desktop/docker.sock',
      'colima=unix:///h/.colima/default/docker.sock', 'colima=unix:///h/.colima/docker.sock',
    ])
  })

  test('errors become one sentence', () => {
    expect(describeDockerError(Object.assign(new Error('x'), {code: 'EACCES'}))).toBe('permission denied on the socket')
    expect(describeDockerError(Object.assign(new Error('x'), {code: 'ECONNREFUSED'}))).toBe('the daemon is not answering (connection refused)')
    expect(describeDockerError({statusCode: 404, json: {message: 'No such image: x'}})).toBe('No such image: x')
  })

  test('ldd output and image tags', () => {
    const out = '\tlinux-vdso.so.1 (0x00007ff)\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x1)\n\t/lib64/ld-linux-x86-64.so.2 (0x2)\n'
    expect(parseLdd(out)).toEqual(['/lib/x86_64-linux-gnu/libc.so.6', '/lib64/ld-linux-x86-64.so.2'])
    expect(splitTag('zdev/node:local')).toEqual(['zdev/node', 'local'])
    expect(splitTag('localhost:5000/app')).toEqual(['localhost:5000/app', 'latest'])
  })
})
