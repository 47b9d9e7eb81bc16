// Following a deployment until it succeeds or fails (`nomad job run` after its evaluation),
// printing a line whenever its progress changes.
import type {Deployment} from '../model/index.js'
import {readClusterState} from '../store/cluster-state.js'
import {sleep} from './clock.js'
import {buildDeploymentView, renderDeploymentStatus, type DeploymentView} from './deployment-view.js'
import type {MonitorContext} from './eval-monitor.js'
import {stamp} from './eval-monitor.js'
import {shortId} from './format.js'
import {deploymentBlockedOnPromotion, groupsAwaitingPromotion} from './promotion-wait.js'

export type DeploymentOutcome =
  | {kind: 'successful'; deployment: DeploymentView}
  | {kind: 'failed'; deployment: DeploymentView}
  | {kind: 'cancelled'; deployment: DeploymentView}
  | {kind: 'timeout'; deployment: DeploymentView | null}
  | {kind: 'interrupted'; deployment: DeploymentView | null}
  | {kind: 'awaiting-promotion'; deployment: DeploymentView; groups: string[]}

/** "web 1/3 healthy (2 placed, 0 unhealthy)" per group, joined with "; ". */
export function progressLine(v: DeploymentView): string {
  const groups = v.groups.map((g) => {
    const canary = g.canaries > 0 && !g.promoted ? `, canaries ${g.placedCanaries}/${g.canaries}${g.promoted === false ? ' awaiting promotion' : ''}` : ''
    return `${g.group} ${g.healthy}/${g.desired} healthy (${g.placed} placed, ${g.unhealthy} unhealthy${canary})`
  })
  return `Deployment "${shortId(v.id)}" ${v.status}: ${groups.join('; ')}${v.description ? ` — ${v.description}` : ''}`
}

export async function monitorDeployment(ctx: MonitorContext, deploymentId: string): Promise<DeploymentOutcome> {
  ctx.say(stamp(ctx.now(), `Monitoring deployment "${shortId(deploymentId)}"`, '==> '))
  let last = ''
  let view: DeploymentView | null = null
  for (;;) {
    const st = await readClusterState(ctx.store)
    const d: Deployment | undefined = st.deployments.find((x) => x.ID === deploymentId)
    if (d) {
      view = buildDeploymentView(d, st.allocs)
      const line = progressLine(view)
      if (line !== last) ctx.say(stamp(ctx.now(), line))
      last = line
      if (d.Status === 'successful' || d.Status === 'failed' || d.Status === 'cancelled') {
        const mark = d.Status === 'successful' ? '✓' : '!'
        ctx.say(stamp(ctx.now(), `${mark} Deployment "${shortId(d.ID)}" ${d.Status}`, '==> '))
        ctx.say('')
        for (const l of renderDeploymentStatus(view)) ctx.say(`    ${l}`)
        return {kind: d.Status, deployment: view} as DeploymentOutcome
      }
      if (deploymentBlockedOnPromotion(d, st.allocs)) {
        ctx.say(stamp(ctx.now(), `Deployment "${shortId(d.ID)}" waits for manual promotion`, '==> '))
        return {kind: 'awaiting-promotion', deployment: view, groups: groupsAwaitingPromotion(d, st.allocs)}
      }
    }
    if (ctx.signal?.aborted) return {kind: 'interrupted', deployment: view}
    if (ctx.now() > ctx.deadline) return {kind: 'timeout', deployment: view}
    await sleep(ctx.pollMs, ctx.signal)
  }
}
