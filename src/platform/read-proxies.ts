import {isMap, type Node} from 'yaml'
import {DEFAULTS, componentName, type ProxiesSpec, type ProxySpec} from './types.js'
import {isNullish, join, type YamlReader} from './yaml-reader.js'

export const LOOPBACK = /^(localhost|127\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d))$/

/**
 * `proxies: 2` or `{count, ports, host, default_rule, rule_syntax, websecure_ports}`; one listen port
 * per proxy, from 8080 by default; `websecure_ports` (one per proxy) turns on the TLS entry point.
 */
export function readProxies(r: YamlReader, node: Node | null | undefined): ProxiesSpec & {instances: ProxySpec[]} {
  let count: number | undefined
  let ports: number[] | undefined
  let host = DEFAULTS.proxyHost
  let defaultRule = DEFAULTS.proxyDefaultRule
  let ruleSyntax: 'v3' | 'v2' = 'v3'
  let websecure: number[] | undefined
  if (isNullish(node)) count = DEFAULTS.proxies
  else if (!isMap(node)) count = r.int(node, 'proxies', {min: 0, max: 20})
  else {
    const m = r.map(node, 'proxies', ['count', 'ports', 'host', 'default_rule', 'rule_syntax', 'websecure_ports'])
    if (m?.has('count')) count = r.int(m.get('count'), 'proxies.count', {min: 0, max: 20})
    if (m?.has('ports')) ports = readPorts(r, m.get('ports'))
    if (m?.has('host')) {
      const h = r.str(m.get('host'), 'proxies.host')
      if (h !== undefined && !LOOPBACK.test(h)) r.fail(m.get('host'), 'proxies.host', `"${h}" is not a loopback address; zdev listens only on 127.0.0.0/8 (e.g. 127.0.0.1)`)
      else if (h !== undefined) host = h
    }
    if (m?.has('default_rule')) defaultRule = r.str(m.get('default_rule'), 'proxies.default_rule') ?? defaultRule
    if (m?.has('rule_syntax')) {
      const v = r.str(m.get('rule_syntax'), 'proxies.rule_syntax')
      if (v === 'v3' || v === 'v2') ruleSyntax = v
      else if (v !== undefined) r.fail(m.get('rule_syntax'), 'proxies.rule_syntax', `"${v}" is not a Traefik rule syntax; use v3 (the default) or v2`)
    }
    if (m?.has('websecure_ports')) websecure = readPorts(r, m.get('websecure_ports'), 'proxies.websecure_ports')
    if (count === undefined && !m?.has('count')) count = ports?.length ?? DEFAULTS.proxies
    if (ports && count !== undefined && ports.length !== count) {
      r.fail(m?.get('ports'), 'proxies.ports', `${ports.length} port${ports.length === 1 ? '' : 's'} for ${count} ${count === 1 ? 'proxy' : 'proxies'}; give one port per proxy, or leave ports out to use ${DEFAULTS.proxyFirstPort} upwards`)
    }
  }
  const n = count ?? 0
  const list = ports && ports.length === n ? ports : Array.from({length: n}, (_, i) => DEFAULTS.proxyFirstPort + i)
  if (websecure && websecure.length !== n) {
    r.fail(isMap(node) ? node.get('websecure_ports', true) as Node : node, 'proxies.websecure_ports', `${websecure.length} websecure port${websecure.length === 1 ? '' : 's'} for ${n} ${n === 1 ? 'proxy' : 'proxies'}; give one per proxy`)
    websecure = undefined
  }
  const clash = websecure?.find((p) => list.includes(p))
  if (clash !== undefined) {
    r.fail(isMap(node) ? node.get('websecure_ports', true) as Node : node, 'proxies.websecure_ports', `port ${clash} is also a proxies.ports entry; the websecure entry point needs its own port`)
    websecure = undefined
  }
  const instances = list.map((port, i): ProxySpec => websecure ? {name: componentName('proxy', i), host, port, websecurePort: websecure[i]} : {name: componentName('proxy', i), host, port})
  return {count: n, host, ports: list, defaultRule, ruleSyntax, instances}
}

function readPorts(r: YamlReader, node: Node | null | undefined, name = 'proxies.ports'): number[] | undefined {
  const items = r.list(node, name)
  if (!items) return undefined
  const out: number[] = []
  let ok = true
  items.forEach((item, i) => {
    const field = join(name, i)
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
