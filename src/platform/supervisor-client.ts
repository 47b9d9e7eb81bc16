import {spawn} from 'node:child_process'
import {closeSync, existsSync, mkdirSync, openSync, readFileSync} from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import type {Readable} from 'node:stream'
import {UserError} from '../lib/errors.js'
import {isProcessAlive, MARKER_VAR, type ProcessIdentity} from './process-alive.js'
import {stopProcess} from './process-stop.js'
import {splitLines, supervisorRecordFile, type ChildSpec, type SupervisorEvent, type SupervisorRecord, type SupervisorRequest} from './supervisor-protocol.js'

// The CLI's side of the platform supervisor (src/supervise.ts): find it or start it, and ask it
// to start and stop children. See supervisor-protocol.ts for the conversation.

/** How to start the supervisor when none runs. */
export interface SupervisorLaunch {
  /** dist/supervise.js */
  entry: string
  nodeBin?: string
  /** Its labels (ZDEV_CLUSTER, ZDEV_CLUSTER_ID, ZDEV_STATE_DIR): `down` finds it as it finds every platform process. */
  labels: Record<string, string>
}

/** A child started through the supervisor (the same shape as process-start's GatedProcess). */
export interface SupervisedChild {
  pid: number
  go(): void
  ready: Promise<void>
  release(): void
}

export function readSupervisorRecord(stateDir: string): SupervisorRecord | null {
  try {
    return JSON.parse(readFileSync(supervisorRecordFile(stateDir), 'utf8')) as SupervisorRecord
  } catch {
    return null
  }
}

/** Its argv (node <entry> <state dir>), start time and the cluster's marker. */
function identityOf(stateDir: string, rec: SupervisorRecord, marker?: string): ProcessIdentity {
  return {args: [rec.entry, stateDir], startTicks: rec.startTicks, env: marker ? {[MARKER_VAR]: marker} : undefined}
}

/** The running supervisor of `stateDir` (pid and start time as it recorded them), or null. */
export function liveSupervisor(stateDir: string, marker?: string): SupervisorRecord | null {
  const rec = readSupervisorRecord(stateDir)
  if (!rec || !isProcessAlive(rec.pid, identityOf(stateDir, rec, marker))) return null
  return rec
}

export class SupervisorClient {
  private buf = ''
  private listeners = new Set<(e: SupervisorEvent) => void>()
  private closed: Promise<void>

  private constructor(
    private readonly sock: net.Socket,
    readonly record: SupervisorRecord,
  ) {
    sock.setEncoding('utf8')
    sock.on('data', (chunk: string) => {
      const {lines, rest} = splitLines(this.buf, chunk)
      this.buf = rest
      for (const l of lines) for (const fn of [...this.listeners]) fn(l as SupervisorEvent)
    })
    sock.on('error', () => undefined)
    this.closed = new Promise((resolve) => sock.once('close', () => resolve()))
    void this.closed.then(() => {
      for (const fn of [...this.listeners]) fn({ev: 'error', name: '*', message: 'the supervisor closed the connection'})
    })
  }

  /** Connect to the running supervisor; null when there is none (or it does not answer). */
  static async connect(stateDir: string, marker?: string): Promise<SupervisorClient | null> {
    const rec = liveSupervisor(stateDir, marker)
    if (!rec) return null
    const sock = await new Promise<net.Socket | null>((resolve) => {
      const s = net.connect(rec.socket)
      s.once('connect', () => resolve(s))
      s.once('error', () => resolve(null))
    })
    return sock ? new SupervisorClient(sock, rec) : null
  }

  /** Connect to the supervisor, starting it first when none runs. */
  static async ensure(stateDir: string, launch: SupervisorLaunch): Promise<SupervisorClient> {
    const marker = launch.labels[MARKER_VAR]
    const have = await SupervisorClient.connect(stateDir, marker)
    if (have) return have
    await startSupervisor(stateDir, launch)
    const c = await SupervisorClient.connect(stateDir, marker)
    if (!c) throw new UserError(`the platform supervisor started but does not answer on its socket`, {code: 'supervisor_failed', hint: `see ${supervisorLog(stateDir)}`})
    return c
  }

  private send(r: SupervisorRequest): void {
    if (!this.sock.destroyed) this.sock.write(JSON.stringify(r) + '\n')
  }

  /** The first event for `name` that `pick` accepts (an error or a lost connection rejects). */
  private next<T>(name: string, pick: (e: SupervisorEvent) => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fn = (e: SupervisorEvent) => {
        if (e.name !== name && e.name !== '*') return
        const got = pick(e)
        if (got !== undefined) {
          this.listeners.delete(fn)
          resolve(got)
        } else if (e.ev === 'error') {
          this.listeners.delete(fn)
          reject(new Error(e.message))
        }
      }
      this.listeners.add(fn)
      if (this.sock.destroyed) fn({ev: 'error', name: '*', message: 'the supervisor closed the connection'})
    })
  }

  /** Start a child; gated: it waits for go(), and `ready` resolves on its ready line. */
  async start(spec: ChildSpec, gated: boolean): Promise<SupervisedChild> {
    const {name} = spec
    let readySettled = false
    // listen before asking: the ready line may follow the spawn at once
    const ready = gated
      ? this.next(name, (e) => (e.ev === 'ready' ? true : e.ev === 'unready' || e.ev === 'exit' ? false : undefined)).then((ok) => {
          readySettled = true
          if (!ok) throw new Error(`${name} closed its ready pipe without signalling`)
        })
      : Promise.resolve()
    ready.catch(() => undefined)
    const spawned = this.next(name, (e) => (e.ev === 'spawned' ? e.pid : undefined))
    this.send({op: 'start', spec, gated})
    let pid: number
    try {
      pid = await spawned
    } catch (err) {
      throw new UserError(`could not start ${name} (${spec.command}): ${(err as Error).message}`, {code: 'spawn_failed', cause: err})
    }
    let went = false
    return {
      pid,
      ready,
      go: () => {
        if (went || readySettled) return
        went = true
        this.send({op: 'go', name})
      },
      release: () => undefined,
    }
  }

  /** A deliberate stop of one child; 'unknown' when it is not this supervisor's. */
  stop(name: string, graceMs: number): Promise<'term' | 'kill' | 'gone' | 'unknown'> {
    const p = this.next(name, (e) => (e.ev === 'stopped' ? e.how : undefined))
    this.send({op: 'stop', name, graceMs})
    return p
  }

  /** Stop every child and the supervisor itself; resolves once it closed the connection. */
  async shutdown(graceMs: number): Promise<void> {
    this.send({op: 'shutdown', graceMs})
    await this.closed
  }

  close(): void {
    this.sock.end()
    this.sock.unref()
  }
}

export function supervisorLog(stateDir: string): string {
  return path.join(stateDir, 'logs', 'supervisor.log')
}

/** Spawn the supervisor detached (it outlives zdev) and wait until it listens. */
async function startSupervisor(stateDir: string, launch: SupervisorLaunch): Promise<void> {
  if (!existsSync(launch.entry)) throw new UserError(`the platform supervisor ${launch.entry} does not exist`, {code: 'supervisor_missing', hint: 'run `npm run build`'})
  const logFile = supervisorLog(stateDir)
  mkdirSync(path.dirname(logFile), {recursive: true})
  const fd = openSync(logFile, 'a')
  const env = {...process.env, ...launch.labels, ZDEV_COMPONENT: 'supervisor', ZDEV_KIND: 'supervisor', ZDEV_READY_FD: '3'}
  const child = spawn(launch.nodeBin ?? process.execPath, [launch.entry, stateDir], {cwd: stateDir, env, detached: true, stdio: ['ignore', fd, fd, 'pipe']})
  closeSync(fd)
  const pipe = child.stdio[3] as Readable
  const ok = await new Promise<boolean>((resolve) => {
    let got = ''
    child.once('error', () => resolve(false))
    pipe.on('error', () => undefined)
    pipe.on('data', (b: Buffer) => {
      got += b.toString()
      if (got.includes('ready\n')) resolve(true)
    })
    pipe.once('close', () => resolve(got.includes('ready\n')))
  })
  pipe.destroy()
  child.unref()
  if (!ok) throw new UserError(`the platform supervisor exited before it listened`, {code: 'supervisor_failed', hint: `see ${logFile}`})
}

/** What stopping a recorded component needs of it. */
export interface StoppableComponent {
  name: string
  pid: number | null
  startTicks?: number
  command: string
  args: string[]
  env: Record<string, string>
}

/**
 * Stop one component deliberately: through its supervisor (so it is not restarted), or, when
 * no supervisor runs it, by signalling its process group (identity checked first).
 */
export async function stopComponentProcess(stateDir: string, c: StoppableComponent, graceMs: number, client?: SupervisorClient | null): Promise<'term' | 'kill' | 'gone'> {
  const sup = client ?? (await SupervisorClient.connect(stateDir, c.env[MARKER_VAR]))
  try {
    const how = sup ? await sup.stop(c.name, graceMs).catch(() => 'unknown' as const) : 'unknown'
    if (how !== 'unknown' && !isProcessAlive(c.pid, c)) return how
    return c.pid ? await stopProcess(c.pid, graceMs, c) : 'gone'
  } finally {
    if (!client) sup?.close()
  }
}

/** Stop the supervisor (and whatever it still runs); true when one was running. */
export async function stopSupervisor(stateDir: string, graceMs: number, marker?: string, client?: SupervisorClient | null): Promise<boolean> {
  const rec = liveSupervisor(stateDir, marker)
  if (!rec) return false
  const c = client ?? (await SupervisorClient.connect(stateDir, marker))
  if (c) {
    let t: NodeJS.Timeout | undefined
    await Promise.race([c.shutdown(graceMs), new Promise((r) => (t = setTimeout(r, graceMs + 2000)))])
    clearTimeout(t)
  }
  await stopProcess(rec.pid, 1000, identityOf(stateDir, rec, marker))
  return true
}
