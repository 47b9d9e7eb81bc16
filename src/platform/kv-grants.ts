import {writeFileSync} from 'node:fs'
import path from 'node:path'
import type {Job} from '../model/index.js'
import type {Platform} from './types.js'

// The jobs whose tasks the platform file grants the KV (`kv: true` on a job entry), by job ID,
// in <state>/secrets/kv-grants.json for the node agents (tasks get no KV access otherwise).

export function kvGrantsFile(stateDir: string): string {
  return path.join(stateDir, 'secrets', 'kv-grants.json')
}

export function writeKvGrants(p: Platform, jobs: Job[]): void {
  const ids = p.jobs.flatMap((ref, i) => (ref.kv && jobs[i] ? [jobs[i]!.ID] : []))
  writeFileSync(kvGrantsFile(p.stateDir), JSON.stringify(ids) + '\n', {mode: 0o600})
}
