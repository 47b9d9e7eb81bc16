// The KV layout under /zdev/<cluster>/. One owner per key: servers never write client-owned
// keys and the reverse, so no two writers race on one value.
//
//   jobs/<id>                       server/CLI  current job (with Version)
//   job-versions/<id>/<n>           server/CLI  every submitted version
//   evals/<id>                      CLI/server  evaluations (pending → complete/failed/blocked)
//   allocs/<node>/<alloc>           server      desired state of one allocation
//   alloc-status/<alloc>            client      client status, task states, deployment health
//   nodes/<id>                      client      registration, bound to the node's lease
//   node-status/<id>                server      last known registration + ready/down as the leader saw it
//   node-drain/<id>                 CLI         scheduling eligibility and drain strategy set by the user
//   services/<name>/<instance>      client      service instances, bound to the node's lease
//   deployments/<id>                server      deployments
//   alloc-requests/<id>             CLI         stop asked by the user; the leader applies and deletes it
//   deployment-requests/<id>        CLI         promote/fail asked by the user; the leader applies and deletes it
//   servers/<name>                  server      server registration, bound to its lease
//   election/server                 server      leader election
//   proxies/<name>                  proxy       proxy registration and stats, lease-bound
//   events/<seq>                    anyone      short event log for status/dashboard (leased)
//   periodic/<job>                  server      last launch time of a periodic job
//   variables/<namespace>/<path>    CLI         Nomad Variables (items, times); revisions are the indexes

export function clusterPrefix(cluster: string): string {
  return `/zdev/${cluster}/`
}

/** Key prefixes the platform's etcd user may read and write: the cluster's keys and its election's (the election recipe keeps candidates under election/<name>/). */
export function platformKeyPrefixes(cluster: string): string[] {
  return [clusterPrefix(cluster), `election/${clusterPrefix(cluster)}`]
}

// Ids become one path segment each (periodic children are named `<job>/periodic-<time>`).
const seg = (id: string): string => encodeURIComponent(id)

export function keys(cluster: string) {
  const p = clusterPrefix(cluster)
  return {
    prefix: p,
    jobs: `${p}jobs/`,
    job: (id: string) => `${p}jobs/${seg(id)}`,
    jobVersionsAll: `${p}job-versions/`,
    jobVersions: (id: string) => `${p}job-versions/${seg(id)}/`,
    jobVersion: (id: string, v: number) => `${p}job-versions/${seg(id)}/${String(v).padStart(8, '0')}`,
    evals: `${p}evals/`,
    evaluation: (id: string) => `${p}evals/${seg(id)}`,
    allocs: `${p}allocs/`,
    nodeAllocs: (node: string) => `${p}allocs/${seg(node)}/`,
    alloc: (node: string, id: string) => `${p}allocs/${seg(node)}/${seg(id)}`,
    allocStatuses: `${p}alloc-status/`,
    allocStatus: (id: string) => `${p}alloc-status/${seg(id)}`,
    nodes: `${p}nodes/`,
    node: (id: string) => `${p}nodes/${seg(id)}`,
    nodeStatuses: `${p}node-status/`,
    nodeStatus: (id: string) => `${p}node-status/${seg(id)}`,
    nodeDrains: `${p}node-drain/`,
    nodeDrain: (id: string) => `${p}node-drain/${seg(id)}`,
    services: `${p}services/`,
    serviceInstances: (name: string) => `${p}services/${seg(name)}/`,
    service: (name: string, id: string) => `${p}services/${seg(name)}/${seg(id)}`,
    deployments: `${p}deployments/`,
    deployment: (id: string) => `${p}deployments/${seg(id)}`,
    deploymentRequests: `${p}deployment-requests/`,
    allocRequests: `${p}alloc-requests/`,
    allocRequest: (id: string) => `${p}alloc-requests/${seg(id)}`,
    deploymentRequest: (id: string) => `${p}deployment-requests/${seg(id)}`,
    taskRestarts: (node: string) => `${p}task-restarts/${seg(node)}/`, // CLI writes (zdev watch), the node agent consumes
    taskRestart: (node: string, alloc: string) => `${p}task-restarts/${seg(node)}/${seg(alloc)}`,
    servers: `${p}servers/`,
    server: (name: string) => `${p}servers/${seg(name)}`,
    election: `${p}election/server`,
    proxies: `${p}proxies/`,
    proxy: (name: string) => `${p}proxies/${seg(name)}`,
    events: `${p}events/`,
    periodic: (job: string) => `${p}periodic/${seg(job)}`,
    variables: `${p}variables/`,
    variableNamespace: (ns: string) => `${p}variables/${seg(ns)}/`,
    variable: (ns: string, path: string) => `${p}variables/${seg(ns)}/${path}`, // paths are [a-zA-Z0-9-_~/]
    data: `${p}data/`, // free space for workloads (the counter sample keeps its count here)
  }
}

export type Keys = ReturnType<typeof keys>
