// Follow an evaluation and then the deployment it started through the API, with blocking
// queries (each wakes when the object changes), like `nomad job run` does.
import type {AllocMetric} from '../model/index.js'
import {NomadHttpError, type NomadClient} from './nomad-client.js'

export type MonitorOutcome = 'complete' | 'deployment-successful' | 'deployment-failed' | 'awaiting-promotion' | 'placement-failed' | 'eval-failed' | 'timeout'

interface EvalView {ID: string; Status: string; StatusDescription: string; FailedTGAllocs: Record<string, AllocMetric> | null}
interface DeploymentView {ID: string; JobVersion: number; Status: string; StatusDescription: string; TaskGroups: Record<string, {DesiredCanaries: number; Promoted: boolean; HealthyAllocs: number; DesiredTotal: number; PlacedCanaries: string[] | null}>}

export interface MonitorResult {
  outcome: MonitorOutcome
  deploymentId: string | null
  failures: Record<string, AllocMetric> | null
  message: string | null
}

const enc = encodeURIComponent

async function waitFor<T>(c: NomadClient, what: string, path: string, done: (x: T) => boolean, deadline: number, now: () => number): Promise<T | null> {
  let index = 0
  for (;;) {
    const left = deadline - now()
    if (left <= 0) return null
    const wait = Math.max(1, Math.min(5000, left))
    const r = await c.request<T>(what, 'GET', path, {query: index ? {index: String(index), wait: `${wait}ms`} : {}, timeoutMs: wait + 10_000})
    if (r && done(r.body)) return r.body
    if (r) index = r.index
  }
}

export async function monitorRegistration(c: NomadClient, jobId: string, evalId: string, version: number, opts: {timeoutMs: number; now?: () => number; say: (s: string) => void}): Promise<MonitorResult> {
  const now = opts.now ?? Date.now
  const deadline = now() + opts.timeoutMs
  const none = {deploymentId: null, failures: null, message: null}
  opts.say(`==> Monitoring evaluation "${evalId.slice(0, 8)}"`)
  const ev = await waitFor<EvalView>(c, 'read the evaluation', `/v1/evaluation/${enc(evalId)}`, (e) => e.Status !== 'pending', deadline, now)
  if (!ev) return {...none, outcome: 'timeout', message: `evaluation ${evalId.slice(0, 8)} still pending`}
  opts.say(`    Evaluation status changed: "${ev.Status}"`)
  if (ev.Status === 'failed' || ev.Status === 'canceled') return {...none, outcome: 'eval-failed', message: ev.StatusDescription || ev.Status}
  if (ev.Status === 'blocked' || (ev.FailedTGAllocs && Object.keys(ev.FailedTGAllocs).length)) return {...none, outcome: 'placement-failed', failures: ev.FailedTGAllocs}
  let dep: DeploymentView | null = null
  try {
    dep = (await c.request<DeploymentView | null>('read the deployment', 'GET', `/v1/job/${enc(jobId)}/deployment`, {allow404: true}))?.body ?? null
  } catch (err) {
    if (!(err instanceof NomadHttpError)) throw err
  }
  if (!dep || dep.JobVersion !== version) {
    opts.say('    Evaluation complete; no deployment to follow')
    return {...none, outcome: 'complete'}
  }
  opts.say(`==> Monitoring deployment "${dep.ID.slice(0, 8)}"`)
  const awaiting = (d: DeploymentView) => d.Status === 'running' && Object.values(d.TaskGroups).some((g) => g.DesiredCanaries > 0 && !g.Promoted && (g.PlacedCanaries?.length ?? 0) >= g.DesiredCanaries && g.HealthyAllocs >= g.DesiredCanaries)
  const end = await waitFor<DeploymentView>(c, 'read the deployment', `/v1/deployment/${enc(dep.ID)}`, (d) => !['running', 'pending', 'initializing'].includes(d.Status) || awaiting(d), deadline, now)
  if (!end) return {...none, deploymentId: dep.ID, outcome: 'timeout', message: `deployment ${dep.ID.slice(0, 8)} still running`}
  opts.say(`    Deployment "${end.ID.slice(0, 8)}" ${end.Status === 'running' ? 'waits for its canaries to be promoted' : end.Status}: ${end.StatusDescription}`)
  if (end.Status === 'successful') return {...none, deploymentId: end.ID, outcome: 'deployment-successful'}
  if (awaiting(end)) return {...none, deploymentId: end.ID, outcome: 'awaiting-promotion'}
  return {...none, deploymentId: end.ID, outcome: 'deployment-failed', message: end.StatusDescription}
}
