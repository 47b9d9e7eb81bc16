import type {ComponentState} from '../platform/state.js'
import type {Platform} from '../platform/types.js'
import type {Store} from '../store/store.js'
import type {HealthView} from './health.js'
import type {LoadTarget} from './targets.js'
import type {FaultEvent} from './types.js'

/** What a chaos run works with: the cluster, its load targets, and where live events go. */
export interface ChaosContext {
  file: string
  platform: Platform
  store: Store
  etcd: ComponentState[]
  targets: LoadTarget[]
  observer: ChaosObserver
}

export type LivePhase = 'injected' | 'detected' | 'recovered' | 'gave-up' | 'failed' | 'done'

export type LiveEvent =
  | {type: 'start'; mode: 'random' | 'scenario'; title: string; durationMs: number; targets: number; at: number}
  | {type: 'fault'; phase: LivePhase; event: FaultEvent; detail?: string; at: number}
  | {type: 'load'; at: number; windowOk: number; windowFailed: number; totalOk: number; totalFailed: number; p50Ms: number | null; p99Ms: number | null}
  | {type: 'note'; at: number; text: string}

export interface ChaosObserver {
  onEvent(e: LiveEvent): void
}

export type HealthReader = () => Promise<HealthView>
