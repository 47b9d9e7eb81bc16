// A platform process's supervisor:  node dist/supervise.js <name> <record.json> -- <command> <args…>
// It runs the command as its child (same process group, so `down` stops both), restarts it with
// backoff when it crashes, and records restarts and the last exit reason for `zdev status`.
// A deliberate stop (SIGTERM/SIGINT to the group, or a clean exit) is never undone. A child
// that fails within its first seconds on the first start is a configuration error: the
// supervisor exits with it, so `up` reports it instead of looping.
import {spawn, type ChildProcess} from 'node:child_process'
import {closeSync, mkdirSync} from 'node:fs'
import path from 'node:path'
import {DEFAULT_BACKOFF, describeExit, isDeliberateExit, nextDelay, type ExitInfo} from './platform/restart-policy.js'
import {writeSuperviseRecord, type SuperviseRecord} from './platform/supervise-record.js'
import {processStartTicks} from './platform/process-alive.js'

const FAIL_FAST_MS = 3000
const [name, recordFile, sep, command, ...args] = process.argv.slice(2)
if (!name || !recordFile || sep !== '--' || !command) {
  process.stderr.write('usage: supervise.js <name> <record.json> -- <command> [args…]\n')
  process.exit(2)
}
mkdirSync(path.dirname(recordFile), {recursive: true, mode: 0o700})
const log = (msg: string) => process.stdout.write(`${new Date().toISOString()} supervisor ${name} ${msg}\n`)
const rec: SuperviseRecord = {name, childPid: null, restarts: 0, lastExit: null}
let child: ChildProcess | null = null
let stopping = false
let delay = 0
let first = true

const save = () => writeSuperviseRecord(recordFile, rec).catch((err) => log(`could not write ${recordFile}: ${err}`))

// `up`'s ready pipe (fd 3, src/lib/ready-signal.ts) goes to the first child only; the supervisor
// drops its own copy, so the pipe ends when that child ends.
let readyFd = process.env.ZDEV_READY_FD === '3' ? 3 : undefined
delete process.env.ZDEV_READY_FD

function run(): void {
  const started = Date.now()
  const env = {...process.env, ZDEV_SUPERVISED: String(process.pid), ...(readyFd ? {ZDEV_READY_FD: String(readyFd)} : {})}
  child = spawn(command!, args, {stdio: readyFd ? ['inherit', 'inherit', 'inherit', readyFd] : 'inherit', env})
  if (readyFd) {
    closeSync(readyFd)
    readyFd = undefined
  }
  child.once('error', (err) => log(`could not start ${command}: ${err.message}`))
  rec.childPid = child.pid ?? null
  rec.childStartTicks = child.pid ? processStartTicks(child.pid) : undefined
  void save()
  child.once('exit', (code, signal) => {
    const e: ExitInfo = {code, signal}
    const ranMs = Date.now() - started
    rec.childPid = null
    rec.lastExit = {reason: describeExit(e), at: new Date().toISOString()}
    if (stopping || isDeliberateExit(e) || (first && ranMs < FAIL_FAST_MS)) {
      void save().then(() => process.exit(code ?? (signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1)))
      return
    }
    first = false
    delay = nextDelay(DEFAULT_BACKOFF, delay, ranMs)
    rec.restarts++
    log(`${rec.lastExit.reason}; restarting in ${delay} ms (restart ${rec.restarts})`)
    void save()
    setTimeout(() => (stopping ? process.exit(0) : run()), delay)
  })
}

for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(sig, () => {
    stopping = true
    if (child && child.exitCode === null && child.signalCode === null) child.kill(sig)
    else process.exit(0)
  })
}
run()
