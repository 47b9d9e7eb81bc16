// The read side of the cluster commands: one cluster state read, one pure view.
import {readClusterState} from '../store/cluster-state.js'
import type {Store} from '../store/store.js'
import {buildAllocStatus, type AllocStatusView} from './alloc-status.js'
import {buildDeploymentList, buildDeploymentView, type DeploymentListRow, type DeploymentView} from './deployment-view.js'
import {buildJobList, type JobListRow} from './job-list.js'
import {buildJobStatus, type JobStatusView} from './job-status.js'
import {buildNodeList, type NodeListRow} from './node-list.js'
import {findDeployment, findJob} from './resolve.js'

export async function readJobList(store: Store): Promise<JobListRow[]> {
  return buildJobList(await readClusterState(store))
}

export async function readJobStatus(store: Store, ref: string): Promise<JobStatusView> {
  return buildJobStatus(await readClusterState(store), ref)
}

export async function readAllocStatus(store: Store, ref: string): Promise<AllocStatusView> {
  return buildAllocStatus(await readClusterState(store), ref)
}

export async function readNodeList(store: Store): Promise<NodeListRow[]> {
  return buildNodeList(await readClusterState(store))
}

export async function readDeploymentList(store: Store, jobRef?: string): Promise<DeploymentListRow[]> {
  const st = await readClusterState(store)
  return buildDeploymentList(st, jobRef ? findJob(st, jobRef).ID : undefined)
}

export async function readDeploymentStatus(store: Store, ref: string): Promise<DeploymentView> {
  const st = await readClusterState(store)
  return buildDeploymentView(findDeployment(st, ref), st.allocs)
}
