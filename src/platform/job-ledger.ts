import {createHash} from 'node:crypto'
import {readFile, rename, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {newId} from '../lib/ids.js'
import type {Job} from '../model/index.js'
import {getJob, submitJob} from '../store/jobs.js'
import type {Store} from '../store/store.js'

// `up` submits a platform job only when its file (as evaluated) changed since the last `up`
// submitted it: a version set later by `job run` or `job revert` is not silently reverted by
// the next `up`. The ledger, <state>/platform-jobs.json, holds one digest per job.

export interface PlatformJobResult {
  id: string
  version: number
  /** A new version was stored. */
  changed: boolean
  /** Submitted by this `up` (false: the file did not change since the last `up`). */
  submitted: boolean
}

const ledgerFile = (stateDir: string) => path.join(stateDir, 'platform-jobs.json')

export function jobDigest(job: Job): string {
  return createHash('sha256').update(JSON.stringify(job)).digest('hex')
}

async function readLedger(stateDir: string): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(ledgerFile(stateDir), 'utf8')) as Record<string, string>
  } catch {
    return {}
  }
}

async function writeLedger(stateDir: string, ledger: Record<string, string>): Promise<void> {
  const tmp = `${ledgerFile(stateDir)}.${process.pid}.tmp`
  await writeFile(tmp, JSON.stringify(ledger, null, 2) + '\n', {mode: 0o600})
  await rename(tmp, ledgerFile(stateDir))
}

export async function submitChangedJobs(store: Store, jobs: Job[], stateDir: string): Promise<PlatformJobResult[]> {
  const ledger = await readLedger(stateDir)
  const out: PlatformJobResult[] = []
  for (const job of jobs) {
    const digest = jobDigest(job)
    const current = ledger[job.ID] === digest ? await getJob(store, job.ID).catch(() => null) : null
    if (current) {
      out.push({id: job.ID, version: current.Version ?? 0, changed: false, submitted: false})
      continue
    }
    const r = await submitJob(store, job, {now: Date.now, newId})
    ledger[job.ID] = digest
    await writeLedger(stateDir, ledger)
    out.push({id: job.ID, version: r.version, changed: r.changed, submitted: true})
  }
  return out
}
