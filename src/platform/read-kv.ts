import type {Node} from 'yaml'
import {DEFAULTS, componentName, type KvSpec, type ServersSpec} from './types.js'
import {isNullish, type YamlReader} from './yaml-reader.js'
import {isScalar} from 'yaml'

export function readKv(r: YamlReader, node: Node | null | undefined): KvSpec {
  const kv: KvSpec = {members: DEFAULTS.kvMembers, heartbeatMs: DEFAULTS.heartbeatMs, electionMs: DEFAULTS.electionMs}
  if (isNullish(node)) return kv
  const m = r.map(node, 'kv', ['members', 'heartbeat_ms', 'election_ms', 'image'])
  if (!m) return kv
  if (m.has('members')) {
    const n = r.int(m.get('members'), 'kv.members')
    if (n !== undefined) {
      if (n === 1 || n === 3 || n === 5) kv.members = n
      else if (n > 0 && n % 2 === 0) {
        r.fail(m.get('members'), 'kv.members', `${n} members is an even count: it tolerates no more failures than ${n - 1}; use 1, 3 or 5`)
      } else r.fail(m.get('members'), 'kv.members', `${n} is not a supported member count; use 1, 3 or 5`)
    }
  }
  const hb = m.has('heartbeat_ms') ? r.int(m.get('heartbeat_ms'), 'kv.heartbeat_ms', {min: 10, max: 5000}) : kv.heartbeatMs
  const el = m.has('election_ms') ? r.int(m.get('election_ms'), 'kv.election_ms', {min: 50, max: 50000}) : kv.electionMs
  if (hb !== undefined) kv.heartbeatMs = hb
  if (el !== undefined) kv.electionMs = el
  if (hb !== undefined && el !== undefined && el < 5 * hb) {
    r.fail(m.get('election_ms') ?? m.get('heartbeat_ms') ?? node, 'kv.election_ms', `${el} ms is shorter than 5 × heartbeat_ms (${5 * hb} ms); etcd refuses to start with it`)
  }
  if (m.has('image')) {
    const img = r.str(m.get('image'), 'kv.image')
    if (img !== undefined && !/^[a-z0-9][\w.\-/:@]*$/i.test(img)) r.fail(m.get('image'), 'kv.image', `"${img}" is not an image reference; e.g. gcr.io/etcd-development/etcd:v3.5.17`)
    else if (img) kv.image = img
  }
  return kv
}

export function readServers(r: YamlReader, node: Node | null | undefined): ServersSpec {
  let count: number | undefined = DEFAULTS.servers
  let countNode = node
  let apiPort: number = DEFAULTS.apiPort
  let apiToken: string | undefined
  if (isScalar(node) && typeof node.value === 'number') {
    count = r.int(node, 'servers')
  } else if (!isNullish(node)) {
    const m = r.map(node, 'servers', ['count', 'api_port', 'api_token'])
    countNode = m?.get('count')
    if (m?.has('count')) count = r.int(countNode, 'servers.count')
    if (m?.has('api_port')) apiPort = r.int(m.get('api_port'), 'servers.api_port', {min: 1024, max: 65533}) ?? apiPort
    if (m?.has('api_token')) {
      apiToken = r.str(m.get('api_token'), 'servers.api_token')
      if (apiToken !== undefined && apiToken.length < 8) r.fail(m.get('api_token'), 'servers.api_token', 'is shorter than 8 characters; use a longer random token (e.g. `openssl rand -hex 16`)')
    }
  }
  if (count !== undefined && count !== 0 && count !== 1 && count !== 3) {
    r.fail(countNode, countNode === node ? 'servers' : 'servers.count', `${count} is not a supported server count; use 0, 1 or 3`)
    count = undefined
  }
  const n = count ?? DEFAULTS.servers
  // server-1 serves the HTTP API on api_port, server-2 on api_port + 1 …
  return {count: n, names: Array.from({length: n}, (_, i) => componentName('server', i)), apiPort, ...(apiToken ? {apiToken} : {})}
}
