// The docker driver against the host's real dockerd, with an image made here (no registry).
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import net from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest'
import {createDockerDriver} from '../../src/drivers/docker-driver.js'
import {listLabelled} from '../../src/drivers/docker-cleanup.js'
import type {TaskSpec} from '../../src/drivers/driver.js'
import {freePort} from '../../src/lib/ports.js'
import {MemorySink, waitFor} from '../client/processes.js'
import {ensureBusybox, removeTestContainers, testDaemon, testLabels} from '../support/docker.js'

const RUN = `drv${process.pid}`
const labels = testLabels(RUN)
const driver = createDockerDriver({labels})
const IP = '127.0.1.7'
let image = ''
let dir = ''
let n = 0

beforeAll(async () => {
  const d = await testDaemon()
  image = await ensureBusybox(d.docker)
}, 120_000)

afterEach(async () => {
  await removeTestContainers((await testDaemon()).docker, RUN)
  if (dir) rmSync(dir, {recursive: true, force: true})
  dir = ''
})

afterAll(async () => {
  await removeTestContainers((await testDaemon()).docker, RUN)
})

function spec(config: Record<string, unknown>, over: Partial<TaskSpec> = {}): TaskSpec & {stdout: MemorySink; stderr: MemorySink} {
  dir ||= mkdtempSync(join(tmpdir(), 'zdev-dock-'))
  const root = join(dir, 'web')
  const dirs = {root, local: join(root, 'local'), secrets: join(root, 'secrets'), allocShared: join(dir, 'alloc')}
  for (const p of [dirs.local, dirs.secrets, dirs.allocShared]) mkdirSync(p, {recursive: true})
  return {
    name: 'web', command: '', args: [], env: {GREETING: 'hello'}, cwd: root, dirs,
    config: {image, ...config}, identity: {allocId: `${RUN}-${++n}`, job: 'j', group: 'g'},
    resources: {cpu: 100, memoryMB: 32}, ...over, stdout: new MemorySink(), stderr: new MemorySink(),
  }
}

async function httpStatus(url: string): Promise<number> {
  try {
    return (await fetch(url, {signal: AbortSignal.timeout(2000)})).status
  } catch {
    return 0
  }
}

describe('docker driver (real dockerd)', () => {
  test('fingerprint advertises driver.docker with the daemon version', async () => {
    const d = await testDaemon()
    const fp = await driver.fingerprint()
    expect(fp).toEqual({detected: true, healthy: true, attributes: {'driver.docker': '1', 'driver.docker.version': d.version, 'driver.docker.os_type': 'linux'}})
  })

  test('no daemon: not detected, and start says what was tried and what to do', async () => {
    const none = createDockerDriver({labels, env: {DOCKER_HOST: `unix://${tmpdir()}/zdev-no-such.sock`}})
    expect((await none.fingerprint()).detected).toBe(false)
    await expect(none.start(spec({}))).rejects.toThrow(/^task "web": no Docker daemon answers \(unix:\/\/.*zdev-no-such\.sock: no socket there\); DOCKER_HOST is unix:/)
  })

  test('runs command and args with exactly the task env; output reaches the sinks; the container is removed after', async () => {
    const s = spec({command: 'sh', args: ['-c', 'echo "$GREETING in $(pwd)"; echo oops >&2; exit 3'], work_dir: '/tmp'})
    const h = await driver.start(s)
    expect(await h.wait()).toEqual({exitCode: 3, signal: null})
    expect(s.stdout.text).toBe('hello in /tmp\n')
    expect(s.stderr.text).toBe('oops\n')
    const left = await listLabelled((await testDaemon()).docker, labels)
    expect(left).toEqual([])
  })

  test('alloc, local and secrets are mounted; relative volumes start at the task dir; labels carry the owner', async () => {
    const s = spec({command: 'sh', args: ['-c', 'cat /local/a.txt /secrets/s.txt /data/d.txt; echo hi > /alloc/out.txt; sleep 30'], volumes: ['local/data:/data:ro'], labels: [{team: 'web'}]})
    mkdirSync(join(s.dirs!.local, 'data'))
    writeFileSync(join(s.dirs!.local, 'a.txt'), 'from local\n')
    writeFileSync(join(s.dirs!.secrets, 's.txt'), 'from secrets\n')
    writeFileSync(join(s.dirs!.local, 'data', 'd.txt'), 'from volume\n')
    const h = await driver.start(s)
    expect(h.pid).toBeGreaterThan(0) // the container's main process, as the host sees it
    await waitFor(() => s.stdout.text.includes('from volume'), 10_000, 'output')
    expect(s.stdout.text).toBe('from local\nfrom secrets\nfrom volume\n')
    const [c] = await listLabelled((await testDaemon()).docker, labels)
    expect(c!.labels).toMatchObject({...labels, 'zdev.alloc': s.identity!.allocId, 'zdev.task': 'web', team: 'web'})
    expect(c!.name).toBe(`web-${s.identity!.allocId}`)
    await h.stop('SIGKILL', 1000)
    expect((await import('node:fs')).readFileSync(join(s.dirs!.allocShared, 'out.txt'), 'utf8')).toBe('hi\n')
  })

  test('ports = ["http"] with to = 80 publishes on the node\'s loopback address', async () => {
    const port = await freePort(IP)
    const s = spec({command: 'httpd', args: ['-f', '-p', '80', '-h', '/www'], ports: ['http']}, {ports: [{label: 'http', value: port, to: 80, hostIP: IP}]})
    const h = await driver.start(s)
    // busybox httpd answers 404 for the empty /www: any HTTP status proves the route
    await waitForAsync(async () => (await httpStatus(`http://${IP}:${port}/`)) === 404, 10_000, 'httpd')
    expect(await httpStatus(`http://127.0.0.1:${port}/`)).toBe(0) // only the node's own address
    await h.stop('SIGTERM', 2000)
  })

  test('network_mode = "host": the task binds the node address itself', async () => {
    const port = await freePort(IP)
    const h = await driver.start(spec({command: 'httpd', args: ['-f', '-p', `${IP}:${port}`, '-h', '/www'], network_mode: 'host'}))
    await waitForAsync(async () => (await httpStatus(`http://${IP}:${port}/`)) === 404, 10_000, 'httpd on host network')
    await h.stop('SIGTERM', 2000)
  })

  test('kill_signal, then SIGKILL after kill_timeout: PID 1 ignoring SIGTERM is killed at the timeout', async () => {
    const h = await driver.start(spec({command: 'sleep', args: ['60']}))
    await h.stop('SIGTERM', 1500)
    expect((await h.wait()).exitCode).toBe(137) // a PID 1 without handlers ignores SIGTERM: SIGKILLed
  })

  test('init = true: SIGTERM reaches the task through the init process', async () => {
    const h = await driver.start(spec({command: 'sleep', args: ['60'], init: true}))
    await h.stop('SIGTERM', 20_000)
    expect((await h.wait()).exitCode).toBe(143)
  })

  test('memory limit from resources', async () => {
    const s = spec({command: 'sh', args: ['-c', 'cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max']}, {resources: {cpu: 100, memoryMB: 40}})
    const h = await driver.start(s)
    await h.wait()
    expect(s.stdout.text.trim()).toBe(String(40 * 1024 * 1024))
  })
})

describe('docker driver: bad input fails plainly, never hangs', () => {
  test('an image that exists nowhere', async () => {
    const msgs: string[] = []
    const err = await driver.start(spec({image: 'zdev-test/no-such-image:nope'}, {onEvent: (m) => msgs.push(m)})).catch((e) => e)
    expect(err.message).toMatch(/^Failed to pull `zdev-test\/no-such-image:nope`: .+ \(the image is not on this host's daemon.*; build it here with `zdev image build DIR -t zdev-test\/no-such-image:nope`/)
    expect(msgs[0]).toBe('Downloading image zdev-test/no-such-image:nope')
  })

  test.each([
    [{volumes: ['nocolon']}, 'task "web": config.volumes[0] "nocolon" is not "host_path:container_path[:ro|rw]" with an absolute container path'],
    [{volumes: ['local:relative']}, 'task "web": config.volumes[0] "local:relative" is not "host_path:container_path[:ro|rw]" with an absolute container path'],
    [{image: undefined}, 'task "web": config.image is missing; name the image to run, e.g. image = "zdev/whoami:dev"'],
    [{ports: ['admin']}, 'task "web": config.ports names "admin", which is not a port of the group\'s network block'],
    [{mount: [{type: 'nfs', target: '/x'}]}, 'task "web": config.mount[0].type "nfs" is not one of bind, volume, tmpfs'],
  ])('%j', async (config, message) => {
    const err = await driver.start(spec(config)).catch((e) => e)
    expect(err.message).toBe(message)
    expect(err.recoverable).toBe(false)
  })

  test('a port clash: start fails naming the address, nothing is left behind', async () => {
    const port = await freePort(IP)
    const blocker = net.createServer().listen(port, IP)
    await new Promise((r) => blocker.once('listening', r))
    try {
      const err = await driver.start(spec({command: 'httpd', args: ['-f', '-p', '80'], ports: ['http']}, {ports: [{label: 'http', value: port, to: 80, hostIP: IP}]})).catch((e) => e)
      expect(err.message).toMatch(new RegExp(`^task "web": failed to start container for image ${image.replace(/[/.]/g, '\\$&')}: .*${IP.replace(/\./g, '\\.')}:${port}.*address already in use`))
      expect(await listLabelled((await testDaemon()).docker, labels)).toEqual([])
    } finally {
      blocker.close()
    }
  })

  test('a command that does not exist in the image', async () => {
    const err = await driver.start(spec({command: '/no/such/binary'})).catch((e) => e)
    expect(err.message).toMatch(/^task "web": failed to start container for image .*no such file or directory/)
    expect(err.recoverable).toBe(false)
  })

  test('the daemon vanishing mid-run: wait fails with a clear error and stop does not hang', async () => {
    // A relay socket in front of the real daemon, closed mid-run: the daemon "vanishes".
    const sock = join(mkdtempSync(join(tmpdir(), 'zdev-relay-')), 'docker.sock')
    const conns = new Set<net.Socket>()
    const relay = net.createServer((c) => {
      const up = net.connect('/var/run/docker.sock')
      conns.add(c).add(up)
      c.pipe(up).pipe(c)
      const end = () => (c.destroy(), up.destroy())
      c.on('error', end).on('close', end)
      up.on('error', end).on('close', end)
    })
    await new Promise<void>((r) => relay.listen(sock, r))
    const viaRelay = createDockerDriver({labels, env: {DOCKER_HOST: `unix://${sock}`}})
    const h = await viaRelay.start(spec({command: 'sleep', args: ['60']}))
    relay.close()
    for (const c of conns) c.destroy()
    await expect(h.wait()).rejects.toThrow(/^task "web": lost the Docker daemon while the container ran: /)
    await h.stop('SIGTERM', 500) // returns (bounded) although the daemon is unreachable
  })
})

async function waitForAsync(fn: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now()
  while (Date.now() - t0 < timeoutMs) {
    if (await fn()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`)
}
