// Nomad's default_scheduler_config, alone in a file so the platform file reader can default
// it without loading the scheduler.
import type {PreemptionConfig, SchedulerConfig} from './types.js'

export const DEFAULT_PREEMPTION: Required<PreemptionConfig> = {system: true, sysbatch: false, service: false, batch: false}

/** Nomad's default_scheduler_config: bin-packing, preemption as DEFAULT_PREEMPTION. */
export const DEFAULT_SCHEDULER_CONFIG: SchedulerConfig = {algorithm: 'binpack', preemption: DEFAULT_PREEMPTION}
