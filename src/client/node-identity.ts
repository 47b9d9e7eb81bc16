import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {DriverInfo, Node} from '../model/index.js'

export interface NodeConfig {
  name: string
  datacenter: string
  nodeClass: string
  nodePool: string
  meta: Record<string, string>
  cpu: number // MHz
  memory: number // MB
  address: string // loopback address this node binds workloads to
  /** Task drivers this node may offer (`nodes[].drivers`); default raw_exec and exec. */
  drivers?: string[]
}

/** A node keeps its id across agent restarts (Nomad keeps it in the client's data dir). */
export function loadOrCreateNodeId(stateDir: string, newId: () => string): string {
  const file = path.join(stateDir, 'node-id')
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch {
    fs.mkdirSync(stateDir, {recursive: true})
    const id = newId()
    fs.writeFileSync(file, id + '\n')
    return id
  }
}

/** The registration a node agent writes: Nomad's node attributes, as far as they make sense here. */
export function buildNode(id: string, cfg: NodeConfig, drivers: Record<string, DriverInfo & {attributes: Record<string, string>}>): Node {
  const attrs: Record<string, string> = {
    'kernel.name': os.platform(),
    'kernel.version': os.release(),
    'os.name': os.platform() === 'linux' ? 'linux' : os.platform(),
    'cpu.arch': os.arch(),
    'cpu.numcores': String(os.cpus().length),
    'cpu.totalcompute': String(cfg.cpu),
    'memory.totalbytes': String(cfg.memory * 1024 * 1024),
    'unique.hostname': cfg.name,
    'unique.network.ip-address': cfg.address,
    'nomad.version': '1.10.0',
    'zdev.simulated': 'true',
  }
  const driverInfo: Record<string, DriverInfo> = {}
  for (const [name, d] of Object.entries(drivers)) {
    if (!d.Detected) continue
    attrs[`driver.${name}`] = '1'
    for (const [k, v] of Object.entries(d.attributes)) attrs[k.startsWith('driver.') ? k : `driver.${name}.${k}`] = v
    driverInfo[name] = {Detected: d.Detected, Healthy: d.Healthy}
  }
  return {
    ID: id,
    Name: cfg.name,
    Datacenter: cfg.datacenter,
    NodeClass: cfg.nodeClass,
    NodePool: cfg.nodePool,
    Address: cfg.address,
    Attributes: attrs,
    Meta: cfg.meta,
    Drivers: driverInfo,
    NodeResources: {CpuShares: cfg.cpu, MemoryMB: cfg.memory, DiskMB: 100_000, MinDynamicPort: 20000, MaxDynamicPort: 32000},
    ReservedResources: {CpuShares: 0, MemoryMB: 0, DiskMB: 0, ReservedPorts: []},
    Status: 'ready',
    SchedulingEligibility: 'eligible',
    DrainStrategy: null,
  }
}
