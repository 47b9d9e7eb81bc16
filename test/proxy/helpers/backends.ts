import http from 'node:http'
import type {AddressInfo} from 'node:net'
import type {ServiceRegistration} from '../../../src/model/service.js'

export interface Backend {
  id: string
  port: number
  server: http.Server
  close(): Promise<void>
}

/** A real HTTP server on 127.0.0.1 that answers with its id, the path and the headers it saw. */
export async function startBackend(id: string, handler?: http.RequestListener): Promise<Backend> {
  const server = http.createServer(handler ?? ((req, res) => {
    const body = JSON.stringify({id, method: req.method, url: req.url, headers: req.headers})
    res.writeHead(200, {'content-type': 'application/json', 'x-backend': id})
    res.end(body)
  }))
  await new Promise<void>((resolve) => server.listen({host: '127.0.0.1', port: 0}, resolve))
  const port = (server.address() as AddressInfo).port
  return {
    id,
    port,
    server,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}

export function registration(over: Partial<ServiceRegistration> & {ID: string; ServiceName: string; Port: number}): ServiceRegistration {
  return {
    Namespace: 'default', NodeID: `node-${over.ID}`, Datacenter: 'dc1', JobID: over.ServiceName, AllocID: `alloc-${over.ID}`,
    Tags: [], Address: '127.0.0.1', Canary: false, Healthy: true,
    ...over,
  }
}

/** One HTTP request through a given host header; resolves with status, headers and body text. */
export function get(port: number, path: string, host: string, opts: {agent?: http.Agent; method?: string; headers?: Record<string, string>; body?: string} = {}): Promise<{status: number; headers: http.IncomingHttpHeaders; body: string; socket: unknown}> {
  return new Promise((resolve, reject) => {
    const req = http.request({host: '127.0.0.1', port, path, method: opts.method ?? 'GET', agent: opts.agent, headers: {host, ...opts.headers}}, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), socket: req.socket}))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.setTimeout(5000, () => req.destroy(new Error('request timed out')))
    req.end(opts.body)
  })
}
