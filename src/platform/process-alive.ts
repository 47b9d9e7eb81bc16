import {readFileSync} from 'node:fs'

/**
 * True when `pid` runs and (where /proc exists) is still the process we started: a recycled pid
 * running something else reads as dead. Zombies count as dead.
 */
export function isProcessAlive(pid: number | null | undefined, expect?: {command: string; args: string[]}): boolean {
  if (!pid || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
  if (process.platform !== 'linux') return true
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const st = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    if (st === 'Z' || st === 'X') return false
    if (!expect) return true
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
    return argv.length === expect.args.length + 1 && argv.slice(1).every((a, i) => a === expect.args[i])
  } catch {
    return false // vanished between the checks
  }
}
