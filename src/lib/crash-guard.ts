// Agents never die silently on a stray promise. An unhandled rejection is logged with a fixed
// marker (tests fail on any line carrying it) and the process keeps running; an uncaught
// exception leaves the process in an unknown state, so it is logged and the process exits
// with EXIT_UNCAUGHT for the supervisor to restart it.

export const UNHANDLED_MARKER = 'ZDEV-UNHANDLED'
export const EXIT_UNCAUGHT = 70

const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err)).replace(/\n/g, '\n    ')

/**
 * A supervised agent (src/supervise.ts sets ZDEV_SUPERVISED to its pid) exits when its
 * supervisor is killed, as it would die with a host: nothing would restart it. Checked each
 * second, not more often: on an idle platform this check was a third of an agent's wake-ups, and
 * an `up` that comes sooner stops what still runs itself (platform/supervised-child.ts).
 */
export function exitWithSupervisor(env: NodeJS.ProcessEnv, log: (line: string) => void = (l) => process.stdout.write(l)): void {
  const sup = Number(env.ZDEV_SUPERVISED)
  if (!sup) return
  const t = setInterval(() => {
    if (process.ppid === sup) return
    log(`${new Date().toISOString()} supervisor ${sup} is gone; exiting\n`)
    process.exit(1)
  }, 1000)
  t.unref()
}

export function installCrashGuard(component: string, write: (line: string) => void = (l) => process.stdout.write(l)): void {
  process.on('unhandledRejection', (reason) => {
    write(`${new Date().toISOString()} ${component} ${UNHANDLED_MARKER} unhandled-rejection: ${describe(reason)}\n`)
  })
  process.on('uncaughtException', (err) => {
    write(`${new Date().toISOString()} ${component} ${UNHANDLED_MARKER} uncaught-exception: ${describe(err)}\n`)
    process.exitCode = EXIT_UNCAUGHT
    setImmediate(() => process.exit(EXIT_UNCAUGHT))
  })
}
