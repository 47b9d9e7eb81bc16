import {spawn} from 'node:child_process'
import {DriverError, type Driver, type ExitResult, type TaskHandle, type TaskSpec} from './driver.js'
import {isSignalName, signalGroup, waitGroupGone} from './process-group.js'
import {guardGroup, releaseGroup} from './reaper.js'
import {lookupUser} from './user.js'

// raw_exec: the task is a plain child process of the agent, in its own session and process
// group (so a stop signals everything it spawned), guarded by the reaper against agent death.

export function createRawExecDriver(name = 'raw_exec'): Driver {
  return {
    name,
    async fingerprint() {
      return {detected: true, healthy: true, attributes: {[`driver.${name}`]: '1'}}
    },
    async start(spec) {
      return startProcess(name, spec)
    },
  }
}

export function startProcess(driver: string, spec: TaskSpec): TaskHandle {
  const ids = spec.user ? resolveUser(driver, spec) : undefined
  // node's own spawn: the command is looked up in spec.env's PATH, as the task would see it
  const child = spawn(spec.command, spec.args, {cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...ids})
  // a failed launch (no such file, no such cwd) is reported below through the missing pid; later errors end in 'exit'
  child.on('error', () => {})
  const pid = child.pid
  if (pid === undefined) {
    throw new DriverError(driver, `failed to launch command "${spec.command}" for task "${spec.name}": ${spawnReason(spec)}`)
  }
  guardGroup(pid)
  child.stdout?.on('data', (b: Buffer) => spec.stdout.write(b))
  child.stderr?.on('data', (b: Buffer) => spec.stderr.write(b))

  const exited = new Promise<ExitResult>((resolve) => {
    child.once('exit', (code, signal) => {
      // Leftovers of the group (daemonised helpers) would keep ports and pipes: a host would
      // not keep them either once the task is considered dead.
      signalGroup(pid, 'SIGKILL')
      releaseGroup(pid)
      resolve({exitCode: code, signal})
    })
  })

  return {
    pid,
    wait: () => exited,
    signal(signal) {
      if (!isSignalName(signal)) throw new DriverError(driver, `task "${spec.name}": unknown signal "${signal}"`)
      try {
        process.kill(pid, signal as NodeJS.Signals)
      } catch {
        // already exited
      }
    },
    async stop(signal, timeoutMs) {
      const sig = (isSignalName(signal) ? signal : 'SIGTERM') as NodeJS.Signals
      let done = false
      void exited.then(() => (done = true))
      if (!signalGroup(pid, sig)) return void (await exited)
      const timer = new Promise<'timeout'>((r) => setTimeout(r, timeoutMs, 'timeout').unref())
      if ((await Promise.race([exited, timer])) === 'timeout' && !done) signalGroup(pid, 'SIGKILL')
      await exited
      await waitGroupGone(pid, 1000)
    },
  }
}

function resolveUser(driver: string, spec: TaskSpec): {uid: number; gid: number} | undefined {
  if (process.getuid?.() !== 0) return undefined
  const ids = lookupUser(spec.user!)
  if (!ids) throw new DriverError(driver, `task "${spec.name}": user "${spec.user}" does not exist on this host`)
  return ids
}

function spawnReason(spec: TaskSpec): string {
  return spec.command.includes('/')
    ? 'no such executable file (check the path; relative paths start at the task directory)'
    : 'executable file not found in $PATH'
}
