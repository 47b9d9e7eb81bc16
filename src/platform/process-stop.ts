import {isProcessAlive} from './process-alive.js'

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

/** SIGTERM, wait up to `graceMs`, then SIGKILL the group. Resolves once the pid is gone. */
export async function stopProcess(pid: number, graceMs = 3000): Promise<'term' | 'kill' | 'gone'> {
  if (!isProcessAlive(pid)) return 'gone'
  signal(pid, 'SIGTERM')
  const until = performance.now() + graceMs
  while (performance.now() < until) {
    await sleep(15)
    if (!isProcessAlive(pid)) return 'term'
  }
  signal(pid, 'SIGKILL')
  for (let i = 0; i < 200 && isProcessAlive(pid); i++) await sleep(10)
  return 'kill'
}
