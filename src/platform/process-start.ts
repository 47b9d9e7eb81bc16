import {spawn, type ChildProcess} from 'node:child_process'
import {closeSync, mkdirSync, openSync} from 'node:fs'
import path from 'node:path'
import type {Readable, Writable} from 'node:stream'
import {UserError} from '../lib/errors.js'
import type {ProcessSpec} from './spec.js'

/** A started process that holds for `go()` and tells when it is ready (src/lib/ready-signal.ts). */
export interface GatedProcess {
  pid: number
  /** Let it connect (a line on its stdin, then EOF). */
  go(): void
  /** Resolves on its "ready" line; rejects when it closes the pipe (or dies) first. */
  ready: Promise<void>
  /** Drop the pipes (after ready, or when giving up): the process outlives zdev either way. */
  release(): void
}

function prepare(spec: ProcessSpec): number {
  mkdirSync(path.dirname(spec.logFile), {recursive: true})
  mkdirSync(spec.cwd, {recursive: true})
  if (spec.dataDir) mkdirSync(spec.dataDir, {recursive: true, mode: 0o700})
  return openSync(spec.logFile, 'a')
}

async function spawned(spec: ProcessSpec, run: () => ChildProcess, fd: number): Promise<ChildProcess> {
  try {
    const child = run()
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject)
      child.once('spawn', () => resolve())
    })
    child.unref()
    return child
  } catch (err) {
    throw new UserError(`could not start ${spec.name} (${spec.command}): ${(err as Error).message}`, {code: 'spawn_failed', cause: err})
  } finally {
    closeSync(fd)
  }
}

/**
 * Start `spec` detached in its own process group (so `down` can signal the whole group), with
 * stdout/stderr appended to its log file. The process outlives zdev.
 */
export async function startProcess(spec: ProcessSpec): Promise<number> {
  const fd = prepare(spec)
  const child = await spawned(spec, () => spawn(spec.command, spec.args, {cwd: spec.cwd, env: {...process.env, ...spec.env}, detached: true, stdio: ['ignore', fd, fd]}), fd)
  return child.pid!
}

/** As startProcess, with a gate on stdin and a ready pipe on fd 3 (ZDEV_GATE, ZDEV_READY_FD). */
export async function startGated(spec: ProcessSpec): Promise<GatedProcess> {
  const fd = prepare(spec)
  const env = {...process.env, ...spec.env, ZDEV_GATE: 'stdin', ZDEV_READY_FD: '3'}
  const child = await spawned(spec, () => spawn(spec.command, spec.args, {cwd: spec.cwd, env, detached: true, stdio: ['pipe', fd, fd, 'pipe']}), fd)
  const gate = child.stdin as Writable
  const pipe = child.stdio[3] as Readable
  gate.on('error', () => undefined) // it died before reading: the ready pipe says so
  pipe.on('error', () => undefined)
  const ready = new Promise<void>((resolve, reject) => {
    let got = ''
    pipe.on('data', (b: Buffer) => {
      got += b.toString()
      if (got.includes('ready\n')) resolve()
    })
    pipe.once('close', () => reject(new Error(`${spec.name} closed its ready pipe without signalling`)))
  })
  ready.catch(() => undefined)
  for (const s of [gate, pipe] as unknown as {unref?: () => void}[]) s.unref?.()
  let went = false
  return {
    pid: child.pid!,
    ready,
    go() {
      if (went) return
      went = true
      gate.end('go\n')
    },
    release() {
      gate.destroy()
      pipe.destroy()
    },
  }
}
