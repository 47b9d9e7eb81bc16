import {createHash} from 'node:crypto'
import {tmpdir} from 'node:os'
import path from 'node:path'
import type {ProcessSpec} from './spec.js'

// One supervisor per platform (src/supervise.ts) runs every etcd member and agent as its child.
// The CLI talks to it over a Unix socket in the state dir (0600, inside the 0700 state dir):
// one JSON object a line each way. `up` starts children through it (gated ones get their stdin
// gate and fd-3 ready pipe from the supervisor, which relays "go" and "ready" over the socket);
// `<kind> stop|start` and `down` stop and start one child without touching the others.

/** What the supervisor needs to run a child: a ProcessSpec's process part. */
export type ChildSpec = Pick<ProcessSpec, 'name' | 'command' | 'args' | 'env' | 'cwd' | 'logFile' | 'dataDir'>

export type SupervisorRequest =
  /** Start (or restart now) `spec`; `gated`: hold it on its stdin until `go`, relay its ready line. */
  | {op: 'start'; spec: ChildSpec; gated: boolean}
  | {op: 'go'; name: string}
  /** A deliberate stop: SIGTERM to the child's group, SIGKILL after `graceMs`; never restarted. */
  | {op: 'stop'; name: string; graceMs: number}
  /** Stop every child (at once) and exit. */
  | {op: 'shutdown'; graceMs: number}

export type SupervisorEvent =
  | {ev: 'spawned'; name: string; pid: number; startTicks?: number}
  | {ev: 'error'; name: string; message: string}
  | {ev: 'ready'; name: string}
  /** Its ready pipe closed without the line (it died, or exited first). */
  | {ev: 'unready'; name: string}
  | {ev: 'exit'; name: string; code: number | null; signal: string | null; restarting: boolean}
  | {ev: 'stopped'; name: string; how: 'term' | 'kill' | 'gone' | 'unknown'}

/** <state>/supervise/supervisor.json, written by the supervisor once it listens. */
export interface SupervisorRecord {
  pid: number
  startTicks?: number
  socket: string
  entry: string
  startedAt: string
}

export function supervisorRecordFile(stateDir: string): string {
  return path.join(stateDir, 'supervise', 'supervisor.json')
}

// sun_path holds 108 bytes: a state dir too deep for it gets its socket in a private temp folder.
const MAX_SOCKET_PATH = 100

/** Pure: where the control socket of `stateDir`'s supervisor lives. */
export function supervisorSocket(stateDir: string, uid = process.getuid?.() ?? 0, tmp = tmpdir()): string {
  const near = path.join(stateDir, 'supervise', 'ctl.sock')
  if (Buffer.byteLength(near) <= MAX_SOCKET_PATH) return near
  return path.join(tmp, `zdev-${uid}`, `${createHash('sha256').update(stateDir).digest('hex').slice(0, 20)}.sock`)
}

/** Pure: split a socket's incoming text into whole JSON lines, keeping the partial tail. */
export function splitLines(buffered: string, chunk: string): {lines: unknown[]; rest: string} {
  const all = buffered + chunk
  const parts = all.split('\n')
  const rest = parts.pop() ?? ''
  const lines: unknown[] = []
  for (const p of parts) {
    if (!p.trim()) continue
    try {
      lines.push(JSON.parse(p))
    } catch {
      // a garbled line is dropped: the peer's next request still works
    }
  }
  return {lines, rest}
}
