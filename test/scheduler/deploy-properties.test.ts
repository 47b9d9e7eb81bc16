// Property: whatever users and clients do (new versions, health reports, promote, fail,
// auto-promote/revert), a job never has more than count + canaries allocations running.
import fc from 'fast-check'
import {expect, test} from 'vitest'
import {deploymentDecision} from '../../src/scheduler/index.js'
import {Harness} from './harness.js'
import {makeJob, makeNodes, makeTask, updateStrategy} from './fixtures.js'

const action = fc.oneof(
  fc.record({kind: fc.constant('version' as const), env: fc.integer({min: 0, max: 3}), count: fc.integer({min: 1, max: 5})}),
  fc.record({kind: fc.constant('health' as const), healthy: fc.boolean(), share: fc.double({min: 0, max: 1, noNaN: true})}),
  fc.record({kind: fc.constantFrom('promote' as const, 'fail' as const, 'watch' as const, 'eval' as const, 'eval' as const)}),
)

const setup = fc.record({
  canary: fc.integer({min: 0, max: 2}),
  maxParallel: fc.integer({min: 1, max: 3}),
  autoPromote: fc.boolean(),
  autoRevert: fc.boolean(),
})

test('no deployment ever runs more than count + canaries allocations', () => {
  fc.assert(
    fc.property(setup, fc.array(action, {minLength: 1, maxLength: 25}), (s, actions) => {
      const h = new Harness(makeNodes(6))
      const update = updateStrategy({Canary: s.canary, MaxParallel: s.maxParallel, AutoPromote: s.autoPromote, AutoRevert: s.autoRevert})
      const register = (env: number, count: number) => h.register(makeJob({}, [{Count: count, Update: update, Tasks: [makeTask({Env: {V: String(env)}})]}]))
      register(0, 3)
      h.process('example')
      const check = () => {
        const job = h.snap.jobs.example!
        const limit = job.TaskGroups[0]!.Count + s.canary
        expect(h.live('example').length).toBeLessThanOrEqual(limit)
      }
      check()
      for (const a of actions) {
        const running = h.snap.deployments.filter((d) => d.Status === 'running')
        if (a.kind === 'version') register(a.env, a.count)
        else if (a.kind === 'health') {
          const pending = h.live('example').filter((x) => x.DeploymentStatus?.Healthy == null)
          const ids = new Set(pending.slice(0, Math.ceil(pending.length * a.share)).map((x) => x.ID))
          h.markHealthy((x) => ids.has(x.ID), a.healthy)
        } else if (a.kind === 'promote' || a.kind === 'fail') {
          for (const d of running)
            h.patchDeployment(d.ID, (x) =>
              a.kind === 'fail'
                ? {...x, Status: 'failed'}
                : {...x, TaskGroups: Object.fromEntries(Object.entries(x.TaskGroups).map(([k, t]) => [k, {...t, Promoted: true}]))},
            )
        } else if (a.kind === 'watch') {
          for (const d of running) {
            const dec = deploymentDecision(d, h.snap.jobs.example!, h.snap.allocs, h.now)
            h.patchDeployment(d.ID, (x) => ({...x, Status: dec.status, TaskGroups: Object.fromEntries(Object.entries(x.TaskGroups).map(([k, t]) => [k, {...t, Promoted: t.Promoted || dec.promote.includes(k)}]))}))
          }
        }
        // the servers evaluate after every change
        h.process('example')
        h.setClient((x) => x.ClientStatus === 'pending' && x.DesiredStatus === 'run', 'running')
        check()
      }
    }),
    {numRuns: 200},
  )
})
