// A service instance in the catalog (Nomad's native service registration), written by the node
// agent that runs the allocation and bound to that node's lease.
export interface ServiceRegistration {
  ID: string
  ServiceName: string
  Namespace: string
  NodeID: string
  Datacenter: string
  JobID: string
  AllocID: string
  Tags: string[]
  Address: string
  Port: number
  Canary: boolean
  Healthy: boolean // every check passing (true when the service has no checks)
}
