import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {readState} from '../../src/platform/state.js'
import {liveSupervisor} from '../../src/platform/supervisor-client.js'

/** A fresh folder holding a KV-only zdev.yaml; returns the file's path. */
export function tempPlatform(name: string, extra = ''): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'zdev-test-'))
  const file = path.join(dir, 'zdev.yaml')
  writeFileSync(file, `name: ${name}\nservers: 0\nnodes: 0\nproxies: 0\n${extra}`)
  return file
}

/** The platform supervisor's pid while it runs (identity checked: a stale record never names a stranger). */
export function supervisorPid(stateDir: string): number | undefined {
  return liveSupervisor(stateDir)?.pid
}

/** Best-effort: SIGKILL every process a state dir recorded (test cleanup, even after failures), the supervisor first so that it restarts nothing. */
export async function killRecorded(stateDir: string): Promise<void> {
  const sup = supervisorPid(stateDir)
  if (sup) {
    try {
      process.kill(sup, 'SIGKILL')
    } catch {
      // gone already
    }
  }
  const state = await readState(stateDir).catch(() => undefined)
  for (const c of state?.components ?? []) {
    if (!c.pid) continue
    try {
      process.kill(-c.pid, 'SIGKILL')
    } catch {
      // gone already
    }
  }
}

export async function until<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>): Promise<{value: T; ms: number}> {
  const t0 = performance.now()
  for (;;) {
    const v = await fn()
    if (v !== undefined) return {value: v, ms: performance.now() - t0}
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
