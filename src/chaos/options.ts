import {UserError} from '../lib/errors.js'
import {formatMs, parseMs} from './duration.js'
import {parseFaultKinds} from './kinds.js'
import type {FaultKind, Thresholds} from './types.js'

// `zdev chaos` flags as plain text in, checked and bounded options out. Every bound is stated
// in the error, so a user sees what is allowed without reading the help.

export const BOUNDS = {
  durationMs: {min: 5_000, max: 10 * 60_000},
  rate: {min: 1, max: 1000},
  concurrency: {min: 1, max: 64},
  maxRecoveryMs: {min: 100, max: 10 * 60_000},
} as const

export interface RawChaosFlags {
  duration: string
  faults: string
  seed?: number
  rate: number
  concurrency: number
  minAvailability: number
  maxRecovery: string
}

export interface ChaosOptions extends Thresholds {
  durationMs: number
  kinds: FaultKind[]
  seed: number
  rate: number
  concurrency: number
}

const bad = (field: string, message: string) => new UserError(`--${field}: ${message}`, {code: 'invalid_flag', field, exitCode: 2})

export function durationFlag(text: string, field: string, bound: {min: number; max: number}): number {
  const ms = parseMs(text)
  if (ms === undefined) throw bad(field, `"${text}" is not a duration; write it as 60s, 1m30s or 500ms`)
  if (ms < bound.min || ms > bound.max) throw bad(field, `${text} is outside the bound ${formatMs(bound.min)}..${formatMs(bound.max)}`)
  return ms
}

function intFlag(v: number, field: string, bound: {min: number; max: number}): number {
  if (!Number.isInteger(v)) throw bad(field, `${v} is not a whole number`)
  if (v < bound.min || v > bound.max) throw bad(field, `${v} is outside the bound ${bound.min}..${bound.max}`)
  return v
}

function percentFlag(v: number, field: string): number {
  if (!Number.isFinite(v) || v < 0 || v > 100) throw bad(field, `${v} is not a percentage in 0..100`)
  return v
}

export interface ScenarioFlags {
  rate: number
  concurrency: number
  thresholds: Partial<Thresholds>
}

/** A scenario's flags: load shape, and thresholds only where given (the scenario's own expects judge the rest). */
export function parseScenarioFlags(raw: {rate: number; concurrency: number; minAvailability?: number; maxRecovery?: string}): ScenarioFlags {
  return {
    rate: intFlag(raw.rate, 'rate', BOUNDS.rate),
    concurrency: intFlag(raw.concurrency, 'concurrency', BOUNDS.concurrency),
    thresholds: {
      ...(raw.minAvailability !== undefined ? {minAvailability: percentFlag(raw.minAvailability, 'min-availability')} : {}),
      ...(raw.maxRecovery !== undefined ? {maxRecoveryMs: durationFlag(raw.maxRecovery, 'max-recovery', BOUNDS.maxRecoveryMs)} : {}),
    },
  }
}

/** Validate the flags; `defaultSeed` is used when --seed is not given (the report prints it, so the run can be replayed). */
export function parseChaosOptions(raw: RawChaosFlags, defaultSeed: number): ChaosOptions {
  const seed = raw.seed ?? defaultSeed
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw bad('seed', `${seed} is not a whole number in 0..4294967295`)
  return {
    durationMs: durationFlag(raw.duration, 'duration', BOUNDS.durationMs),
    kinds: parseFaultKinds(raw.faults),
    seed,
    rate: intFlag(raw.rate, 'rate', BOUNDS.rate),
    concurrency: intFlag(raw.concurrency, 'concurrency', BOUNDS.concurrency),
    minAvailability: percentFlag(raw.minAvailability, 'min-availability'),
    maxRecoveryMs: durationFlag(raw.maxRecovery, 'max-recovery', BOUNDS.maxRecoveryMs),
  }
}
