// The chaos room's surface: one call per kind of run, the report and its renderers.
import {loadPlatform} from '../platform/load.js'
import {etcdMemberNames} from '../platform/plan.js'
import type {Platform} from '../platform/types.js'
import type {ChaosObserver} from './context.js'
import type {ChaosOptions, ScenarioFlags} from './options.js'
import type {ChaosReport} from './report.js'
import {runRandomChaos} from './run-random.js'
import {runScenario} from './run-scenario.js'
import {loadScenario} from './scenario-load.js'

export {parseChaosOptions, parseScenarioFlags, BOUNDS, type ChaosOptions, type RawChaosFlags, type ScenarioFlags} from './options.js'
export {renderJunit} from './render-junit.js'
export {renderReport} from './render-text.js'
export {resumeAll} from './processes.js'
export type {ChaosReport, FaultReport} from './report.js'
export type {ChaosObserver, LiveEvent} from './context.js'

export function platformComponents(p: Platform): string[] {
  return [...etcdMemberNames(p), ...p.servers.names, ...p.nodes.map((n) => n.name), ...p.proxies.instances.map((x) => x.name)]
}

/** A seeded random run over the given fault kinds. */
export function runChaos(file: string, o: ChaosOptions, observer: ChaosObserver): Promise<ChaosReport> {
  return runRandomChaos(file, o, observer)
}

/** A scenario file's steps; it is checked against the platform before anything runs. */
export async function runChaosScenario(file: string, scenarioFile: string, o: ScenarioFlags, observer: ChaosObserver): Promise<ChaosReport> {
  const platform = await loadPlatform(file)
  const sc = await loadScenario(scenarioFile, platformComponents(platform))
  const limit = Math.min(120_000, Math.max(20_000, (o.thresholds.maxRecoveryMs ?? 0) * 3))
  return runScenario(file, sc, {...o, recoveryLimitMs: limit}, observer)
}
