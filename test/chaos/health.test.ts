import {describe, expect, test} from 'vitest'
import {healthDeficits, type HealthView} from '../../src/chaos/health.js'
import {isLoopback, loadTargets} from '../../src/chaos/targets.js'
import type {RoutesReport} from '../../src/platform/routes.js'

const whole: HealthView = {
  kvReadable: true,
  etcdHealthy: ['etcd-1', 'etcd-2', 'etcd-3'],
  etcdLeader: 'etcd-1',
  serverLeader: 'server-1',
  servers: ['server-1', 'server-2'],
  nodesReady: ['node-1', 'node-2'],
  proxiesRegistered: ['proxy-1', 'proxy-2'],
  routed: {whoami: 3},
  proxyAnswers: {'proxy-1': true, 'proxy-2': true},
}

describe('routed and healthy', () => {
  test('the same view has nothing missing; more than before is fine', () => {
    expect(healthDeficits(whole, whole)).toEqual([])
    expect(healthDeficits(whole, {...whole, routed: {whoami: 4, other: 1}, nodesReady: ['node-1', 'node-2', 'node-3']})).toEqual([])
  })

  test('each missing piece is named', () => {
    const now: HealthView = {...whole, etcdHealthy: ['etcd-2', 'etcd-3'], etcdLeader: null, serverLeader: null, servers: ['server-2'], nodesReady: ['node-1'], proxiesRegistered: ['proxy-1'], routed: {whoami: 2}, proxyAnswers: {'proxy-1': true, 'proxy-2': false}}
    expect(healthDeficits(whole, now)).toEqual([
      'etcd member unhealthy: etcd-1',
      'etcd: no leader',
      'servers: no leader',
      'server not registered: server-1',
      'node not ready: node-2',
      'proxy not registered: proxy-2',
      'router whoami: 2 of 3 instances healthy',
      'proxy proxy-2 does not serve a routed request',
    ])
  })

  test('an unreadable KV is one deficit with its reason', () => {
    expect(healthDeficits(whole, {...whole, kvReadable: false, kvError: 'deadline exceeded'})).toEqual(['KV unreadable: deadline exceeded'])
  })

  test('what was already missing before the fault is not held against it', () => {
    const before = {...whole, nodesReady: ['node-1'], routed: {whoami: 2}}
    expect(healthDeficits(before, {...whole, nodesReady: ['node-1'], routed: {whoami: 2}})).toEqual([])
  })
})

const routes = (listen: string[]): RoutesReport => ({
  routers: [
    {name: 'a', rule: 'Host(`a.localhost`)', priority: 1, service: 'a', middlewares: [], tls: false, servedOn: ['web'], status: 'enabled', hosts: ['a.localhost'], healthyInstances: 2, totalInstances: 2},
    {name: 'b', rule: 'Host(`b.localhost`)', priority: 1, service: 'b', middlewares: [], tls: false, servedOn: ['web'], status: 'enabled', hosts: ['b.localhost'], healthyInstances: 0, totalInstances: 1},
    {name: 'c', rule: 'Host(`c`', priority: 1, service: 'c', middlewares: [], tls: false, servedOn: ['web'], status: 'disabled', error: 'bad', hosts: [], healthyInstances: 1, totalInstances: 1},
  ],
  services: [],
  disabled: [],
  warnings: [],
  proxies: listen.map((l, i) => ({name: `proxy-${i + 1}`, listen: l})),
  urls: [],
})

describe('load targets', () => {
  test('every enabled, healthy routed host through every proxy', () => {
    expect(loadTargets(routes(['127.0.0.1:8080', '127.0.0.2:8081']))).toEqual([
      {host: 'a.localhost', proxy: 'proxy-1', address: '127.0.0.1', port: 8080},
      {host: 'a.localhost', proxy: 'proxy-2', address: '127.0.0.2', port: 8081},
    ])
  })

  test('a proxy off loopback is refused before any request', () => {
    expect(() => loadTargets(routes(['127.0.0.1:8080', '192.168.1.5:8080']))).toThrow('proxy proxy-2 listens on 192.168.1.5:8080, not on loopback; zdev chaos sends load to 127.0.0.0/8 only')
    expect(['127.0.0.1', '127.255.0.9', 'localhost'].map(isLoopback)).toEqual([true, true, true])
    expect(['10.0.0.1', '172.16.0.1', '0.0.0.0', '128.0.0.1'].map(isLoopback)).toEqual([false, false, false, false])
  })
})

describe('overlapping faults', () => {
  test('what another fault holds is left to that fault; service-level deficits still count', () => {
    const now: HealthView = {...whole, etcdHealthy: ['etcd-2', 'etcd-3'], servers: ['server-2'], routed: {whoami: 2}}
    expect(healthDeficits(whole, now, ['server-1'])).toEqual(['etcd member unhealthy: etcd-1', 'router whoami: 2 of 3 instances healthy'])
    expect(healthDeficits(whole, {...now, routed: {whoami: 3}}, ['server-1', 'etcd-1'])).toEqual([])
  })
})
