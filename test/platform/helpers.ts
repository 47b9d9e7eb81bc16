import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {readState} from '../../src/platform/state.js'

/** A fresh folder holding a KV-only zdev.yaml; returns the file's path. */
export function tempPlatform(name: string, extra = ''): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'zdev-test-'))
  const file = path.join(dir, 'zdev.yaml')
  writeFileSync(file, `name: ${name}\nservers: 0\nnodes: 0\nproxies: 0\n${extra}`)
  return file
}

/** Best-effort: SIGKILL every process a state dir recorded (test cleanup, even after failures). */
export async function killRecorded(stateDir: string): Promise<void> {
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
