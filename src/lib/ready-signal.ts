import {closeSync, writeSync} from 'node:fs'

// The handshake between `zdev up` and a platform process it starts (src/platform/process-start.ts):
// - ZDEV_GATE=stdin: the process loads its code and config, then waits for a line (or EOF) on
//   stdin before it connects anywhere: `up` spawns agents while etcd is still starting and
//   releases them once the KV is ready (and authenticated).
// - ZDEV_READY_FD=<fd>: the process writes "ready\n" on that fd once it serves (registered,
//   listening) and closes it; an EOF without that line means it died first.
// Without these variables (a restart by `zdev <kind> start`, tests) both are no-ops.

/** Resolve once `up` says go (a line on stdin, or stdin closed). */
export function awaitGo(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.ZDEV_GATE !== 'stdin') return Promise.resolve()
  return new Promise((resolve) => {
    const stdin = process.stdin
    const done = () => {
      stdin.off('data', onData)
      stdin.off('end', done)
      stdin.off('error', done)
      stdin.pause()
      stdin.destroy()
      resolve()
    }
    const onData = (b: Buffer) => {
      if (b.includes(10)) done()
    }
    stdin.on('data', onData)
    stdin.once('end', done)
    stdin.once('error', done)
  })
}

/** Tell `up` this process is ready (once; later calls do nothing). */
export function signalReady(env: NodeJS.ProcessEnv = process.env): void {
  const fd = Number(env.ZDEV_READY_FD)
  if (!Number.isInteger(fd) || fd < 3) return
  delete env.ZDEV_READY_FD
  try {
    writeSync(fd, 'ready\n')
  } catch {
    // `up` is gone (EPIPE): nobody waits
  }
  try {
    closeSync(fd)
  } catch {
    // already closed
  }
}
