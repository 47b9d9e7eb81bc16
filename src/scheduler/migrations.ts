// Node drain: allocations on draining nodes move max_parallel at a time (per group), the next
// batch once the replacements are healthy; past the drain deadline everything moves at once.
import type {Allocation} from '../model/index.js'
import {allocIndex} from '../model/index.js'
import {drainForced, isHealthy} from './classify.js'
import type {GroupInput} from './reconcile-group.js'

export function pickMigrations(inp: GroupInput, candidates: Allocation[]): Allocation[] {
  const {tg, now} = inp
  const sorted = candidates.slice().sort((a, b) => allocIndex(a.Name) - allocIndex(b.Name))
  const minHealthy = (tg.Migrate?.MinHealthyTime ?? 10e9) / 1e6
  const inFlight = inp.allocs.filter((a) => {
    if (a.DesiredStatus !== 'run' || !a.PreviousAllocation || a.ClientStatus === 'complete' || a.ClientStatus === 'failed') return false
    const prev = inp.st.allocById.get(a.PreviousAllocation)
    return prev?.DesiredTransition.Migrate === true && !isHealthy(a, minHealthy, now)
  }).length
  let budget = Math.max(0, (tg.Migrate?.MaxParallel ?? 1) - inFlight)
  const out: Allocation[] = []
  for (const a of sorted) {
    const forced = drainForced(inp.st.nodeById.get(a.NodeID), now)
    if (!forced && budget <= 0) continue
    if (!forced) budget--
    out.push(a)
  }
  return out
}
