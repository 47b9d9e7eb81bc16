import {spawn, type ChildProcess} from 'node:child_process'

// A node agent is a simulated host: when it dies, even by SIGKILL, its workloads must die too.
// Node has no prctl(PR_SET_PDEATHSIG), so every agent process gets one tiny watchdog shell in
// its own session. The agent tells it, over a pipe, which process groups it started ("+pgid")
// and which ended ("-pgid"). The pipe reaches EOF only when the agent is gone (the kernel
// closes it on any death); the watchdog then SIGKILLs every group still listed and exits.
// Pipes Node creates are close-on-exec, so tasks never hold the watchdog's pipe open.
const SCRIPT = `trap '' INT TERM HUP
g=' '
while IFS= read -r line; do
  case "$line" in
    +*) g="$g\${line#+} " ;;
    -*) id=\${line#-}; case "$g" in *" $id "*) g="\${g%%" $id "*} \${g#*" $id "}" ;; esac ;;
  esac
done
for p in $g; do kill -9 "-$p" 2>/dev/null; done
`

let reaper: ChildProcess | null = null
const guarded = new Set<number>()

function ensureReaper(): ChildProcess {
  if (reaper && reaper.exitCode === null && reaper.signalCode === null) return reaper
  const child = spawn('/bin/sh', ['-c', SCRIPT], {stdio: ['pipe', 'ignore', 'ignore'], detached: true})
  child.on('error', () => {}) // best effort: without /bin/sh tasks still run, only unguarded
  child.stdin?.on('error', () => {})
  child.unref()
  ;(child.stdin as unknown as {unref?: () => void}).unref?.()
  reaper = child
  const born = Date.now()
  // Killed while guarding groups: replace it at once (but never loop on a broken /bin/sh).
  child.once('exit', () => {
    if (guarded.size && Date.now() - born > 500) ensureReaper()
  })
  // A replacement watchdog (someone killed the first) learns every group still guarded.
  if (guarded.size) child.stdin?.write([...guarded].map((g) => `+${g}\n`).join(''))
  return child
}

/** Have the watchdog SIGKILL process group `pgid` if this process dies first. */
export function guardGroup(pgid: number): void {
  const r = ensureReaper()
  guarded.add(pgid)
  r.stdin?.write(`+${pgid}\n`)
}

/** The group ended normally: forget it (its id may be reused). */
export function releaseGroup(pgid: number): void {
  guarded.delete(pgid)
  if (reaper?.stdin?.writable) reaper.stdin.write(`-${pgid}\n`)
}

/** Pid of the watchdog process, for tests and diagnostics. */
export function reaperPid(): number | undefined {
  return ensureReaper().pid
}
