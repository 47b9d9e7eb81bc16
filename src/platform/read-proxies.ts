import {isMap, type Node} from 'yaml'
import {DEFAULTS, componentName, type ProxiesSpec, type ProxySpec} from './types.js'
import {isNullish, join, type YamlReader} from './yaml-reader.js'

export const LOOPBACK = /^(localhost|127\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d))$/

/** `proxies: 2` or `{count, ports, host, default_rule}`; one listen port per proxy, from 8080 by default. */
export function readProxies(r: YamlReader, node: Node | null | undefined): ProxiesSpec & {instances: ProxySpec[]} {
  let count: number | undefined
  let ports: number[] | undefined
  let host = DEFAULTS.proxyHost
  let defaultRule = DEFAULTS.proxyDefaultRule
  if (isNullish(node)) count = DEFAULTS.proxies
  else if (!isMap(node)) count = r.int(node, 'proxies', {min: 0, max: 20})
  else {
    const m = r.map(node, 'proxies', ['count', 'ports', 'host', 'default_rule'])
    if (m?.has('count')) count = r.int(m.get('count'), 'proxies.count', {min: 0, max: 20})
    if (m?.has('ports')) ports = readPorts(r, m.get('ports'))
    if (m?.has('host')) {
      const h = r.str(m.get('host'), 'proxies.host')
      if (h !== undefined && !LOOPBACK.test(h)) r.fail(m.get('host'), 'proxies.host', `"${h}" is not a loopback address; zdev listens only on 127.0.0.0/8 (e.g. 127.0.0.1)`)
      else if (h !== undefined) host = h
    }
    if (m?.has('default_rule')) defaultRule = r.str(m.get('default_rule'), 'proxies.default_rule') ?? defaultRule
    if (count === undefined && !m?.has('count')) count = ports?.length ?? DEFAULTS.proxies
    if (ports && count !== undefined && ports.length !== count) {
      r.fail(m?.get('ports'), 'proxies.ports', `${ports.length} port${ports.length === 1 ? '' : 's'} for ${count} ${count === 1 ? 'proxy' : 'proxies'}; give one port per proxy, or leave ports out to use ${DEFAULTS.proxyFirstPort} upwards`)
    }
  }
  const n = count ?? 0
  const list = ports && ports.length === n ? ports : Array.from({length: n}, (_, i) => DEFAULTS.proxyFirstPort + i)
  const instances = list.map((port, i) => ({name: componentName('proxy', i), host, port}))
  return {count: n, host, ports: list, defaultRule, instances}
}

function readPorts(r: YamlReader, node: Node | null | undefined): number[] | undefined {
  const items = r.list(node, 'proxies.ports')
  if (!items) return undefined
  const out: number[] = []
  let ok = true
  items.forEach((item, i) => {
    const field = join('proxies.ports', i)
    const p = r.int(item, field)
    if (p === undefined) ok = false
    else if (p < 1 || p > 65535) {
      ok = false
      r.fail(item, field, `${p} is not a TCP port; use a number from 1 to 65535`)
    } else if (out.includes(p)) {
      ok = false
      r.fail(item, field, `port ${p} is listed twice; each proxy needs its own port`)
    } else out.push(p)
  })
  return ok ? out : undefined
}
