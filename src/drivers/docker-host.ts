import {existsSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type Docker from 'dockerode'

// Where a Docker daemon may answer, in the order the docker CLI and the usual desktop tools
// use: $DOCKER_HOST, the default socket, Docker Desktop's per-user socket, colima's sockets.

export interface DaemonCandidate {
  /** What the user would write in DOCKER_HOST, e.g. unix:///var/run/docker.sock. */
  host: string
  /** Where the candidate came from, for `zdev doctor`. */
  source: string
}

export function daemonCandidates(env: Record<string, string | undefined> = process.env, home = os.homedir()): DaemonCandidate[] {
  if (env.DOCKER_HOST) return [{host: env.DOCKER_HOST, source: 'DOCKER_HOST'}]
  const sockets: [string, string][] = [
    ['/var/run/docker.sock', 'default socket'],
    [path.join(home, '.docker/run/docker.sock'), 'Docker Desktop'],
    [path.join(home, '.docker/desktop/docker.sock'), 'Docker Desktop'],
    [path.join(home, '.colima/default/docker.sock'), 'colima'],
    [path.join(home, '.colima/docker.sock'), 'colima'],
  ]
  return sockets.map(([p, source]) => ({host: `unix://${p}`, source}))
}

/**
 * A dockerode client for `host` (unix://path, tcp://host:port, http(s)://…, npipe://…).
 * dockerode is imported on first use: ~0.4 CPU-s that servers, proxies and docker-less nodes never pay.
 */
export async function dockerClient(host: string): Promise<Docker> {
  const {default: Dockerode} = await import('dockerode')
  if (host.startsWith('unix://')) return new Dockerode({socketPath: host.slice('unix://'.length)})
  if (host.startsWith('npipe://')) return new Dockerode({socketPath: host.slice('npipe://'.length)})
  const u = new URL(host.replace(/^tcp:/, 'http:'))
  return new Dockerode({protocol: u.protocol === 'https:' ? 'https' : 'http', host: u.hostname, port: Number(u.port || 2375)})
}

export interface DaemonFound {
  ok: true
  docker: Docker
  host: string
  source: string
  version: string
  apiVersion: string
  osType: string
}

export interface DaemonMissing {
  ok: false
  /** One line per candidate tried: what was tried and what happened. */
  tried: {host: string; source: string; problem: string}[]
  /** What the user can do about it. */
  hint: string
}

export type DaemonProbe = DaemonFound | DaemonMissing

/** Asks each candidate for its version (bounded); the first that answers wins. */
export async function findDaemon(opts: {env?: Record<string, string | undefined>; home?: string; timeoutMs?: number} = {}): Promise<DaemonProbe> {
  const tried: DaemonMissing['tried'] = []
  for (const c of daemonCandidates(opts.env, opts.home)) {
    const sock = c.host.startsWith('unix://') ? c.host.slice(7) : null
    if (sock && !existsSync(sock)) {
      tried.push({...c, problem: 'no socket there'})
      continue
    }
    const docker = await dockerClient(c.host)
    try {
      const v = await bounded(docker.version(), opts.timeoutMs ?? 2000)
      return {ok: true, docker, host: c.host, source: c.source, version: v.Version, apiVersion: v.ApiVersion, osType: v.Os}
    } catch (err) {
      tried.push({...c, problem: describeDockerError(err)})
    }
  }
  return {ok: false, tried, hint: hintFor(tried)}
}

function hintFor(tried: DaemonMissing['tried']): string {
  if (tried.length === 1 && tried[0]!.source === 'DOCKER_HOST') return `DOCKER_HOST is ${tried[0]!.host}: start the daemon there, or unset DOCKER_HOST to use the default socket`
  if (tried.some((t) => t.problem.includes('permission denied'))) {
    return 'add yourself to the docker group (`sudo usermod -aG docker $USER`, then log in again) or run zdev as root'
  }
  if (tried.some((t) => t.problem !== 'no socket there')) return 'start the daemon (`sudo systemctl start docker`, or `dockerd &`), then try again'
  return 'install Docker (`apt-get install docker.io`, Docker Desktop or colima) and start it, or set DOCKER_HOST'
}

/** A Docker API or socket error as one plain sentence (converted once, here). */
export function describeDockerError(err: unknown): string {
  const e = err as {code?: string; statusCode?: number; json?: {message?: string}; message?: string}
  if (e.code === 'EACCES') return 'permission denied on the socket'
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOENT') return 'the daemon is not answering (connection refused)'
  if (e.code === 'ETIMEDOUT' || e.code === 'zdev_timeout') return 'the daemon did not answer in time'
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return 'the daemon closed the connection'
  const msg = e.json?.message ?? e.message ?? String(err)
  return msg.replace(/^\(HTTP code \d+\)\s*[a-z ]+-\s*/i, '').trim()
}

export function bounded<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), {code: 'zdev_timeout'})), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(t))
}
