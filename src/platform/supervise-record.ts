import {readFileSync} from 'node:fs'
import {rename, writeFile} from 'node:fs/promises'
import path from 'node:path'

// <state>/supervise/<name>.json: what a component's supervisor saw (restarts, last exit).

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
