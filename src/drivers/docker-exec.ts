import {Writable} from 'node:stream'
import type Docker from 'dockerode'
import {bounded, describeDockerError} from './docker-host.js'
import type {ExecResult} from './driver.js'

// `docker exec` through the API: how Nomad's docker driver runs a task's script checks (inside
// the container, with the container's environment). Bounded: past the timeout the exec's
// process is killed (its host pid, when the daemon names it) and the result says timed out.

const MAX_OUTPUT = 64 * 1024

export async function execInContainer(docker: Docker, container: Docker.Container, command: string, args: string[], timeoutMs: number): Promise<ExecResult> {
  let exec: Docker.Exec
  try {
    exec = await bounded(container.exec({Cmd: [command, ...args], AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false}), timeoutMs)
  } catch (err) {
    return {exitCode: null, output: `docker exec ${command}: ${describeDockerError(err)}`, timedOut: false}
  }
  let output = ''
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      if (output.length < MAX_OUTPUT) output += chunk.toString('utf8').slice(0, MAX_OUTPUT - output.length)
      cb()
    },
  })
  let timer: NodeJS.Timeout | undefined
  try {
    const stream = await bounded(exec.start({hijack: true, stdin: false}), timeoutMs)
    docker.modem.demuxStream(stream, sink, sink)
    const ended = new Promise<'ended'>((resolve) => {
      stream.on('end', () => resolve('ended'))
      stream.on('close', () => resolve('ended'))
      stream.on('error', () => resolve('ended'))
    })
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(r, timeoutMs, 'timeout')))
    if ((await Promise.race([ended, timeout])) === 'timeout') {
      // A loaded daemon may be slow to answer: a few tries, bounded, before giving up on the kill.
      let pid: number | undefined
      for (let i = 0; i < 3 && !pid; i++) pid = (await bounded(exec.inspect(), 2000).catch(() => null))?.Pid || undefined
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // gone already, or not ours to signal (rootless): it ends on its own
        }
      }
      ;(stream as unknown as {destroy?: () => void}).destroy?.()
      return {exitCode: null, output, timedOut: true}
    }
    const info = await bounded(exec.inspect(), timeoutMs)
    return {exitCode: info.ExitCode ?? null, output, timedOut: false}
  } catch (err) {
    return {exitCode: null, output: `${output}docker exec ${command}: ${describeDockerError(err)}`, timedOut: false}
  } finally {
    clearTimeout(timer)
  }
}
