// Text for `zdev job status ID`, shaped like `nomad job status`.
import {explainFailedGroups} from './explain.js'
import {formatAgo, formatKv, formatTable, formatTime, shortId} from './format.js'
import {renderDeployedTable} from './deployment-view.js'
import type {JobStatusView} from './job-status.js'

export function renderJobStatus(v: JobStatusView, now: number): string[] {
  const out = formatKv([
    ['ID', v.id],
    ['Name', v.name],
    ['Submit Date', formatTime(v.submitTime)],
    ['Type', v.type],
    ['Priority', v.priority],
    ['Datacenters', v.datacenters.join(',')],
    ['Namespace', v.namespace],
    ['Node Pool', v.nodePool],
    ['Status', v.status + (v.stop ? ' (stopped)' : '')],
    ['Version', v.version],
    ['Periodic', String(v.periodic)],
    ['Parameterized', String(v.parameterized)],
    ...(v.parentId ? ([['Parent ID', v.parentId]] as [string, string][]) : []),
  ])
  if (v.periodic || v.parameterized) {
    const count = (s: string) => v.children.filter((c) => c.status === s).length
    out.push('', 'Children Job Summary', ...formatTable(['Pending', 'Running', 'Dead'], [[count('pending'), count('running'), count('dead')]]))
    out.push('', 'Previously Launched Jobs')
    out.push(...(v.children.length ? formatTable(['ID', 'Status', 'Submit Date'], v.children.map((c) => [c.id, c.status, formatTime(c.submitTime)])) : ['No launched jobs']))
    return out
  }
  out.push('', 'Summary')
  out.push(...formatTable(
    ['Task Group', 'Desired', 'Placed', 'Queued', 'Starting', 'Running', 'Failed', 'Complete', 'Lost'],
    v.groups.map((g) => [g.group, g.desired, g.placed, g.queued, g.starting, g.running, g.failed, g.complete, g.lost]),
  ))
  if (v.placementFailures) out.push('', 'Placement Failure', ...explainFailedGroups(v.placementFailures))
  if (v.latestDeployment) {
    const d = v.latestDeployment
    out.push('', 'Latest Deployment', ...formatKv([['ID', shortId(d.id)], ['Job Version', d.jobVersion], ['Status', d.status], ['Description', d.description || '<none>']]))
    out.push('', 'Deployed', ...renderDeployedTable(d))
  }
  out.push('', 'Allocations')
  if (v.allocations.length === 0) out.push('No allocations placed')
  else {
    out.push(...formatTable(
      ['ID', 'Node', 'Task Group', 'Version', 'Desired', 'Status', 'Health', 'Created', 'Modified'],
      v.allocations.map((a) => [shortId(a.id), a.nodeName, a.group, a.version, a.desired, a.status, a.healthy === null ? '-' : a.healthy ? 'healthy' : 'unhealthy', formatAgo(a.createTime, now), formatAgo(a.modifyTime, now)]),
    ))
  }
  return out
}
