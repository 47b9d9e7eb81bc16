// The zdev proxy as its own process for the benchmark: `node proxy-child.js <port> <backendPort>...`.
import {runProxyAgent} from '../../../src/proxy/main.js'
import type {ServiceRegistration} from '../../../src/model/service.js'

const [port, ...backendPorts] = process.argv.slice(2).map(Number)
const instances: ServiceRegistration[] = backendPorts.map((p, i) => ({
  ID: `bench-${i}`, ServiceName: 'whoami', Namespace: 'default', NodeID: `node-${i}`, Datacenter: 'dc1', JobID: 'whoami',
  AllocID: `alloc-${i}`, Tags: [], Address: '127.0.0.1', Port: p, Canary: false, Healthy: true,
}))
async function* catalog(): AsyncGenerator<ServiceRegistration[]> {
  yield instances
}
const agent = await runProxyAgent({name: 'bench', host: '127.0.0.1', port, catalog: catalog(), fastLane: process.env.ZDEV_FAST_LANE !== '0'})
await agent.done
process.stdout.write(`ready ${agent.proxy.port}\n`)
process.on('SIGTERM', () => process.exit(0))
