// Every /v1 route zdev serves, in match order (suffix routes before the bare /v1/job/*id).
import * as C from './handlers/cluster-read.js'
import * as J from './handlers/jobs-read.js'
import * as S from './handlers/status.js'
import * as CW from './handlers/cluster-write.js'
import * as L from './handlers/jobs-launch.js'
import * as P from './handlers/parse-validate.js'
import * as W from './handlers/jobs-write.js'
import {allocLogs} from './handlers/logs.js'
import {eventStream} from './handlers/event-stream.js'
import * as V from './handlers/variables.js'
import type {Route} from './router.js'
import type {Handler} from './types.js'

const GET = ['GET'] as const
const PUT = ['PUT', 'POST'] as const
const r = (methods: readonly string[], pattern: string, handler: Handler): Route<Handler> => ({methods, pattern, handler})

export function apiRoutes(extra: Route<Handler>[] = []): Route<Handler>[] {
  return [
    r(GET, '/v1/status/leader', S.statusLeader),
    r(GET, '/v1/status/peers', S.statusPeers),
    r(GET, '/v1/agent/self', S.agentSelf),
    r(GET, '/v1/agent/members', S.agentMembers),
    r(GET, '/v1/regions', S.regions),
    r(GET, '/v1/namespaces', S.namespaces),
    r(GET, '/v1/namespace/:name', S.readNamespace),
    r(GET, '/v1/jobs', J.listJobs),
    r(PUT, '/v1/jobs', W.registerJob),
    r(PUT, '/v1/jobs/parse', P.parseJob),
    r(PUT, '/v1/validate/job', P.validateJob),
    r(PUT, '/v1/job/*id/plan', W.planJobRequest),
    r(PUT, '/v1/job/*id/revert', W.revertJobRequest),
    r(PUT, '/v1/job/*id/dispatch', L.dispatchJob),
    r(PUT, '/v1/job/*id/periodic/force', L.forcePeriodic),
    r(GET, '/v1/job/*id/versions', J.jobVersions),
    r(GET, '/v1/job/*id/summary', J.jobSummaryRead),
    r(GET, '/v1/job/*id/allocations', J.jobAllocations),
    r(GET, '/v1/job/*id/evaluations', J.jobEvaluations),
    r(GET, '/v1/job/*id/deployments', J.jobDeployments),
    r(GET, '/v1/job/*id/deployment', J.jobLatestDeployment),
    r(GET, '/v1/job/*id/scale', J.jobScaleStatus),
    r(PUT, '/v1/job/*id/scale', W.scaleJob),
    ...extra,
    r(GET, '/v1/job/*id', J.readJob),
    r(PUT, '/v1/job/*id', W.registerJob),
    r(['DELETE'], '/v1/job/*id', W.deregisterJob),
    r(GET, '/v1/allocations', C.listAllocations),
    r(PUT, '/v1/allocation/:id/stop', CW.stopAllocation),
    r(GET, '/v1/allocation/:id', C.readAllocation),
    r(GET, '/v1/evaluations', C.listEvaluations),
    r(GET, '/v1/evaluation/:id/allocations', C.evaluationAllocations),
    r(GET, '/v1/evaluation/:id', C.readEvaluation),
    r(GET, '/v1/deployments', C.listDeployments),
    r(GET, '/v1/deployment/allocations/:id', C.deploymentAllocations),
    r(PUT, '/v1/deployment/promote/:id', CW.promoteDeployment),
    r(PUT, '/v1/deployment/fail/:id', CW.failDeployment),
    r(GET, '/v1/deployment/:id', C.readDeployment),
    r(GET, '/v1/nodes', C.listNodes),
    r(GET, '/v1/node/:id/allocations', C.nodeAllocations),
    r(PUT, '/v1/node/:id/drain', CW.drainNode),
    r(PUT, '/v1/node/:id/eligibility', CW.nodeEligibility),
    r(GET, '/v1/node/:id', C.readNode),
    r(GET, '/v1/client/fs/logs/:alloc', allocLogs),
    r(GET, '/v1/event/stream', eventStream),
    r(GET, '/v1/services', C.listServices),
    r(GET, '/v1/service/:name', C.readService),
    r(GET, '/v1/vars', V.listVars),
    r(GET, '/v1/var/*path', V.readVar),
    r(PUT, '/v1/var/*path', V.putVar),
    r(['DELETE'], '/v1/var/*path', V.deleteVar),
  ]
}
