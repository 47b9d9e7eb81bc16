import {readFileSync, renameSync, writeFileSync} from 'node:fs'
import {rename, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {isProcessAlive, MARKER_VAR} from './process-alive.js'

// <state>/supervise/<name>.json: what the platform's supervisor saw of a component (its current
// child, restarts, last exit). The supervisor is its only writer.

export interface SuperviseRecord {
  name: string
  childPid: number | null
  childStartTicks?: number
  restarts: number
  lastExit: {reason: string; at: string} | null
}

export function superviseFile(stateDir: string, name: string): string {
  return path.join(stateDir, 'supervise', `${name}.json`)
}

export function readSuperviseRecord(stateDir: string, name: string): SuperviseRecord | null {
  try {
    return JSON.parse(readFileSync(superviseFile(stateDir, name), 'utf8')) as SuperviseRecord
  } catch {
    return null
  }
}

export async function writeSuperviseRecord(file: string, rec: SuperviseRecord): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, JSON.stringify(rec) + '\n', {mode: 0o600})
  await rename(tmp, file)
}

/** The supervisor's own (synchronous: one writer, no two writes of one file in flight). */
export function writeSuperviseRecordSync(file: string, rec: SuperviseRecord): void {
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(rec) + '\n', {mode: 0o600})
  renameSync(tmp, file)
}

/** What identifies a component's process in state.json (structurally, to keep this file below state.ts). */
interface Recorded {
  name: string
  pid: number | null
  startTicks?: number
  args: string[]
  env: Record<string, string>
}

/**
 * The child the supervisor runs now for a component recorded as running, when it restarted it
 * after a crash (a later start than the recorded one, same argv and cluster marker); else null.
 */
export function restartedChildOf(stateDir: string, c: Recorded): {pid: number; startTicks: number} | null {
  if (c.pid === null) return null
  const rec = readSuperviseRecord(stateDir, c.name)
  if (!rec?.childPid || rec.childPid === c.pid || rec.childStartTicks === undefined) return null
  if (c.startTicks !== undefined && rec.childStartTicks <= c.startTicks) return null
  const marker = c.env[MARKER_VAR]
  if (!isProcessAlive(rec.childPid, {args: c.args, startTicks: rec.childStartTicks, env: marker ? {[MARKER_VAR]: marker} : undefined})) return null
  return {pid: rec.childPid, startTicks: rec.childStartTicks}
}
