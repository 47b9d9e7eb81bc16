import {inNamespace, parseListQuery} from '../query.js'
import {indexesOf} from '../revisions.js'
import {allocIndexes, allocOut, allocStub} from '../shapes/alloc-shape.js'
import {deploymentOut, evalOut, nodeOut, nodeStub, serviceList, serviceOut} from '../shapes/cluster-shape.js'
import {notFound, read, type ReadHandler} from '../types.js'
import type {Keys} from '../../store/keys.js'
import {snapshot, T, type Snap} from './snapshot.js'

const nodeIx = (s: Snap, k: Keys, id: string) => indexesOf(s.revs, k.node(id), k.nodeStatus(id), k.nodeDrain(id))

function jobOfAlloc(s: Snap, jobId: string, version: number) {
  return s.st.jobVersions[jobId]?.find((j) => j.Version === version) ?? s.st.jobs[jobId]
}

export const listAllocations: ReadHandler = read(T.allocs, async (ctx, req) => {
  const s = await snapshot(ctx)
  const lq = parseListQuery(req.query)
  return s.st.allocs
    .filter((a) => a.ID.startsWith(lq.prefix) && inNamespace(lq, a.Namespace))
    .sort((a, b) => b.CreateTime - a.CreateTime)
    .map((a) => allocStub(a, s.st.jobs[a.JobID], allocIndexes(s.revs, ctx.store.keys, a)))
})

export const readAllocation: ReadHandler = read(T.allocs, async (ctx, req) => {
  const s = await snapshot(ctx)
  const a = s.st.allocs.find((x) => x.ID === req.params.id)
  if (!a) throw notFound('alloc')
  return allocOut(a, jobOfAlloc(s, a.JobID, a.JobVersion), allocIndexes(s.revs, ctx.store.keys, a))
})

export const listEvaluations: ReadHandler = read(T.evals, async (ctx, req) => {
  const s = await snapshot(ctx)
  const lq = parseListQuery(req.query)
  const status = req.query.get('status')
  return s.st.evals
    .filter((e) => e.ID.startsWith(lq.prefix) && inNamespace(lq, e.Namespace) && (!status || e.Status === status))
    .map((e) => evalOut(e, indexesOf(s.revs, ctx.store.keys.evaluation(e.ID))))
})

export const readEvaluation: ReadHandler = read(T.evals, async (ctx, req) => {
  const s = await snapshot(ctx)
  const e = s.st.evals.find((x) => x.ID === req.params.id)
  if (!e) throw notFound('eval')
  return evalOut(e, indexesOf(s.revs, ctx.store.keys.evaluation(e.ID)))
})

export const evaluationAllocations: ReadHandler = read(T.allocs, async (ctx, req) => {
  const s = await snapshot(ctx)
  return s.st.allocs.filter((a) => a.EvalID === req.params.id).map((a) => allocStub(a, s.st.jobs[a.JobID], allocIndexes(s.revs, ctx.store.keys, a)))
})

export const listDeployments: ReadHandler = read(T.deployments, async (ctx, req) => {
  const s = await snapshot(ctx)
  const lq = parseListQuery(req.query)
  return s.st.deployments
    .filter((d) => d.ID.startsWith(lq.prefix) && inNamespace(lq, d.Namespace))
    .sort((a, b) => b.CreateTime - a.CreateTime)
    .map((d) => deploymentOut(d, indexesOf(s.revs, ctx.store.keys.deployment(d.ID))))
})

export const readDeployment: ReadHandler = read(T.deployments, async (ctx, req) => {
  const s = await snapshot(ctx)
  const d = s.st.deployments.find((x) => x.ID === req.params.id)
  if (!d) throw notFound('deployment')
  return deploymentOut(d, indexesOf(s.revs, ctx.store.keys.deployment(d.ID)))
})

export const deploymentAllocations: ReadHandler = read(T.allocs, async (ctx, req) => {
  const s = await snapshot(ctx)
  return s.st.allocs.filter((a) => a.DeploymentID === req.params.id).map((a) => allocStub(a, s.st.jobs[a.JobID], allocIndexes(s.revs, ctx.store.keys, a)))
})

export const listNodes: ReadHandler = read(T.nodes, async (ctx, req) => {
  const s = await snapshot(ctx)
  const lq = parseListQuery(req.query)
  return s.st.nodes.filter((n) => n.ID.startsWith(lq.prefix)).map((n) => nodeStub(n, nodeIx(s, ctx.store.keys, n.ID)))
})

function findNode(s: Snap, id: string) {
  const n = s.st.nodes.find((x) => x.ID === id) ?? s.st.nodes.find((x) => x.Name === id)
  if (!n) throw notFound('node')
  return n
}

export const readNode: ReadHandler = read(T.nodes, async (ctx, req) => {
  const s = await snapshot(ctx)
  const n = findNode(s, req.params.id!)
  return nodeOut(n, nodeIx(s, ctx.store.keys, n.ID))
})

export const nodeAllocations: ReadHandler = read(T.allocs, async (ctx, req) => {
  const s = await snapshot(ctx)
  const n = findNode(s, req.params.id!)
  return s.st.allocs.filter((a) => a.NodeID === n.ID).map((a) => allocOut(a, jobOfAlloc(s, a.JobID, a.JobVersion), allocIndexes(s.revs, ctx.store.keys, a)))
})

export const listServices: ReadHandler = read(T.services, async (ctx, req) => {
  const s = await snapshot(ctx)
  const lq = parseListQuery(req.query)
  return serviceList(s.st.services.filter((r) => inNamespace(lq, r.Namespace)))
})

export const readService: ReadHandler = read(T.services, async (ctx, req) => {
  const s = await snapshot(ctx)
  const lq = parseListQuery(req.query)
  return s.st.services
    .filter((r) => r.ServiceName === req.params.name && inNamespace(lq, r.Namespace))
    .sort((a, b) => a.ID.localeCompare(b.ID))
    .map((r) => serviceOut(r, indexesOf(s.revs, ctx.store.keys.service(r.ServiceName, r.ID))))
})
