import type {Server} from 'node:http'
import {freePort} from '../lib/ports.js'

// Which port a server's HTTP API binds: the one it had last time (so NOMAD_ADDR stays valid
// across restarts), then the platform file's (Nomad's 4646 by default), then a free port below
// the ephemeral range as every other platform port (src/lib/ports.ts). Two clusters on one
// machine thus never share an API port, and the port really bound is what gets recorded.

export interface Listened {
  port: number
  /** Ports tried first and found taken. */
  taken: number[]
}

const FREE_ATTEMPTS = 20

export class ListenError extends Error {}

function listenOnce(srv: Server, host: string, port: number): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException) => resolve(err)
    srv.once('error', onError)
    srv.listen({port, host, exclusive: true}, () => {
      srv.off('error', onError)
      resolve(null)
    })
  })
}

/** Bind `srv` to the first free port of `preferred`, else to a fresh free one. Any error but EADDRINUSE stops. */
export async function listenWithFallback(srv: Server, host: string, preferred: number[], pick: () => Promise<number> = () => freePort(host)): Promise<Listened> {
  const taken: number[] = []
  const tried = new Set<number>()
  const attempt = async (port: number): Promise<boolean> => {
    tried.add(port)
    const err = await listenOnce(srv, host, port)
    if (!err) return true
    if (err.code !== 'EADDRINUSE') throw new ListenError(`cannot listen on ${host}:${port}: ${err.code ?? err.message}`)
    taken.push(port)
    return false
  }
  for (const port of preferred) {
    if (tried.has(port) || port <= 0) continue
    if (await attempt(port)) return {port, taken}
  }
  for (let i = 0; i < FREE_ATTEMPTS; i++) {
    const port = await pick()
    if (tried.has(port)) continue
    if (await attempt(port)) return {port, taken}
  }
  throw new ListenError(`cannot listen on ${host}: ports ${taken.join(', ')} are all in use`)
}
