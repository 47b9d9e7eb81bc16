// What the executor tells the view: each step starts, then ends with ✓/✗ and its time.

export type StepPhase = 'running' | 'done' | 'failed' | 'skipped'

export interface StepEvent {
  name: string
  phase: StepPhase
  ms?: number
  detail?: string
}

export type Reporter = (e: StepEvent) => void

export const silentReporter: Reporter = () => {}
