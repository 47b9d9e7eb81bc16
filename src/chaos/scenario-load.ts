import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {LineCounter, parseDocument, type Node} from 'yaml'
import {UserError, UserErrors} from '../lib/errors.js'
import {checkYamlBounds} from '../platform/yaml-bounds.js'
import {isNullish, join, YamlReader} from '../platform/yaml-reader.js'
import {parseMs} from './duration.js'
import {readStep, type ScenarioContext} from './scenario-step.js'
import type {Scenario, ScenarioStep} from './scenario-types.js'

// Scenario files: YAML read through its syntax tree so every complaint names file:line:col and
// the field, and a step naming a component the platform does not have is refused before anything
// runs. Errors are collected and reported together.

const TOP_KEYS = ['name', 'duration', 'steps'] as const
/** Time the load keeps running after the last step when no duration is given. */
export const SCENARIO_TAIL_MS = 3000
const MAX_DURATION_MS = 10 * 60_000

export async function loadScenario(file: string, components: readonly string[]): Promise<Scenario> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new UserError(`scenario file ${file} cannot be read: ${(err as Error).message}`, {code: 'no_scenario', file, hint: 'see fixtures/scenarios/ for examples'})
  }
  return parseScenario(text, file, {components, dir: path.dirname(path.resolve(file)), exists: existsSync})
}

export function parseScenario(text: string, display: string, ctx: ScenarioContext): Scenario {
  const bounds = checkYamlBounds(text, display)
  if (bounds) throw bounds
  const lc = new LineCounter()
  const doc = parseDocument(text, {lineCounter: lc, prettyErrors: false, uniqueKeys: true})
  if (doc.errors.length > 0) {
    throw collect(display, doc.errors.map((e) => {
      const {line, col} = lc.linePos(e.pos[0])
      return new UserError(`${display}:${line}:${col}: invalid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, {code: 'invalid_scenario', file: display, line, column: col})
    }))
  }
  const r = new YamlReader(display, lc)
  const root = doc.contents as Node | null
  if (isNullish(root)) throw new UserError(`${display}:1:1: the scenario is empty; it needs "steps:", a list of timed steps (see fixtures/scenarios/)`, {code: 'invalid_scenario', file: display, line: 1, column: 1})
  const top = r.map(root, '', TOP_KEYS)
  if (!top) throw collect(display, r.errors)
  const name = top.has('name') ? (r.str(top.get('name'), 'name') ?? '') : path.basename(display).replace(/\.ya?ml$/, '')
  const steps: ScenarioStep[] = []
  if (!top.has('steps')) r.fail(root, 'steps', 'missing; a scenario is a list of timed steps, e.g. "- at: 10s\\n  stop: node-2"')
  else {
    const items = r.list(top.get('steps'), 'steps') ?? []
    if (items.length === 0 && r.errors.length === 0) r.fail(top.get('steps'), 'steps', 'the list is empty')
    items.forEach((node, i) => {
      const line = lc.linePos(node?.range?.[0] ?? 0).line
      const s = readStep(r, node, i, ctx, line)
      if (!s) return
      const prev = steps.at(-1)
      if (prev && s.atMs < prev.atMs) r.fail(node, join(join('steps', i), 'at'), `steps run in order: this step is at ${s.atMs} ms, before step ${prev.index} (${prev.atMs} ms)`)
      steps.push(s)
    })
  }
  let durationMs = (steps.at(-1)?.atMs ?? 0) + (steps.at(-1)?.pauseMs ?? 0) + SCENARIO_TAIL_MS
  if (top.has('duration')) {
    const n = top.get('duration')
    const t = r.text(n, 'duration')
    const ms = t === undefined ? undefined : parseMs(t)
    if (t !== undefined && (ms === undefined || ms <= 0 || ms > MAX_DURATION_MS)) r.fail(n, 'duration', `"${t}" is not a duration in 1ms..10m (write 30s or 2m)`)
    else if (ms !== undefined) {
      if (ms < (steps.at(-1)?.atMs ?? 0)) r.fail(n, 'duration', `${t} ends before the last step (at ${steps.at(-1)!.atMs} ms)`)
      durationMs = ms
    }
  }
  if (r.errors.length > 0) throw collect(display, r.errors)
  return {file: display, name, durationMs, steps}
}

function collect(display: string, errors: UserError[]): UserError {
  const errs = errors.map((e) => new UserError(e.message, {...e.location, code: 'invalid_scenario', hint: e.hint}))
  if (errs.length === 1) return errs[0]!
  return new UserErrors(`${display}: ${errs.length} problems`, errs, {code: 'invalid_scenario'})
}
