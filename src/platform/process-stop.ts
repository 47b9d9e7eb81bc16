import {isProcessAlive, type ProcessIdentity} from './process-alive.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig) // the whole process group (children of agents too)
  } catch {
    try {
      process.kill(pid, sig)
    } catch {
      // already gone
    }
  }
}

/**
 * SIGTERM, wait up to `graceMs`, then SIGKILL the group. Resolves once the pid is gone. Every
 * signal is preceded by an identity check (argv, start time, marker): a pid that no longer is
 * the process we started is never signalled.
 */
export async function stopProcess(pid: number, graceMs: number, identity: ProcessIdentity): Promise<'term' | 'kill' | 'gone'> {
  const ours = () => isProcessAlive(pid, identity)
  if (!ours()) return 'gone'
  signal(pid, 'SIGTERM')
  const until = performance.now() + graceMs
  while (performance.now() < until) {
    await sleep(15)
    if (!ours()) return 'term'
  }
  if (!ours()) return 'term'
  signal(pid, 'SIGKILL')
  for (let i = 0; i < 200 && isProcessAlive(pid); i++) await sleep(10)
  return 'kill'
}
