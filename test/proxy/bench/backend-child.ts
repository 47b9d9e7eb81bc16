// A tiny keep-alive HTTP backend for the benchmark: `node backend-child.js <id>`; prints "ready <port>".
import http from 'node:http'
import type {AddressInfo} from 'node:net'

const id = process.argv[2] ?? 'backend'
const body = Buffer.from(`hello from ${id}\n`)
const server = http.createServer({keepAlive: true}, (_req, res) => {
  res.writeHead(200, {'content-type': 'text/plain', 'content-length': body.length, 'x-backend': id})
  res.end(body)
})
server.keepAliveTimeout = 60_000
server.listen({host: '127.0.0.1', port: 0}, () => {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`)
})
process.on('SIGTERM', () => process.exit(0))
