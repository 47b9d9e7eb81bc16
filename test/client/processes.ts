// Process bookkeeping for tests: every group or pid started is killed after the test, even when
// it failed, and helpers to wait for a pid to vanish.
import {readFileSync} from 'node:fs'
import type {LogSink} from '../../src/drivers/driver.js'

const groups = new Set<number>()
const pids = new Set<number>()

export function trackGroup(pgid: number): number {
  groups.add(pgid)
  return pgid
}

export function trackPid(pid: number): number {
  pids.add(pid)
  return pid
}

export function killTracked(): void {
  for (const g of groups) tryKill(-g)
  for (const p of pids) tryKill(p)
  groups.clear()
  pids.clear()
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return !isZombie(pid)
  } catch {
    return false
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return false
  }
}

/** Milliseconds until `pid` is gone, or -1 after `timeoutMs`. */
export async function waitGone(pid: number, timeoutMs: number): Promise<number> {
  const t0 = Date.now()
  while (Date.now() - t0 < timeoutMs) {
    if (!alive(pid)) return Date.now() - t0
    await new Promise((r) => setTimeout(r, 10))
  }
  return -1
}

export async function waitFor<T>(fn: () => T | undefined | false | null, timeoutMs: number, what: string): Promise<T> {
  const t0 = Date.now()
  while (Date.now() - t0 < timeoutMs) {
    const v = fn()
    if (v) return v
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`)
}

export class MemorySink implements LogSink {
  readonly chunks: Buffer[] = []
  write(chunk: Buffer): void {
    this.chunks.push(chunk)
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}
