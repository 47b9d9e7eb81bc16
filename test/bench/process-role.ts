import {readFileSync} from 'node:fs'

/** What a platform process is, from its command line: "agent proxy", "supervisor", "etcd", "sh" (a watchdog shell) … */
export function roleOf(pid: number, comm: string): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    const i = argv.findIndex((a) => a.endsWith('/agent.js'))
    if (i >= 0) return `agent ${argv[i + 1]}`
    if (argv.some((a) => a.endsWith('/supervise.js'))) return 'supervisor'
  } catch {
    // gone
  }
  return comm
}

/** The command name of a live process (what /proc/<pid>/stat says). */
export function commOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
  } catch {
    return '?'
  }
}
