import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {readProcStat} from '../lib/proc.js'

// <state>/api/<server>.json: where a server's HTTP API really listens, written by the server
// once it has bound (or why it could not). The port in the platform file is only the first one
// tried (another cluster may hold it), so `zdev env`, `up` and `status` read this record.

export interface ApiRecord {
  server: string
  /** The server process; null once it stopped (the record then keeps its last address). */
  pid: number | null
  startTicks?: number
  /** http://host:port, or null when no port could be bound. */
  addr: string | null
  error: string | null
  at: string
}

export function apiRecordFile(stateDir: string, server: string): string {
  return path.join(stateDir, 'api', `${server}.json`)
}

export function readApiRecord(stateDir: string, server: string): ApiRecord | null {
  try {
    const r = JSON.parse(readFileSync(apiRecordFile(stateDir, server), 'utf8')) as ApiRecord
    return typeof r === 'object' && r && r.server === server ? r : null
  } catch {
    return null
  }
}

/** Atomic (write then rename), so a reader never sees half a record. */
export function writeApiRecord(stateDir: string, rec: ApiRecord): void {
  const file = apiRecordFile(stateDir, rec.server)
  mkdirSync(path.dirname(file), {recursive: true, mode: 0o700})
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(rec) + '\n', {mode: 0o600})
  renameSync(tmp, file)
}

/** The record of this very process (pid and start time), for the server that writes it. */
export function selfRecord(server: string, addr: string | null, error: string | null): ApiRecord {
  const startTicks = readProcStat(process.pid)?.startTicks
  return {server, pid: process.pid, ...(startTicks === undefined ? {} : {startTicks}), addr, error, at: new Date().toISOString()}
}

/** True when the record's process still runs and is the one that wrote it (not a recycled pid). */
export function recordIsLive(rec: ApiRecord): boolean {
  if (!rec.pid) return false
  try {
    process.kill(rec.pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  if (rec.startTicks === undefined) return true
  const st = readProcStat(rec.pid)
  return st !== null && st.startTicks === rec.startTicks && st.state !== 'Z'
}
