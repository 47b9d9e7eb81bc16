// `zdev node drain` and `zdev node eligibility`: the CLI owns node-drain/<id>. After writing
// it, every job with live allocations on the node (or, when the node becomes eligible again,
// every job waiting for capacity) gets an evaluation so the scheduler acts on it.
import {UserError} from '../lib/errors.js'
import {isTerminal, type Evaluation, type Node} from '../model/index.js'
import {readClusterState, type ClusterState} from '../store/cluster-state.js'
import {newEvaluation, type Clock} from '../store/jobs.js'
import type {NodeDrainRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {findNode} from './resolve.js'

export interface DrainOptions {
  enable: boolean
  deadlineNs: number // -1 force (migrate everything now), 0 no deadline
  ignoreSystemJobs: boolean
  keepIneligible: boolean // with enable = false: leave the node ineligible
}

export function buildDrainRecord(opts: DrainOptions, now: number): NodeDrainRecord {
  if (!opts.enable) return {SchedulingEligibility: opts.keepIneligible ? 'ineligible' : 'eligible', DrainStrategy: null}
  return {SchedulingEligibility: 'ineligible', DrainStrategy: {Deadline: opts.deadlineNs, IgnoreSystemJobs: opts.ignoreSystemJobs, StartedAt: now}}
}

export function buildEligibilityRecord(node: Node, eligible: boolean): NodeDrainRecord {
  if (eligible && node.DrainStrategy) {
    throw new UserError(`Node ${node.Name} is draining, so it cannot be made eligible.`, {code: 'draining', hint: `stop the drain with \`zdev node drain ${node.Name} --disable\` (that also makes it eligible).`})
  }
  return {SchedulingEligibility: eligible ? 'eligible' : 'ineligible', DrainStrategy: node.DrainStrategy}
}

/** The evaluations a change of the node's drain/eligibility calls for. */
export function evalsForNodeChange(st: ClusterState, node: Node, record: NodeDrainRecord, clock: Clock): Evaluation[] {
  const jobs = new Set<string>()
  if (record.DrainStrategy) {
    for (const a of st.allocs) if (a.NodeID === node.ID && !isTerminal(a)) jobs.add(a.JobID)
  } else if (record.SchedulingEligibility === 'eligible') {
    for (const e of st.evals) if (e.Status === 'blocked') jobs.add(e.JobID)
    for (const j of Object.values(st.jobs)) if ((j.Type === 'system' || j.Type === 'sysbatch') && !j.Stop) jobs.add(j.ID)
  }
  const trigger = record.DrainStrategy ? 'node-drain' : 'node-update'
  return [...jobs].filter((id) => st.jobs[id]).sort().map((id) => newEvaluation(st.jobs[id]!, trigger, clock, {NodeID: node.ID}))
}

export interface NodeChangeResult {
  node: {id: string; name: string}
  record: NodeDrainRecord
  evalIds: string[]
}

async function applyNodeRecord(store: Store, st: ClusterState, node: Node, record: NodeDrainRecord, clock: Clock): Promise<NodeChangeResult> {
  await store.put(store.keys.nodeDrain(node.ID), record)
  const evals = evalsForNodeChange(st, node, record, clock)
  for (const ev of evals) await store.put(store.keys.evaluation(ev.ID), ev)
  return {node: {id: node.ID, name: node.Name}, record, evalIds: evals.map((e) => e.ID)}
}

export async function setNodeDrain(store: Store, ref: string, opts: DrainOptions, clock: Clock): Promise<NodeChangeResult> {
  const st = await readClusterState(store)
  const node = findNode(st, ref)
  return applyNodeRecord(store, st, node, buildDrainRecord(opts, clock.now()), clock)
}

export async function setNodeEligibility(store: Store, ref: string, eligible: boolean, clock: Clock): Promise<NodeChangeResult> {
  const st = await readClusterState(store)
  const node = findNode(st, ref)
  return applyNodeRecord(store, st, node, buildEligibilityRecord(node, eligible), clock)
}
