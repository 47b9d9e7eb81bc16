import path from 'node:path'
import type {Node} from 'yaml'
import {suggestNearest} from '../platform/suggest.js'
import {join, type YamlReader} from '../platform/yaml-reader.js'
import {parseMs} from './duration.js'
import {LEADER_ALIASES, STEP_ACTIONS, type Expectation, type ScenarioStep, type StepAction} from './scenario-types.js'

export interface ScenarioContext {
  /** Every component of the platform (etcd-1, server-1, node-2, proxy-1 …). */
  components: readonly string[]
  /** Folder of the scenario file: `run:` paths resolve from here. */
  dir: string
  exists(file: string): boolean
}

export const STEP_KEYS = ['at', ...STEP_ACTIONS, 'for', 'vars'] as const
const MAX_AT_MS = 10 * 60_000
const MAX_PAUSE_MS = 60_000

/** One `steps[i]` entry, or undefined after recording its errors in `r`. */
export function readStep(r: YamlReader, node: Node, i: number, ctx: ScenarioContext, line: number): ScenarioStep | undefined {
  const field = join('steps', i)
  const m = r.map(node, field, STEP_KEYS)
  if (!m) return undefined
  const actions = STEP_ACTIONS.filter((a) => m.has(a))
  if (actions.length !== 1) {
    r.fail(node, field, actions.length === 0 ? `a step needs one action: ${STEP_ACTIONS.join(', ')}` : `a step has one action, this one has ${actions.join(' and ')}; split it into two steps`)
    return undefined
  }
  const action = actions[0]!
  const atMs = readDuration(r, m.get('at'), join(field, 'at'), m.has('at'), node, {min: 0, max: MAX_AT_MS})
  const step: ScenarioStep = {index: i + 1, line, atMs: atMs ?? 0, action}
  const value = m.get(action)
  const f = join(field, action)
  if (action === 'expect') step.expect = readExpect(r, value, f)
  else if (action === 'run') {
    const p = r.str(value, f)
    if (p !== undefined) {
      step.file = path.resolve(ctx.dir, p)
      if (!ctx.exists(step.file)) r.fail(value, f, `job file ${p} not found (looked for ${step.file})`)
    }
    if (m.has('vars')) step.vars = r.dict(m.get('vars'), join(field, 'vars'))
  } else {
    let text = r.str(value, f)
    if (text !== undefined && action === 'pause') {
      const inline = /^(\S+)\s+for\s+(\S+)$/.exec(text.trim())
      const forNode = m.get('for')
      if (inline && m.has('for')) r.fail(forNode, join(field, 'for'), 'the pause length is given twice (in "pause" and in "for")')
      const len = inline ? inline[2]! : m.has('for') ? r.str(forNode, join(field, 'for')) : undefined
      if (len === undefined && !inline && !m.has('for')) r.fail(value, f, `how long? write "pause: ${text} for 3s"`)
      else if (len !== undefined) {
        const ms = parseMs(len)
        if (ms === undefined || ms <= 0 || ms > MAX_PAUSE_MS) r.fail(inline ? value : forNode, inline ? f : join(field, 'for'), `"${len}" is not a pause length in 1ms..60s (write 3s or 500ms)`)
        else step.pauseMs = ms
      }
      if (inline) text = inline[1]!
    }
    if (text !== undefined) step.target = checkTarget(r, value, f, text.trim(), action, ctx)
  }
  if (action !== 'pause' && m.has('for')) r.fail(m.get('for'), join(field, 'for'), '"for" belongs to a pause step')
  if (action !== 'run' && m.has('vars')) r.fail(m.get('vars'), join(field, 'vars'), '"vars" belongs to a run step')
  return atMs === undefined ? undefined : step
}

function checkTarget(r: YamlReader, node: Node | null | undefined, field: string, name: string, action: StepAction, ctx: ScenarioContext): string | undefined {
  if (name.startsWith('task:')) {
    if (action !== 'kill') return r.fail(node, field, `only "kill" takes a task (${action} acts on platform components)`)
    if (!/^task:[A-Za-z0-9_.-]+$/.test(name)) return r.fail(node, field, `"${name}" names no job; write task:<job id>, e.g. task:whoami`)
    return name
  }
  if ((LEADER_ALIASES as readonly string[]).includes(name)) {
    if (action === 'start') return r.fail(node, field, `"start" needs a component name; ${name} is whoever leads at the time`)
    return name
  }
  if (ctx.components.includes(name)) return name
  const all = [...ctx.components, ...LEADER_ALIASES]
  const near = suggestNearest(name, all)
  return r.fail(node, field, `no component named "${name}" in the platform${near ? `; did you mean "${near}"?` : ''} (components: ${ctx.components.join(', ')}; also ${LEADER_ALIASES.join(', ')}${action === 'kill' ? ', task:<job>' : ''})`)
}

function readDuration(r: YamlReader, node: Node | null | undefined, field: string, present: boolean, parent: Node, bound: {min: number; max: number}): number | undefined {
  if (!present) return r.fail(parent, field, 'missing; say when the step runs, e.g. "at: 10s"')
  const text = r.text(node, field)
  if (text === undefined) return undefined
  const ms = parseMs(text)
  if (ms === undefined) return r.fail(node, field, `"${text}" is not a duration; write it as 10s, 1m30s or 500ms`)
  if (ms < bound.min || ms > bound.max) return r.fail(node, field, `${text} is outside the bound 0s..10m`)
  return ms
}

const EXPECT_KEYS = ['failed_requests', 'min_availability', 'max_recovery'] as const

function readExpect(r: YamlReader, node: Node | null | undefined, field: string): Expectation | undefined {
  const m = r.map(node, field, EXPECT_KEYS)
  if (!m) return undefined
  if ((node as {items?: unknown[]}).items?.length === 0) return r.fail(node, field, `expect what? use ${EXPECT_KEYS.join(', ')}`)
  const e: Expectation = {}
  if (m.has('failed_requests')) e.failedRequests = r.int(m.get('failed_requests'), join(field, 'failed_requests'), {min: 0})
  if (m.has('min_availability')) {
    const n = m.get('min_availability')
    const v = (n as {value?: unknown} | null)?.value
    if (typeof v !== 'number' || v < 0 || v > 100) r.fail(n, join(field, 'min_availability'), 'expected a percentage in 0..100')
    else e.minAvailability = v
  }
  if (m.has('max_recovery')) {
    const text = r.text(m.get('max_recovery'), join(field, 'max_recovery'))
    const ms = text === undefined ? undefined : parseMs(text)
    if (text !== undefined && ms === undefined) r.fail(m.get('max_recovery'), join(field, 'max_recovery'), `"${text}" is not a duration; write it as 5s or 500ms`)
    else e.maxRecoveryMs = ms
  }
  return e
}
