import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {UserError} from '../lib/errors.js'
import {connectCluster} from '../platform/connect.js'
import {loadPlatform} from '../platform/load.js'
import {DEFAULT_SCHEDULER_CONFIG, parseSnapshot, type SchedulerConfig, type Snapshot} from '../scheduler/index.js'
import {snapshotOf} from '../server/scheduling.js'
import {readClusterState} from '../store/cluster-state.js'

export interface PlanSnapshot {
  snapshot: Snapshot
  /** What the plan was made against, for the first line of the output. */
  source: string
  /** The servers' scheduler configuration: the platform file's `scheduler:` when there is one. */
  scheduler: SchedulerConfig
}

/**
 * What `zdev job plan` plans against: a snapshot file when given, else the running cluster of the
 * platform file, else an empty cluster.
 */
export async function planSnapshot(platformFile: string, snapshotFile?: string): Promise<PlanSnapshot> {
  const hasPlatform = existsSync(platformFile)
  if (snapshotFile) {
    const snapshot = await readSnapshotFile(snapshotFile)
    return {snapshot, source: `snapshot ${snapshotFile}`, scheduler: hasPlatform ? (await loadPlatform(platformFile)).scheduler : DEFAULT_SCHEDULER_CONFIG}
  }
  if (hasPlatform) {
    let conn
    try {
      conn = await connectCluster(platformFile)
    } catch (err) {
      if (err instanceof UserError && err.code === 'not_running') {
        const {scheduler} = await loadPlatform(platformFile)
        return {snapshot: empty(), source: `an empty cluster (${platformFile}'s cluster is not running)`, scheduler}
      }
      throw err
    }
    try {
      const st = await readClusterState(conn.store)
      return {snapshot: snapshotOf(st), source: `the running cluster ${conn.platform.name} (${st.nodes.filter((n) => n.Status === 'ready').length} ready nodes)`, scheduler: conn.platform.scheduler}
    } finally {
      conn.close()
    }
  }
  return {snapshot: empty(), source: 'an empty cluster', scheduler: DEFAULT_SCHEDULER_CONFIG}
}

function empty(): Snapshot {
  return {jobs: {}, nodes: [], allocs: [], deployments: []}
}

async function readSnapshotFile(path: string): Promise<Snapshot> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new UserError(`${path}: cannot read the snapshot (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the path.`, {code: 'file_not_found', file: path, exitCode: 255})
  }
  const r = parseSnapshot(text, path)
  if ('error' in r) throw new UserError(r.error, {code: 'invalid_snapshot', file: path, exitCode: 255})
  return r.snapshot
}
