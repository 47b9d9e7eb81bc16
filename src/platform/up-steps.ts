import path from 'node:path'
import {UserError} from '../lib/errors.js'
import {PollTimeout, pollUntil} from '../lib/poll-until.js'
import {enableKvAuth} from '../kv/enable-auth.js'
import {markKvAuthOn} from '../kv/auth-marker.js'
import type {KvCredentials} from '../kv/credentials.js'
import type {Job} from '../model/index.js'
import {readClusterState} from '../store/cluster-state.js'
import {keys, platformKeyPrefixes} from '../store/keys.js'
import type {Store} from '../store/store.js'
import {submitChangedJobs, type PlatformJobResult} from './job-ledger.js'
import {QUORUM_STEP} from './plan.js'
import {jobsHealthOf} from './platform-jobs.js'
import {mirrorClusterState} from './state-mirror.js'
import type {PlanStep} from './spec.js'
import type {Platform} from './types.js'
import {trace} from './up-trace.js'

// The steps of `up` after the processes: turn on KV authentication, confirm the nodes,
// submit the platform's jobs and wait for them. Each is a plan step like a process start.

export const AUTH_STEP = 'kv auth'

/** `marked`: the members' data dirs to note auth on in (none for container members, whose data is a volume). */
export function authStep(p: Platform, endpoints: string[], creds: KvCredentials, marked: string[]): PlanStep {
  return {
    kind: 'task',
    name: AUTH_STEP,
    after: [QUORUM_STEP],
    run: async () => {
      const r = await enableKvAuth(endpoints, {platform: platformKeyPrefixes(p.name), data: keys(p.name).data}, creds)
      markKvAuthOn(marked)
      return r === 'enabled' ? 'enabled' : 'already on'
    },
  }
}

export const nodesStepName = (p: Platform) => `nodes ready (${p.nodes.length})`

/** Every node of the file registered and ready (each said so as it started; this reads it back once). */
export function nodesStep(p: Platform, store: () => Store, after: string[]): PlanStep {
  return {
    kind: 'task',
    name: nodesStepName(p),
    after,
    run: async () => {
      let ready = 0
      try {
        await pollUntil(
          async () => {
            const st = await readClusterState(store())
            ready = st.nodes.filter((n) => n.Status === 'ready' && p.nodes.some((x) => x.name === n.Name)).length
            return ready >= p.nodes.length ? true : undefined
          },
          {timeoutMs: 30_000, intervalMs: 100},
        )
      } catch (err) {
        if (!(err instanceof PollTimeout)) throw err
        throw new UserError(`Only ${ready} of ${p.nodes.length} nodes registered within 30 s.`, {code: 'nodes_not_ready', hint: `see the node logs in ${path.join(p.stateDir, 'logs')}.`})
      }
      return 'registered'
    },
  }
}

export const jobsStepName = (jobs: Job[]) => `jobs (${jobs.map((j) => j.ID).join(', ')})`

/** Submit the jobs whose file changed since the last `up`; the results land in `out`. */
export function submitStep(p: Platform, jobs: Job[], store: () => Store, after: string[], out: PlatformJobResult[]): PlanStep {
  return {
    kind: 'task',
    name: jobsStepName(jobs),
    after,
    run: async () => {
      out.push(...(await submitChangedJobs(store(), jobs, p.stateDir)))
      const n = out.filter((j) => j.submitted).length
      return n === out.length ? 'submitted' : `${n} submitted, ${out.length - n} unchanged`
    },
  }
}

/** Every service job has its count running and healthy: checked again on each KV change, against a copy of the state a watch keeps current (src/platform/state-mirror.ts). */
export function jobsRunningStep(jobs: Job[], store: () => Store, timeoutMs: number): PlanStep {
  return {
    kind: 'task',
    name: 'jobs running',
    after: [jobsStepName(jobs)],
    run: async () => {
      let last = ''
      const mirror = await mirrorClusterState(store())
      try {
        await pollUntil(
          async () => {
            const h = jobsHealthOf(await mirror.state(), jobs)
            if (h.line !== last) trace(`jobs: ${h.line}${h.ready ? ' (ready)' : ''}`)
            last = h.line
            return h.ready ? true : undefined
          },
          {timeoutMs, intervalMs: 1000, wake: (again) => mirror.onChange(again)},
        )
      } catch (err) {
        if (!(err instanceof PollTimeout)) throw err
        throw new UserError(`The platform's jobs were not all running and healthy within ${Math.round(timeoutMs / 1000)} s (${last}).`, {code: 'jobs_not_ready', hint: 'see `zdev job status` and `zdev logs <job>`; the platform stays up.'})
      } finally {
        await mirror.close().catch(() => undefined)
      }
      return last
    },
  }
}
