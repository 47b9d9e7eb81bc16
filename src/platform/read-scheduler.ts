// The platform file's `scheduler:` section: Nomad's server default_scheduler_config, with
// Nomad's key names, handed to every server (the scheduler reads it on each evaluation).
import {isScalar, type Node} from 'yaml'
import {DEFAULT_SCHEDULER_CONFIG} from '../scheduler/scheduler-config.js'
import type {SchedulerConfig} from '../scheduler/types.js'
import {suggestNearest} from './suggest.js'
import {describe, isNullish, join, type YamlReader} from './yaml-reader.js'

const ALGORITHMS = ['binpack', 'spread'] as const
const PREEMPTION_KEYS = {
  system_scheduler_enabled: 'system',
  sysbatch_scheduler_enabled: 'sysbatch',
  service_scheduler_enabled: 'service',
  batch_scheduler_enabled: 'batch',
} as const

function bool(r: YamlReader, node: Node | null | undefined, field: string): boolean | undefined {
  const v = isScalar(node) ? node.value : undefined
  if (typeof v === 'boolean') return v
  return r.fail(node, field, `expected true or false, got ${describe(node)}`)
}

export function readScheduler(r: YamlReader, node: Node | null | undefined): SchedulerConfig {
  const cfg: SchedulerConfig = {algorithm: DEFAULT_SCHEDULER_CONFIG.algorithm, preemption: {...DEFAULT_SCHEDULER_CONFIG.preemption}}
  if (isNullish(node)) return cfg
  const m = r.map(node, 'scheduler', ['scheduler_algorithm', 'preemption_config'])
  if (!m) return cfg
  if (m.has('scheduler_algorithm')) {
    const at = m.get('scheduler_algorithm')
    const v = r.str(at, 'scheduler.scheduler_algorithm')
    if (v !== undefined && !(ALGORITHMS as readonly string[]).includes(v)) {
      const near = suggestNearest(v, ALGORITHMS)
      r.fail(at, 'scheduler.scheduler_algorithm', `"${v}" is not a scheduler algorithm; ${near ? `did you mean "${near}"? ` : ''}(use binpack or spread)`)
    } else if (v !== undefined) cfg.algorithm = v as SchedulerConfig['algorithm']
  }
  const pc = m.get('preemption_config')
  if (m.has('preemption_config') && !isNullish(pc)) {
    const field = 'scheduler.preemption_config'
    const p = r.map(pc, field, Object.keys(PREEMPTION_KEYS))
    for (const [key, value] of p ?? []) {
      const b = bool(r, value, join(field, key))
      if (b !== undefined) cfg.preemption[PREEMPTION_KEYS[key as keyof typeof PREEMPTION_KEYS]] = b
    }
  }
  return cfg
}
