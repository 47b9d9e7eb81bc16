import {randomInt} from 'node:crypto'
import net from 'node:net'

// Listening ports are picked below the kernel's ephemeral range (Linux: 32768–60999). A port the
// kernel hands out for bind(0) comes from that range, and so does the source port of every
// outgoing connection: between choosing a port and the server binding it, a busy client could
// take it. Below the range only other listeners compete, and we check for them.
const LOW = 10_000
const HIGH = 20_000 // node workloads get dynamic ports from 20000 up, on their own addresses

/** A free TCP port on a loopback host, outside the ephemeral range. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const p = randomInt(LOW, HIGH)
    if (!(await portInUse(p, host))) return p
  }
  return kernelPort(host)
}

/** Ask the kernel for a free TCP port (from the ephemeral range). */
export async function kernelPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.once('error', reject)
    srv.listen({host, port: 0}, () => {
      const addr = srv.address()
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

/** True when something accepts or holds `host:port`. */
export async function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.unref()
    srv.once('error', () => resolve(true))
    srv.listen({host, port, exclusive: true}, () => srv.close(() => resolve(false)))
  })
}
