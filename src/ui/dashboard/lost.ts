// When the dashboard calls an allocation lost, and why. Pure.
import {isTerminal, type Allocation} from '../../model/allocation.js'
import {shortId} from './format.js'
import type {DashboardSnapshot} from './types.js'

/**
 * Pure: an allocation whose node is down is lost, whatever its node last wrote (the node is not
 * there to say otherwise): as the leader marks it, or before it has. Null when it is not lost.
 */
export function lostReason(a: Allocation, nodes: DashboardSnapshot['nodes']): string | null {
  const node = nodes.find((n) => n.ID === a.NodeID)
  const nodeDown = !node || node.Status === 'down'
  if (a.ClientStatus !== 'lost' && (isTerminal(a) || !nodeDown)) return null
  const why = nodeDown ? `node ${a.NodeName} down` : a.ClientDescription || `node ${a.NodeName} ${node.Status}`
  if (a.NextAllocation) return `${why}; replaced by ${shortId(a.NextAllocation)}`
  return a.ClientStatus === 'lost' ? why : `${why}; awaiting a replacement`
}
