import {expect, test} from 'vitest'
import {resolveServices} from '../../../src/client/runner/services.js'
import {makeAlloc, makeGroup, makeNode, makeTask} from '../helpers.js'

test('services resolve ports to the node address, interpolate tags and check paths', () => {
  const task = makeTask({
    Name: 'api',
    Services: [{Name: 'api-${NOMAD_META_color}', Tags: ['traefik.http.routers.api.rule=Host(`${NOMAD_META_color}.localhost`)'], CanaryTags: ['canary'], PortLabel: 'http', AddressMode: 'auto', Provider: 'nomad',
      Checks: [{Name: 'alive', Type: 'http', Path: '/health/${NOMAD_ALLOC_INDEX}', Interval: 5e9, Timeout: 1e9}, {Name: 'admin', Type: 'tcp', PortLabel: 'admin', Interval: 1e9, Timeout: 1e9}]}],
  })
  const group = makeGroup([task], {Services: [{Name: 'grp', Tags: null, CanaryTags: null, PortLabel: 'admin', AddressMode: 'auto', Provider: 'nomad', Checks: null}]})
  const alloc = makeAlloc({AllocatedResources: {Tasks: {}, Shared: {DiskMB: 0, Ports: [{Label: 'http', Value: 21000, To: 0, HostIP: '127.0.1.4'}, {Label: 'admin', Value: 21001, To: 0, HostIP: ''}]}}})
  const env = {NOMAD_META_color: 'blue', NOMAD_ALLOC_INDEX: '2'}
  const out = resolveServices(group, alloc, makeNode({Address: '127.0.1.9'}), () => env)
  expect(out.map((s) => [s.name, s.taskName, s.address, s.port, s.tags, s.canaryTags])).toEqual([
    ['grp', null, '127.0.1.9', 21001, [], []],
    ['api-blue', 'api', '127.0.1.4', 21000, ['traefik.http.routers.api.rule=Host(`blue.localhost`)'], ['canary']],
  ])
  expect(out[1]!.checks.map((c) => [c.name, c.type, c.address, c.port, c.path, c.intervalMs, c.timeoutMs])).toEqual([
    ['alive', 'http', '127.0.1.4', 21000, '/health/2', 5000, 1000],
    ['admin', 'tcp', '127.0.1.9', 21001, '/', 1000, 1000],
  ])
})
