import {describe, expect, test} from 'vitest'
import {progressLine} from '../../src/cluster/deployment-monitor.js'
import {buildDeploymentView} from '../../src/cluster/deployment-view.js'
import {describeFinishedEval} from '../../src/cluster/eval-monitor.js'
import {T0, deployment, metric, sampleState} from './fixtures.js'

describe('job run monitor lines', () => {
  test('a finished evaluation lists the allocations it created and its deployment', () => {
    const st = sampleState()
    const ev = {...st.evals[0]!, ID: 'eval-web-0', Status: 'complete' as const}
    expect(describeFinishedEval(ev, st, T0)).toEqual([
      '    2026-11-23T09:00:00Z: Allocation "a1111111" created: node "node-1", group "web"',
      '    2026-11-23T09:00:00Z: Allocation "a2222222" created: node "node-2", group "web"',
      '    2026-11-23T09:00:00Z: Allocation "a3333333" created: node "node-2", group "web"',
      '    2026-11-23T09:00:00Z: Evaluation within deployment: "dep-1111"',
      '    2026-11-23T09:00:00Z: Evaluation status changed: "pending" -> "complete"',
      '==> 2026-11-23T09:00:00Z: Evaluation "eval-web" finished with status "complete"',
    ])
  })

  test('a blocked evaluation explains the placement failure', () => {
    const st = sampleState()
    const ev = {...st.evals[1]!, FailedTGAllocs: {g: metric({NodesFiltered: 3, ConstraintFiltered: {'missing drivers': 3}, DriversMissing: {docker: 3}})}}
    expect(describeFinishedEval(ev, st, T0)).toEqual([
      '    2026-11-23T09:00:00Z: Evaluation status changed: "pending" -> "blocked"',
      '==> 2026-11-23T09:00:00Z: Evaluation "eval-doc" finished with status "complete" but failed to place all allocations:',
      '    Task Group "g" (failed to place 1 allocation):',
      '      * Constraint "missing drivers": 3 nodes excluded by filter (docker)',
      '    Evaluation "eval-doc" waiting for additional capacity to place remainder (1 allocation)',
    ])
  })

  test.each([
    ['rolling', deployment(), 'Deployment "dep-1111" running: web 1/3 healthy (2 placed, 0 unhealthy) — Deployment is running'],
    [
      'canary awaiting promotion',
      deployment({StatusDescription: '', TaskGroups: {web: {...deployment().TaskGroups.web!, DesiredCanaries: 1, PlacedCanaries: ['c1'], Promoted: false}}}),
      'Deployment "dep-1111" running: web 1/3 healthy (2 placed, 0 unhealthy, canaries 1/1 awaiting promotion)',
    ],
  ])('progress line: %s', (_d, d, want) => {
    expect(progressLine(buildDeploymentView(d))).toBe(want)
  })
})
