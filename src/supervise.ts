// The platform's supervisor:  node dist/supervise.js <state dir>
// One process per platform runs every etcd member and agent as its child (each in a process
// group of its own, so one can be stopped with everything it spawned), restarts a child with
// backoff when it crashes, and records each child's pid, restarts and last exit reason for
// `zdev status` (<state>/supervise/<name>.json). A deliberate stop (a `stop` request, SIGTERM
// or SIGINT to the child, or a clean exit) is never undone. A child that exits by itself within its
// first seconds on its first start, before saying ready, is a configuration error: it is not
// restarted, and the `up` that started it hears of it (a signal or a later death is a crash).
// The CLI asks through a Unix socket (src/platform/supervisor-protocol.ts); the supervisor exits once no child runs and no client is connected, and SIGTERM stops it with
// all its children. Its own messages go to each child's log; its log holds only its own life.
import {spawn, type ChildProcess} from 'node:child_process'
import {appendFileSync, chmodSync, closeSync, lstatSync, mkdirSync, openSync, renameSync, unlinkSync, writeFileSync, writeSync} from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import type {Readable, Writable} from 'node:stream'
import {DEFAULT_BACKOFF, describeExit, isDeliberateExit, nextDelay, type ExitInfo} from './platform/restart-policy.js'
import {superviseFile, writeSuperviseRecordSync, type SuperviseRecord} from './platform/supervise-record.js'
import {splitLines, supervisorRecordFile, supervisorSocket, type ChildSpec, type SupervisorEvent, type SupervisorRecord, type SupervisorRequest} from './platform/supervisor-protocol.js'
import {processStartTicks} from './platform/process-alive.js'

const FAIL_FAST_MS = 3000
const stateDir = process.argv[2]
if (!stateDir || process.argv.length !== 3) {
  process.stderr.write('usage: supervise.js <state dir>\n')
  process.exit(2)
}
const superviseDir = path.join(stateDir, 'supervise')
mkdirSync(superviseDir, {recursive: true, mode: 0o700})
const stamp = () => new Date().toISOString()
const log = (msg: string) => process.stdout.write(`${stamp()} supervisor ${msg}\n`)

interface Child {
  spec: ChildSpec
  rec: SuperviseRecord
  proc: ChildProcess | null
  /** false once stopped deliberately (or failed on its first start): never started again by itself. */
  wanted: boolean
  first: boolean
  delay: number
  timer?: NodeJS.Timeout
  /** The client that started it gated: it hears "ready", "exit" and lets it go. */
  owner?: net.Socket
  gate?: Writable
  stopWaiters: ((how: 'term' | 'kill') => void)[]
  killTimer?: NodeJS.Timeout
  killed: boolean
  /** It said "ready" on its ready pipe: whatever ends it later is not a configuration error. */
  wasReady?: boolean
}

const children = new Map<string, Child>()
const clients = new Set<net.Socket>()
// Children get the supervisor's environment (that of the `up` which started it) without its own marks.
const baseEnv: NodeJS.ProcessEnv = {...process.env}
for (const k of ['ZDEV_READY_FD', 'ZDEV_GATE', 'ZDEV_COMPONENT', 'ZDEV_KIND']) delete baseEnv[k]
let shuttingDown = false

const send = (s: net.Socket | undefined, e: SupervisorEvent) => {
  if (s && !s.destroyed) s.write(JSON.stringify(e) + '\n')
}
const childLog = (c: Child, msg: string) => {
  try {
    appendFileSync(c.spec.logFile, `${stamp()} supervisor ${c.spec.name} ${msg}\n`)
  } catch {
    log(`${c.spec.name} ${msg}`)
  }
}
const save = (c: Child) => {
  try {
    writeSuperviseRecordSync(superviseFile(stateDir, c.spec.name), c.rec)
  } catch (err) {
    log(`could not write the record of ${c.spec.name}: ${(err as Error).message}`)
  }
}
const running = (c: Child) => !!c.proc && c.proc.exitCode === null && c.proc.signalCode === null

function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig)
  } catch {
    try {
      process.kill(pid, sig)
    } catch {
      // gone already
    }
  }
}

function spawnChild(c: Child, gated: boolean): void {
  c.timer = undefined
  const {spec} = c
  const started = Date.now()
  let logFd: number
  try {
    mkdirSync(path.dirname(spec.logFile), {recursive: true})
    mkdirSync(spec.cwd, {recursive: true})
    if (spec.dataDir) mkdirSync(spec.dataDir, {recursive: true, mode: 0o700})
    logFd = openSync(spec.logFile, 'a')
  } catch (err) {
    return failStart(c, (err as Error).message)
  }
  const env = {...baseEnv, ...spec.env, ZDEV_SUPERVISED: String(process.pid), ...(gated ? {ZDEV_GATE: 'stdin', ZDEV_READY_FD: '3'} : {})}
  let proc: ChildProcess
  try {
    proc = spawn(spec.command, spec.args, {cwd: spec.cwd, env, detached: true, stdio: gated ? ['pipe', logFd, logFd, 'pipe'] : ['ignore', logFd, logFd]})
  } catch (err) {
    closeSync(logFd)
    return failStart(c, (err as Error).message)
  }
  closeSync(logFd)
  c.proc = proc
  c.killed = false
  proc.once('error', (err) => {
    if (proc.pid === undefined) failStart(c, err.message)
  })
  if (proc.pid === undefined) return // 'error' follows (ENOENT, EACCES)
  c.rec = {...c.rec, childPid: proc.pid, childStartTicks: processStartTicks(proc.pid)}
  save(c)
  send(c.owner, {ev: 'spawned', name: spec.name, pid: proc.pid, ...(c.rec.childStartTicks !== undefined ? {startTicks: c.rec.childStartTicks} : {})})
  if (gated) relay(c, proc)
  proc.once('exit', (code, signal) => exited(c, proc, {code, signal}, Date.now() - started))
}

/** The gate and ready pipe of a gated child, relayed to the client that started it. */
function relay(c: Child, proc: ChildProcess): void {
  const gate = proc.stdin as Writable
  const pipe = proc.stdio[3] as Readable
  gate.on('error', () => undefined) // it died before reading: its exit says so
  pipe.on('error', () => undefined)
  c.gate = gate
  if (!c.owner || c.owner.destroyed) gate.end('go\n') // nobody to wait for
  let got = ''
  let said = false
  pipe.on('data', (b: Buffer) => {
    got += b.toString()
    if (!said && got.includes('ready\n')) {
      said = true
      c.wasReady = true
      send(c.owner, {ev: 'ready', name: c.spec.name})
    }
  })
  pipe.once('close', () => {
    if (!said) send(c.owner, {ev: 'unready', name: c.spec.name})
  })
}

function failStart(c: Child, message: string): void {
  c.proc = null
  c.wanted = false
  c.rec = {...c.rec, childPid: null, childStartTicks: undefined, lastExit: {reason: `could not start: ${message}`, at: stamp()}}
  save(c)
  childLog(c, `could not start ${c.spec.command}: ${message}`)
  send(c.owner, {ev: 'error', name: c.spec.name, message})
  settleStops(c, 'term')
  maybeExit()
}

function exited(c: Child, proc: ChildProcess, e: ExitInfo, ranMs: number): void {
  if (c.proc !== proc) return
  c.proc = null
  // what it left in its group (a crashed agent's children) goes with it, as it would with a host;
  // the group id stays reserved while it has members, so this never hits a stranger
  try {
    if (proc.pid) process.kill(-proc.pid, 'SIGKILL')
  } catch {
    // an empty group
  }
  c.gate = undefined
  if (c.killTimer) clearTimeout(c.killTimer)
  c.rec = {...c.rec, childPid: null, childStartTicks: undefined, lastExit: {reason: describeExit(e), at: stamp()}}
  // fail fast only for a first start that exited by itself before it was ready (a bad config),
  // not for one killed by a signal or one that came up and died soon after (chaos, kill -9 right after `up`)
  const configError = c.first && !c.wasReady && e.signal === null && ranMs < FAIL_FAST_MS
  const restart = c.wanted && !shuttingDown && !isDeliberateExit(e) && !configError
  send(c.owner, {ev: 'exit', name: c.spec.name, code: e.code, signal: e.signal, restarting: restart})
  if (!restart) {
    c.wanted = false
    save(c)
    settleStops(c, c.killed ? 'kill' : 'term')
    maybeExit()
    return
  }
  c.first = false
  c.delay = nextDelay(DEFAULT_BACKOFF, c.delay, ranMs)
  c.rec = {...c.rec, restarts: c.rec.restarts + 1}
  childLog(c, `${c.rec.lastExit!.reason}; restarting in ${c.delay} ms (restart ${c.rec.restarts})`)
  save(c)
  c.timer = setTimeout(() => spawnChild(c, false), c.delay)
}

function settleStops(c: Child, how: 'term' | 'kill'): void {
  for (const w of c.stopWaiters.splice(0)) w(how)
}

function start(spec: ChildSpec, gated: boolean, owner: net.Socket): void {
  const had = children.get(spec.name)
  if (had && running(had)) {
    had.wanted = true
    send(owner, {ev: 'spawned', name: spec.name, pid: had.proc!.pid!, ...(had.rec.childStartTicks !== undefined ? {startTicks: had.rec.childStartTicks} : {})})
    return
  }
  if (had?.timer) clearTimeout(had.timer)
  const c: Child = {spec, rec: {name: spec.name, childPid: null, restarts: 0, lastExit: null}, proc: null, wanted: true, first: true, delay: 0, owner, stopWaiters: [], killed: false}
  children.set(spec.name, c)
  spawnChild(c, gated)
}

/** Resolves once the child is gone (at once when it is not running). */
function stop(c: Child, graceMs: number): Promise<'term' | 'kill' | 'gone'> {
  c.wanted = false
  if (c.timer) {
    clearTimeout(c.timer)
    c.timer = undefined
    save(c)
  }
  if (!running(c)) return Promise.resolve('gone')
  const pid = c.proc!.pid!
  const done = new Promise<'term' | 'kill'>((resolve) => c.stopWaiters.push(resolve))
  signalGroup(pid, 'SIGTERM')
  c.killTimer ??= setTimeout(() => {
    c.killed = true
    signalGroup(pid, 'SIGKILL')
  }, graceMs)
  return done
}

async function shutdown(graceMs: number): Promise<void> {
  shuttingDown = true
  // the agents before the KV they talk to
  const all = [...children.values()]
  await Promise.all(all.filter((c) => c.spec.env.ZDEV_KIND !== 'etcd').map((c) => stop(c, graceMs)))
  // etcd members one at a time: stopped at once, the last one waits out its grace for a quorum
  for (const c of all.filter((x) => x.spec.env.ZDEV_KIND === 'etcd').reverse()) await stop(c, graceMs)
  quit()
}

function quit(): void {
  try {
    unlinkSync(socketPath)
  } catch {
    // already gone
  }
  process.exit(0)
}

/** Nothing left to run and nobody asking: the supervisor's work is done. */
function maybeExit(): void {
  if (clients.size > 0) return
  if ([...children.values()].some((c) => running(c) || c.timer)) return
  quit()
}

function onRequest(sock: net.Socket, r: SupervisorRequest): void {
  if (r.op === 'start') {
    if (shuttingDown) return send(sock, {ev: 'error', name: r.spec.name, message: 'the supervisor is shutting down'})
    return start(r.spec, r.gated, sock)
  }
  if (r.op === 'go') {
    const c = children.get(r.name)
    c?.gate?.end('go\n')
    return
  }
  if (r.op === 'stop') {
    const c = children.get(r.name)
    if (!c) return send(sock, {ev: 'stopped', name: r.name, how: 'unknown'})
    void stop(c, r.graceMs).then((how) => send(sock, {ev: 'stopped', name: r.name, how}))
    return
  }
  if (r.op === 'shutdown') void shutdown(r.graceMs)
}

const socketPath = supervisorSocket(stateDir)
mkdirSync(path.dirname(socketPath), {recursive: true, mode: 0o700})
// (a deep state dir's socket lives in a temp folder: only one that is ours and private will do)
const folder = lstatSync(path.dirname(socketPath))
if (!folder.isDirectory() || folder.uid !== process.getuid?.() || (folder.mode & 0o077) !== 0) {
  log(`refusing to listen in ${path.dirname(socketPath)}: not a private folder of this user`)
  process.exit(1)
}
try {
  unlinkSync(socketPath) // a supervisor killed by SIGKILL leaves its socket behind
} catch {
  // none
}
const server = net.createServer((sock) => {
  clients.add(sock)
  let buf = ''
  sock.setEncoding('utf8')
  sock.on('data', (chunk: string) => {
    const {lines, rest} = splitLines(buf, chunk)
    buf = rest
    for (const l of lines) onRequest(sock, l as SupervisorRequest)
  })
  sock.on('error', () => undefined)
  sock.once('close', () => {
    clients.delete(sock)
    // a client gone before it let its gated children go: they go now (as when `up` dies)
    for (const c of children.values()) {
      if (c.owner !== sock) continue
      c.owner = undefined
      c.gate?.end('go\n')
    }
    maybeExit()
  })
})
server.listen(socketPath, () => {
  chmodSync(socketPath, 0o600)
  const rec: SupervisorRecord = {pid: process.pid, startTicks: processStartTicks(process.pid), socket: socketPath, entry: process.argv[1]!, startedAt: stamp()}
  const file = supervisorRecordFile(stateDir)
  writeFileSync(`${file}.tmp`, JSON.stringify(rec) + '\n', {mode: 0o600})
  renameSync(`${file}.tmp`, file)
  log(`pid ${process.pid} listening on ${socketPath}`)
  // the one who started it waits for this line on fd 3 (src/platform/supervisor-client.ts)
  if (process.env.ZDEV_READY_FD === '3') {
    try {
      writeSync(3, 'ready\n')
      closeSync(3)
    } catch {
      // nobody waits
    }
  }
})
server.on('error', (err) => {
  log(`cannot listen on ${socketPath}: ${err.message}`)
  process.exit(1)
})

for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => void shutdown(3000))
// Its death would orphan every child: a bug in here is logged, never fatal.
process.on('uncaughtException', (err) => log(`internal error: ${err.stack ?? err.message}`))
process.on('unhandledRejection', (err) => log(`internal error: ${String(err)}`))
