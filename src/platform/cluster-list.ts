import {existsSync} from 'node:fs'
import {isProcessAlive} from './process-alive.js'
import {readKnownClusters} from './known-clusters.js'
import {readState} from './state.js'

export type ClusterRunState = 'running' | 'partial' | 'down'

export interface ClusterRow {
  name: string
  file: string
  stateDir: string
  state: ClusterRunState
  /** Processes alive / recorded. */
  alive: number
  total: number
  lastUp: string
  last: boolean
}

/** Every cluster this user brought up here whose platform file still exists, with its state. */
export async function listClusters(env: Record<string, string | undefined> = process.env): Promise<ClusterRow[]> {
  const known = await readKnownClusters(env)
  const rows: ClusterRow[] = []
  for (const c of known.clusters) {
    if (!existsSync(c.file)) continue
    const st = await readState(c.stateDir).catch(() => undefined)
    const comps = st?.components ?? []
    const alive = comps.filter((x) => isProcessAlive(x.pid, x)).length
    const state: ClusterRunState = alive === 0 ? 'down' : alive === comps.length ? 'running' : 'partial'
    rows.push({name: c.name, file: c.file, stateDir: c.stateDir, state, alive, total: comps.length, lastUp: c.lastUp, last: c.file === known.last})
  }
  return rows
}

export function renderClusters(rows: ClusterRow[]): string[] {
  if (rows.length === 0) return ['No clusters brought up on this machine yet; `zdev up` in a folder with a zdev.yaml starts one.']
  const table = rows.map((r) => [r.last ? `${r.name} *` : r.name, r.state === 'partial' ? `partial (${r.alive}/${r.total} running)` : r.state, r.lastUp.replace(/\.\d+Z$/, 'Z'), r.file])
  const head = ['NAME', 'STATE', 'LAST UP', 'PLATFORM FILE']
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)))
  const line = (t: string[]) => t.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(head), ...table.map(line), '', '* the cluster last brought up: commands use it outside a folder with a zdev.yaml']
}
