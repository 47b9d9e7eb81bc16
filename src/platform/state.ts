import {chmod, mkdir, readFile, rename, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {UserError} from '../lib/errors.js'
import type {ComponentKind} from './types.js'
import {restartedChildOf} from './supervise-record.js'

// .zdev/<name>/state.json: every process zdev started, so that `down` finds them even after
// a crash. A stopped component keeps its entry (pid null) so its ports and data dir are reused.

export interface ComponentState {
  name: string
  kind: ComponentKind
  pid: number | null
  /** Start time of `pid` in clock ticks since boot (/proc/PID/stat): with argv and the marker, its identity. */
  startTicks?: number
  ports: Record<string, number>
  endpoints: string[]
  startedAt: string | null
  stoppedAt: string | null
  command: string
  args: string[]
  env: Record<string, string>
  cwd: string
  logFile: string
  dataDir?: string
  /** The platform supervisor (dist/supervise.js) that runs it; absent when it runs unsupervised. */
  supervisor?: string
}

export interface PlatformState {
  version: 1
  cluster: string
  platformFile: string
  token: string
  createdAt: string
  updatedAt: string
  components: ComponentState[]
}

export function stateFile(stateDir: string): string {
  return path.join(stateDir, 'state.json')
}

export async function readState(stateDir: string): Promise<PlatformState | undefined> {
  let text: string
  try {
    text = await readFile(stateFile(stateDir), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  try {
    const s = JSON.parse(text) as PlatformState
    if (s.version !== 1 || !Array.isArray(s.components)) throw new Error('unknown layout')
    return withRestartedChildren(stateDir, s)
  } catch (err) {
    throw new UserError(`${stateFile(stateDir)} is not a zdev state file (${(err as Error).message})`, {
      code: 'bad_state',
      hint: `stop leftover processes by hand if any, then remove ${stateDir} (or run \`zdev down --purge\`)`,
    })
  }
}

/**
 * A component the supervisor restarted after a crash runs as a new process: its entry shows that
 * one (from <state>/supervise/<name>.json), so every reader sees the process that runs now.
 */
function withRestartedChildren(stateDir: string, s: PlatformState): PlatformState {
  const components = s.components.map((c) => {
    const now = c.supervisor ? restartedChildOf(stateDir, c) : null
    return now ? {...c, pid: now.pid, startTicks: now.startTicks} : c
  })
  return {...s, components}
}

/** The state dir holds data, logs and credentials: only its owner may enter (0700). */
export async function ensureStateDir(stateDir: string): Promise<void> {
  await mkdir(stateDir, {recursive: true, mode: 0o700})
  await chmod(stateDir, 0o700)
}

/** Write atomically: a crash mid-write leaves the old file, never half a file. */
export async function writeState(stateDir: string, state: PlatformState): Promise<void> {
  await ensureStateDir(stateDir)
  const file = stateFile(stateDir)
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n', {mode: 0o600})
  await rename(tmp, file)
}

/** Replace (or add) one component's entry. */
export function withComponent(state: PlatformState, c: ComponentState, now: Date): PlatformState {
  const rest = state.components.filter((x) => x.name !== c.name)
  const i = state.components.findIndex((x) => x.name === c.name)
  const components = i < 0 ? [...rest, c] : [...rest.slice(0, i), c, ...rest.slice(i)]
  return {...state, components, updatedAt: now.toISOString()}
}
