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
//   servers/<name>                  server      server registration, bound to its lease
//   election/server                 server      leader election
//   proxies/<name>                  proxy       proxy registration and stats, lease-bound
//   events/<seq>                    anyone      short event log for status/dashboard (leased)
//   periodic/<job>                  server      last launch time of a periodic job

export function clusterPrefix(cluster: string): string {
  return `/zdev/${cluster}/`
}

export function keys(cluster: string) {
  const p = clusterPrefix(cluster)
  return {
    prefix: p,
    jobs: `${p}jobs/`,
    job: (id: string) => `${p}jobs/${id}`,
    jobVersions: (id: string) => `${p}job-versions/${id}/`,
    jobVersion: (id: string, v: number) => `${p}job-versions/${id}/${String(v).padStart(8, '0')}`,
    evals: `${p}evals/`,
    evaluation: (id: string) => `${p}evals/${id}`,
    allocs: `${p}allocs/`,
    nodeAllocs: (node: string) => `${p}allocs/${node}/`,
    alloc: (node: string, id: string) => `${p}allocs/${node}/${id}`,
    allocStatuses: `${p}alloc-status/`,
    allocStatus: (id: string) => `${p}alloc-status/${id}`,
    nodes: `${p}nodes/`,
    node: (id: string) => `${p}nodes/${id}`,
    nodeStatuses: `${p}node-status/`,
    nodeStatus: (id: string) => `${p}node-status/${id}`,
    nodeDrains: `${p}node-drain/`,
    nodeDrain: (id: string) => `${p}node-drain/${id}`,
    services: `${p}services/`,
    serviceInstances: (name: string) => `${p}services/${name}/`,
    service: (name: string, id: string) => `${p}services/${name}/${id}`,
    deployments: `${p}deployments/`,
    deployment: (id: string) => `${p}deployments/${id}`,
    servers: `${p}servers/`,
    server: (name: string) => `${p}servers/${name}`,
    election: `${p}election/server`,
    proxies: `${p}proxies/`,
    proxy: (name: string) => `${p}proxies/${name}`,
    events: `${p}events/`,
    periodic: (job: string) => `${p}periodic/${job}`,
    data: `${p}data/`, // free space for workloads (the counter sample keeps its count here)
  }
}

export type Keys = ReturnType<typeof keys>
