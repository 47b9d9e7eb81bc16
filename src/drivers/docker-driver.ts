import {Writable} from 'node:stream'
import type Docker from 'dockerode'
import {readDockerConfig} from './docker-config.js'
import {bounded, describeDockerError, findDaemon, type DaemonProbe} from './docker-host.js'
import {ensureImage} from './docker-image.js'
import {execInContainer} from './docker-exec.js'
import {ContainerReaper} from './docker-reaper.js'
import {buildContainerOptions, type NodeLabels} from './docker-spec.js'
import {DriverError, type Driver, type ExitResult, type Fingerprint, type LogSink, type TaskHandle, type TaskSpec} from './driver.js'
import {isSignalName} from './process-group.js'

// The docker task driver through dockerode: image (pulled only when missing), container
// create with Nomad's layout, output attached before start into the alloc's log files, wait,
// kill_signal then SIGKILL after kill_timeout, and removal once the task is dead. Every
// container is listed with a watchdog so that it dies with its node.

export interface DockerDriver extends Driver {
  /** The daemon this driver talks to (probed once, again while none answered). */
  daemon(): Promise<DaemonProbe>
  readonly reaper: ContainerReaper | null
  /** Called when a start failed for the daemon's sake (the node fingerprints again at once). */
  onDaemonError: (() => void) | null
}

export interface DockerDriverOptions {
  labels: NodeLabels
  env?: Record<string, string | undefined>
}

const CALL_MS = 10_000

export function createDockerDriver(opts: DockerDriverOptions): DockerDriver {
  let found: Promise<DaemonProbe> | null = null
  let reaper: ContainerReaper | null = null
  const daemon = async (): Promise<DaemonProbe> => {
    const p = await (found ??= findDaemon({env: opts.env}))
    if (!p.ok) found = null
    else reaper ??= new ContainerReaper(p.host)
    return p
  }
  const driver: DockerDriver = {
    name: 'docker',
    get reaper() {
      return reaper
    },
    daemon,
    onDaemonError: null,
    /** Again on every call (the node re-fingerprints every 15 s): a daemon that went away is undetected. */
    async fingerprint(): Promise<Fingerprint> {
      const known = found ? await found : null
      if (known?.ok && !(await bounded(known.docker.ping(), 2000).then(() => true, () => false))) found = null
      const d = await daemon()
      if (!d.ok) return {detected: false, healthy: false, attributes: {}}
      return {detected: true, healthy: true, attributes: {'driver.docker': '1', 'driver.docker.version': d.version, 'driver.docker.os_type': d.osType}}
    },
    async start(spec: TaskSpec): Promise<TaskHandle> {
      const d = await daemon()
      if (!d.ok) {
        const tried = d.tried.map((t) => `${t.host}: ${t.problem}`).join('; ')
        driver.onDaemonError?.()
        throw new DriverError('docker', `task "${spec.name}": no Docker daemon answers (${tried}); ${d.hint}`, {recoverable: true})
      }
      try {
        return await startContainer(d.docker, reaper!, spec, opts.labels)
      } catch (err) {
        if (isDaemonTrouble(err)) driver.onDaemonError?.()
        throw err
      }
    },
  }
  return driver
}

/** Socket-level failures (not a bad image or config): the daemon may be gone. */
function isDaemonTrouble(err: unknown): boolean {
  const codes = ['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'zdev_timeout']
  for (let e = err as {code?: string; cause?: unknown} | undefined; e; e = e.cause as typeof e) if (e.code && codes.includes(e.code)) return true
  return false
}

async function startContainer(docker: Docker, reaper: ContainerReaper, spec: TaskSpec, labels: NodeLabels): Promise<TaskHandle> {
  const cfg = readDockerConfig(spec.name, spec.config ?? {})
  await ensureImage(docker, cfg, spec.onEvent)
  const options = buildContainerOptions(spec, cfg, labels)
  const container = await createReplacing(docker, options, spec.name)
  reaper.guard(container.id)
  const remove = async () => {
    await bounded(container.remove({force: true, v: true}), CALL_MS).catch(() => undefined)
    reaper.release(container.id)
  }
  try {
    const stream = await bounded(container.attach({stream: true, stdout: true, stderr: true, logs: false}), CALL_MS) // attached before start: nothing to replay (logs: true could repeat early output)
    docker.modem.demuxStream(stream, sinkStream(spec.stdout), sinkStream(spec.stderr))
    await bounded(container.start(), 30_000)
  } catch (err) {
    await remove()
    const reason = describeDockerError(err)
    throw new DriverError('docker', `task "${spec.name}": failed to start container for image ${cfg.image}: ${reason}`, {
      recoverable: !/no such file|not found|invalid|executable/i.test(reason),
      cause: err,
    })
  }
  const info = await bounded(container.inspect(), CALL_MS).catch(() => null)
  const exited: Promise<ExitResult> = (async () => {
    try {
      const r = (await container.wait()) as {StatusCode: number}
      const after = await bounded(container.inspect(), CALL_MS).catch(() => null)
      if (after?.State?.OOMKilled) spec.stderr.write(Buffer.from(`zdev: container ${options.name} was killed: out of memory (limit ${spec.resources?.memoryMB ?? '?'} MB)\n`))
      return {exitCode: r.StatusCode, signal: null}
    } catch (err) {
      throw new DriverError('docker', `task "${spec.name}": lost the Docker daemon while the container ran: ${describeDockerError(err)}`, {recoverable: true, cause: err})
    } finally {
      await remove()
    }
  })()
  exited.catch(() => undefined)
  const kill = (signal: string) => bounded(container.kill({signal}), CALL_MS).catch(() => undefined)
  return {
    pid: info?.State?.Pid ?? 0,
    wait: () => exited,
    exec: (command, args, timeoutMs) => execInContainer(docker, container, command, args, timeoutMs),
    signal(signal) {
      if (!isSignalName(signal)) throw new DriverError('docker', `task "${spec.name}": unknown signal "${signal}"`)
      void kill(signal)
    },
    async stop(signal, timeoutMs) {
      const settled = exited.then(() => 'exited' as const, () => 'exited' as const)
      await kill(isSignalName(signal) ? signal : 'SIGTERM')
      const timer = new Promise<'timeout'>((r) => setTimeout(r, timeoutMs, 'timeout').unref())
      if ((await Promise.race([settled, timer])) === 'timeout') await kill('SIGKILL')
      // Never a hang: a daemon gone mid-stop leaves the watchdog to remove the container.
      await Promise.race([settled, new Promise((r) => setTimeout(r, CALL_MS).unref())])
    },
  }
}

/** A container left under the same name (a crashed agent) is removed and the create retried. */
async function createReplacing(docker: Docker, options: Docker.ContainerCreateOptions, task: string): Promise<Docker.Container> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await bounded(docker.createContainer(options), CALL_MS)
    } catch (err) {
      const status = (err as {statusCode?: number}).statusCode
      if (status === 409 && attempt === 0 && options.name) {
        await bounded(docker.getContainer(options.name).remove({force: true}), CALL_MS).catch(() => undefined)
        continue
      }
      const reason = describeDockerError(err)
      throw new DriverError('docker', `task "${task}": failed to create container: ${reason}`, {recoverable: status === undefined || status >= 500, cause: err})
    }
  }
}

function sinkStream(sink: LogSink): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      sink.write(chunk)
      cb()
    },
  })
}
