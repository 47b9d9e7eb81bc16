// The placement stacks, built in one place and read top to bottom as Nomad's
// scheduler/feasible/stack.go: feasibility stages (cheap static checks first, then the ones
// that depend on this run's placements), the fit check and the scorers in Nomad's order,
// then normalization (rank.ts), the limit and the max-score pick (select.ts).
import type {Job} from '../model/index.js'
import {distinctHosts, distinctProperty, groupConstraints, groupDrivers, jobConstraints, type Stage} from './feasible.js'
import {allocationSpread, binpack, jobAntiAffinity, nodeAffinity, nodeReschedulePenalty, preemption, type Scorer} from './scorers.js'

export interface PlacementStack {
  kind: 'generic' | 'system'
  staticStages: readonly Stage[]
  dynamicStages: readonly Stage[]
  scorers: readonly Scorer[]
}

export const GENERIC_STACK: PlacementStack = {
  kind: 'generic',
  // job constraints, then drivers (faster than most constraints), then group/task constraints
  staticStages: [jobConstraints, groupDrivers, groupConstraints],
  dynamicStages: [distinctHosts, distinctProperty],
  // binpack also checks fit (select.ts), preempting when enabled; the rest adjust the ranking
  scorers: [binpack, jobAntiAffinity, nodeReschedulePenalty, nodeAffinity, allocationSpread, preemption],
}

// System jobs go to every feasible node: no distinct_hosts (one per node anyway), no scoring
// beyond bin-packing, and preemption when a node lacks room (system-sched.ts).
export const SYSTEM_STACK: PlacementStack = {
  kind: 'system',
  staticStages: GENERIC_STACK.staticStages,
  dynamicStages: [distinctProperty],
  scorers: [binpack],
}

export function stackFor(job: Pick<Job, 'Type'>): PlacementStack {
  return job.Type === 'system' || job.Type === 'sysbatch' ? SYSTEM_STACK : GENERIC_STACK
}

/** The scorers worth running for a group (the others would score 0 on every node). */
export function activeScorers(stack: PlacementStack, p: Parameters<Scorer['applies']>[0], ctx: Parameters<Scorer['applies']>[1]): Scorer[] {
  return stack.scorers.filter((s) => s.applies(p, ctx))
}
