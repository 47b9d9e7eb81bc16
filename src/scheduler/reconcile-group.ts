// The reconciler for one task group of a service or batch job: compares what runs with what
// the job asks for and decides stops, in-place updates and placements (Nomad's allocReconciler).
import type {Allocation, Deployment, Job, TaskGroup} from '../model/index.js'
import {allocIndex, emptyDesiredUpdates, type DesiredUpdates} from '../model/index.js'
import {DESC} from './alloc-build.js'
import {splitCanaries} from './canaries.js'
import {classifyAllocs} from './classify.js'
import {pickMigrations} from './migrations.js'
import type {ClusterState} from './state.js'
import {tasksUpdated} from './tasks-updated.js'

export type PlaceKind = 'place' | 'lost' | 'reschedule' | 'destructive' | 'migrate' | 'canary'

export interface PlaceRequest {
  tg: TaskGroup
  name: string
  kind: PlaceKind
  previous: Allocation | null
  delayNs?: number
}

export interface StopRequest {
  alloc: Allocation
  desc: string
  lost?: boolean
}

export interface GroupResult {
  group: string
  stops: StopRequest[]
  inPlace: Allocation[]
  places: PlaceRequest[]
  fresh: number[] // indexes of new allocations to place (requests built one at a time: a count can be 1,000,000)
  later: {alloc: Allocation; at: number}[]
  desired: DesiredUpdates
  needsDeployment: boolean
  requiresCanaries: boolean
  destructiveReason: string | null
}

export interface GroupInput {
  job: Job
  tg: TaskGroup
  allocs: Allocation[]
  st: ClusterState
  now: number
  deployment: Deployment | null // the deployment of this job version, any status
  deployments: ReadonlyMap<string, Deployment> // every deployment of the job, by id
  oldGroup: (version: number, group: string) => {job: Job; tg: TaskGroup} | undefined
}

const byIndex = (a: Allocation, b: Allocation) => allocIndex(a.Name) - allocIndex(b.Name)

export function reconcileGroup(inp: GroupInput): GroupResult {
  const {job, tg, now, deployment: dep} = inp
  const du = emptyDesiredUpdates()
  const res: GroupResult = {group: tg.Name, stops: [], inPlace: [], places: [], fresh: [], later: [], desired: du, needsDeployment: false, requiresCanaries: false, destructiveReason: null}
  const isBatch = job.Type === 'batch'
  const update = tg.Update ?? job.Update
  const strategy = !isBatch && update && update.MaxParallel > 0 ? update : null
  const c = classifyAllocs(inp.allocs, tg, isBatch, inp.st.nodeById, now)
  const dstate = dep?.TaskGroups[tg.Name]
  const depActive = dep !== null && (dep.Status === 'running' || dep.Status === 'pending')

  const {canaries, stale: staleCanaries, regular} = splitCanaries(c.untainted, tg.Name, dep, inp.deployments)
  for (const a of staleCanaries) {
    res.stops.push({alloc: a, desc: DESC.notNeeded})
    du.Stop++
  }
  const promoted = !strategy || strategy.Canary === 0 || dstate?.Promoted === true

  // Trim to the desired count: lost and failed first, then migrating, old versions, highest index.
  let replaceLost = c.lost.slice()
  let replaceFailed = c.rescheduleNow.slice()
  const pool = [...(promoted ? canaries : []), ...regular, ...c.migrate]
  let total = pool.length + c.keep.length + c.rescheduleLater.length + replaceLost.length + replaceFailed.length
  let excess = Math.max(0, total - tg.Count)
  const dropLost = Math.min(excess, replaceLost.length)
  for (const a of replaceLost.splice(replaceLost.length - dropLost)) {
    res.stops.push({alloc: a, desc: DESC.lost, lost: true})
    du.Stop++
  }
  excess -= dropLost
  const dropFailed = Math.min(excess, replaceFailed.length)
  replaceFailed = replaceFailed.slice(0, replaceFailed.length - dropFailed)
  excess -= dropFailed
  // Old allocations sharing a name with a promoted canary go first: the canary took their place.
  const canaryNames = new Set(promoted ? canaries.map((a) => a.Name) : [])
  const stopOrder = pool.slice().sort((a, b) => {
    const old = (x: Allocation) => x.JobVersion !== (job.Version ?? 0)
    const rank = (x: Allocation) => (c.migrate.includes(x) ? 0 : old(x) && canaryNames.has(x.Name) ? 1 : old(x) ? 2 : 3)
    return rank(a) - rank(b) || byIndex(b, a)
  })
  const stopped = new Set(stopOrder.slice(0, excess))
  for (const a of stopped) {
    res.stops.push({alloc: a, desc: DESC.notNeeded})
    du.Stop++
  }
  const remaining = pool.filter((a) => !stopped.has(a))

  // Lost allocations are stopped and replaced at once.
  for (const a of replaceLost) {
    res.stops.push({alloc: a, desc: DESC.lost, lost: true})
    res.places.push({tg, name: a.Name, kind: 'lost', previous: a})
    du.Place++
    du.Stop++
  }
  for (const r of replaceFailed) {
    res.places.push({tg, name: r.alloc.Name, kind: 'reschedule', previous: r.alloc, delayNs: r.delayNs})
    du.Place++
  }
  res.later = c.rescheduleLater

  // Updates of allocations of an older job version.
  const version = job.Version ?? 0
  const destructive: Allocation[] = []
  for (const a of remaining) {
    if (a.JobVersion === version || c.migrate.includes(a)) continue
    const old = inp.oldGroup(a.JobVersion, tg.Name)
    const why = old ? tasksUpdated(old.job, old.tg, job, tg) : 'previous job version unknown'
    if (why === null) res.inPlace.push(a)
    else {
      destructive.push(a)
      res.destructiveReason ??= why
    }
  }
  destructive.sort(byIndex)
  du.InPlaceUpdate = res.inPlace.length
  let destructiveNow = destructive
  if (strategy && destructive.length > 0) {
    const halted = dep !== null && !depActive && dep.Status !== 'successful'
    if (!promoted) {
      res.requiresCanaries = true
      const need = halted ? 0 : Math.max(0, strategy.Canary - canaries.length)
      for (let i = 0; i < need; i++) {
        res.places.push({tg, name: destructive[i % destructive.length]!.Name, kind: 'canary', previous: null})
        du.Canary++
      }
      destructiveNow = []
    } else {
      const unhealthy = inp.allocs.filter((a) => dep !== null && a.DeploymentID === dep.ID && a.DesiredStatus === 'run' && a.DeploymentStatus?.Healthy !== true && a.ClientStatus !== 'complete').length
      const limit = halted || dep?.Status === 'paused' ? 0 : Math.max(0, strategy.MaxParallel - unhealthy)
      destructiveNow = destructive.slice(0, limit)
    }
  }
  for (const a of destructiveNow) res.places.push({tg, name: a.Name, kind: 'destructive', previous: a})
  du.DestructiveUpdate = destructiveNow.length

  for (const a of pickMigrations(inp, remaining.filter((x) => c.migrate.includes(x)))) {
    res.places.push({tg, name: a.Name, kind: 'migrate', previous: a})
    du.Migrate++
  }

  // Place what is missing, taking the lowest free indexes.
  const used = new Set<number>()
  for (const a of [...remaining, ...c.keep, ...c.rescheduleLater.map((r) => r.alloc), ...replaceLost, ...replaceFailed.map((r) => r.alloc)]) used.add(allocIndex(a.Name))
  total = remaining.length + c.keep.length + c.rescheduleLater.length + replaceLost.length + replaceFailed.length
  let missing = Math.max(0, tg.Count - total)
  for (let i = 0; missing > 0; i++) {
    if (used.has(i)) continue
    res.fresh.push(i)
    du.Place++
    missing--
  }
  du.Ignore = remaining.length - res.inPlace.length - destructiveNow.length - du.Migrate
  res.needsDeployment = strategy !== null && (du.Place > 0 || destructive.length > 0 || du.Canary > 0)
  return res
}

/** The placement requests of a group's new allocations, built as they are placed. */
export function* freshRequests(job: Job, r: GroupResult, tg: TaskGroup): Generator<PlaceRequest> {
  for (const i of r.fresh) yield {tg, name: `${job.ID}.${tg.Name}[${i}]`, kind: 'place', previous: null}
}
