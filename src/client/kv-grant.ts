import {readFileSync} from 'node:fs'
import type {KvAuth} from '../store/client.js'

export interface KvGrant {
  /** JSON list of job IDs whose tasks get the KV (written by `up` from the platform file). */
  grantsFile: string
  endpoints: string[]
  /** The cluster's `task` user: read/write under data/ only. */
  auth: KvAuth
}

/** The environment a granted job's tasks get: the KV endpoints and a user confined to data/. */
export function kvGrantEnv(grant: KvGrant | undefined, jobId: string): Record<string, string> {
  if (!grant) return {}
  let ids: string[] = []
  try {
    ids = JSON.parse(readFileSync(grant.grantsFile, 'utf8')) as string[]
  } catch {
    return {}
  }
  if (!ids.includes(jobId)) return {}
  return {ZDEV_KV_ENDPOINTS: grant.endpoints.join(','), ZDEV_KV_USERNAME: grant.auth.username, ZDEV_KV_PASSWORD: grant.auth.password}
}
