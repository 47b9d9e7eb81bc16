import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {parseScenario} from '../../src/chaos/scenario-load.js'
import type {ScenarioContext} from '../../src/chaos/scenario-step.js'

const components = ['etcd-1', 'etcd-2', 'etcd-3', 'server-1', 'server-2', 'node-1', 'node-2', 'proxy-1']
const ctx: ScenarioContext = {components, dir: '/s', exists: (f) => f === '/jobs/web.nomad.hcl'}
const parse = (text: string) => parseScenario(text, 'x.yaml', ctx)
const err = (text: string) => {
  try {
    parse(text)
  } catch (e) {
    return (e as Error).message
  }
  return 'no error'
}

describe('scenario files', () => {
  test('every step kind, with lines, targets and times', () => {
    const s = parse(`name: workshop
steps:
  - at: 1s
    stop: node-2
  - at: 2s
    pause: proxy-1 for 3s
  - at: 2.5s
    pause: server-2
    for: 500ms
  - at: 3s
    kill: etcd-leader
  - at: 4s
    kill: task:web
  - at: 5s
    run: ../jobs/web.nomad.hcl
    vars: {version: v2}
  - at: 6s
    start: node-2
  - at: 10s
    expect: {failed_requests: 0, min_availability: 99.5, max_recovery: 5s}
`)
    expect(s.name).toBe('workshop')
    expect(s.durationMs).toBe(13_000)
    expect(s.steps).toEqual([
      {index: 1, line: 3, atMs: 1000, action: 'stop', target: 'node-2'},
      {index: 2, line: 5, atMs: 2000, action: 'pause', target: 'proxy-1', pauseMs: 3000},
      {index: 3, line: 7, atMs: 2500, action: 'pause', target: 'server-2', pauseMs: 500},
      {index: 4, line: 10, atMs: 3000, action: 'kill', target: 'etcd-leader'},
      {index: 5, line: 12, atMs: 4000, action: 'kill', target: 'task:web'},
      {index: 6, line: 14, atMs: 5000, action: 'run', file: '/jobs/web.nomad.hcl', vars: {version: 'v2'}},
      {index: 7, line: 17, atMs: 6000, action: 'start', target: 'node-2'},
      {index: 8, line: 19, atMs: 10_000, action: 'expect', expect: {failedRequests: 0, minAvailability: 99.5, maxRecoveryMs: 5000}},
    ])
  })

  test.each([
    ['a component the platform does not have', 'steps:\n  - at: 1s\n    stop: node-7\n', 'x.yaml:3:11: steps[0].stop: no component named "node-7" in the platform; did you mean "node-1"? (components: etcd-1, etcd-2, etcd-3, server-1, server-2, node-1, node-2, proxy-1; also etcd-leader, server-leader)'],
    ['an unknown step key', 'steps:\n  - at: 1s\n    stpo: node-1\n', 'x.yaml: 2 problems\n  * x.yaml:3:5: steps[0].stpo: unknown key "stpo"; did you mean "stop"?\n  * x.yaml:2:5: steps[0]: a step needs one action: stop, start, kill, pause, run, expect'],
    ['two actions in one step', 'steps:\n  - at: 1s\n    stop: node-1\n    kill: node-2\n', 'x.yaml:2:5: steps[0]: a step has one action, this one has stop and kill; split it into two steps'],
    ['a missing time', 'steps:\n  - stop: node-1\n', 'x.yaml:2:5: steps[0].at: missing; say when the step runs, e.g. "at: 10s"'],
    ['a time over the bound', 'steps:\n  - at: 11m\n    stop: node-1\n', 'x.yaml:2:9: steps[0].at: 11m is outside the bound 0s..10m'],
    ['a time that is no duration', 'steps:\n  - at: ten\n    stop: node-1\n', 'x.yaml:2:9: steps[0].at: "ten" is not a duration; write it as 10s, 1m30s or 500ms'],
    ['steps out of order', 'steps:\n  - at: 5s\n    stop: node-1\n  - at: 2s\n    start: node-1\n', 'x.yaml:4:5: steps[1].at: steps run in order: this step is at 2000 ms, before step 1 (5000 ms)'],
    ['a pause without a length', 'steps:\n  - at: 1s\n    pause: proxy-1\n', 'x.yaml:3:12: steps[0].pause: how long? write "pause: proxy-1 for 3s"'],
    ['a pause too long', 'steps:\n  - at: 1s\n    pause: proxy-1 for 2m\n', 'x.yaml:3:12: steps[0].pause: "2m" is not a pause length in 1ms..60s (write 3s or 500ms)'],
    ['a missing job file', 'steps:\n  - at: 1s\n    run: nope.hcl\n', 'x.yaml:3:10: steps[0].run: job file nope.hcl not found (looked for /s/nope.hcl)'],
    ['start of a leader alias', 'steps:\n  - at: 1s\n    start: etcd-leader\n', 'x.yaml:3:12: steps[0].start: "start" needs a component name; etcd-leader is whoever leads at the time'],
    ['a task stopped instead of killed', 'steps:\n  - at: 1s\n    stop: task:web\n', 'x.yaml:3:11: steps[0].stop: only "kill" takes a task (stop acts on platform components)'],
    ['an unknown expectation', 'steps:\n  - at: 1s\n    expect: {failed: 0}\n', 'x.yaml:3:14: steps[0].expect.failed: unknown key "failed"; did you mean "failed_requests"?'],
    ['an empty expectation', 'steps:\n  - at: 1s\n    expect: {}\n', 'x.yaml:3:13: steps[0].expect: expect what? use failed_requests, min_availability, max_recovery'],
    ['a negative failure count', 'steps:\n  - at: 1s\n    expect: {failed_requests: -1}\n', 'x.yaml:3:31: steps[0].expect.failed_requests: -1 is below the minimum 0'],
    ['no steps', 'name: x\n', 'x.yaml:1:1: steps: missing; a scenario is a list of timed steps, e.g. "- at: 10s\\n  stop: node-2"'],
    ['an empty file', '', 'x.yaml:1:1: the scenario is empty; it needs "steps:", a list of timed steps (see fixtures/scenarios/)'],
    ['broken YAML', 'steps: [\n', 'x.yaml:2:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ])('%s is refused with file:line:col and field', (_d, text, message) => {
    expect(err(text)).toBe(message)
  })

  test('errors carry the location as data', () => {
    try {
      parse('steps:\n  - at: 1s\n    kill: proxy-9\n')
      expect.unreachable()
    } catch (e) {
      expect((e as {toJSON(): unknown}).toJSON()).toMatchObject({code: 'invalid_scenario', file: 'x.yaml', line: 3, field: 'steps[0].kill'})
    }
  })

  test('property: any ordered list of stop/start steps on known components loads with its lines', () => {
    const step = fc.record({dt: fc.integer({min: 0, max: 5000}), action: fc.constantFrom('stop', 'start', 'kill'), target: fc.constantFrom(...components)})
    fc.assert(fc.property(fc.array(step, {minLength: 1, maxLength: 20}), (steps) => {
      let at = 0
      const text = 'steps:\n' + steps.map((s) => `  - at: ${(at += s.dt)}ms\n    ${s.action}: ${s.target}\n`).join('')
      const sc = parse(text)
      expect(sc.steps.map((s) => [s.action, s.target, s.line])).toEqual(steps.map((s, i) => [s.action, s.target, 2 + 2 * i]))
      expect(sc.durationMs).toBe(at + 3000)
    }))
  })

  test('property: a name not among the components is refused, naming its line', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/).filter((n) => !components.includes(n) && n !== 'etcd-leader' && n !== 'server-leader'), fc.integer({min: 0, max: 5}), (name, pad) => {
      const text = '\n'.repeat(pad) + `steps:\n  - at: 1s\n    stop: ${name}\n`
      expect(err(text)).toMatch(new RegExp(`^x\\.yaml:${pad + 3}:11: steps\\[0\\]\\.stop: no component named "${name}"`))
    }))
  })
})
