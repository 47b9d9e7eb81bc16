import path from 'node:path'
import type {NodeAgentOptions} from '../client/node-agent.js'
import type {ProxyProcessOptions} from '../proxy/proxy-process.js'
import type {ApiOptions} from '../api/start-api.js'
import type {ServerAgentOptions} from '../server/server-agent.js'
import {readPlatformCopy} from '../platform/platform-copy.js'
import {readKvCredentialsFile} from '../kv/credentials.js'
import {kvGrantsFile} from '../platform/kv-grants.js'
import {serverApiPort} from '../platform/plan.js'

export type AgentKind = 'server' | 'node' | 'proxy'

/** A server's options plus where its HTTP API listens (src/api). */
export type ServerAgentConfig = ServerAgentOptions & {api?: ApiOptions}

/** Each simulated node owns a loopback address, so that nodes look like hosts (Linux routes 127/8 to lo). */
export function nodeAddress(index: number): string {
  return process.platform === 'linux' ? `127.0.1.${index + 1}` : '127.0.0.1'
}

/** The options of one platform process, from the platform file and the labels `up` set. */
export async function agentConfig(
  kind: AgentKind,
  name: string,
  env: Record<string, string | undefined>,
): Promise<ServerAgentConfig | NodeAgentOptions | ProxyProcessOptions> {
  const file = env.ZDEV_PLATFORM_FILE
  const endpoints = (env.ZDEV_KV_ENDPOINTS ?? '').split(',').filter(Boolean)
  if (!file || endpoints.length === 0) throw new Error('ZDEV_PLATFORM_FILE and ZDEV_KV_ENDPOINTS must be set (agents are started by `zdev up`)')
  // the copy `up` wrote (platform/platform-copy.ts): the YAML parser is loaded only without one
  const p = readPlatformCopy(file, env.ZDEV_STATE_DIR) ?? (await (await import('../platform/load.js')).loadPlatform(file))
  const creds = env.ZDEV_KV_CREDENTIALS_FILE ? readKvCredentialsFile(env.ZDEV_KV_CREDENTIALS_FILE) : undefined
  if (env.ZDEV_KV_CREDENTIALS_FILE && !creds) throw new Error(`cannot read the KV credentials in ${env.ZDEV_KV_CREDENTIALS_FILE}`)
  const auth = creds?.zdev
  if (kind === 'server') {
    const port = serverApiPort(p, Math.max(0, p.servers.names.indexOf(name)))
    const api = {host: '127.0.0.1', port, token: p.servers.apiToken, stateDir: p.stateDir}
    return {name, cluster: p.name, endpoints, auth, api, httpAddr: `${api.host}:${port}`, scheduler: p.scheduler, ...(env.ZDEV_NODE_GRACE_MS ? {nodeGraceMs: Number(env.ZDEV_NODE_GRACE_MS)} : {})}
  }
  if (kind === 'node') {
    const i = p.nodes.findIndex((n) => n.name === name)
    if (i < 0) throw new Error(`no node named ${name} in ${file}`)
    const n = p.nodes[i]
    return {
      name, cluster: p.name, endpoints, auth, stateDir: path.join(p.stateDir, 'nodes', name),
      kvGrant: creds ? {grantsFile: kvGrantsFile(p.stateDir), endpoints, auth: creds.task} : undefined,
      datacenter: n.datacenter, nodeClass: n.nodeClass, nodePool: n.nodePool, meta: n.meta,
      cpu: n.cpu, memory: n.memory, address: nodeAddress(i), drivers: n.drivers,
      // a 1 s lease: a dead node is noticed within ~1 s (test/bench/failover.bench.ts)
      ttlSeconds: Number(env.ZDEV_NODE_TTL ?? 1),
    }
  }
  const px = p.proxies.instances.find((x) => x.name === name)
  if (!px) throw new Error(`no proxy named ${name} in ${file}`)
  return {
    name, cluster: p.name, endpoints, auth, host: px.host, port: px.port, defaultRule: p.proxies.defaultRule, ruleSyntax: p.proxies.ruleSyntax,
    ...(px.websecurePort === undefined ? {} : {websecurePort: px.websecurePort, tlsDir: path.join(p.stateDir, 'tls')}),
  }
}
