import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {platformComponents} from '../../src/chaos/index.js'
import {loadScenario} from '../../src/chaos/scenario-load.js'
import {parsePlatform} from '../../src/platform/load.js'

// The shipped scenarios load against the platform they are written for.
const dir = path.resolve(import.meta.dirname, '../../fixtures/scenarios')

describe('fixtures/scenarios', () => {
  test.each(fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')))('%s loads against a 3-server, 3-node, 2-proxy platform', async (f) => {
    const p = await parsePlatform('name: x\nservers: 3\nnodes: 3\nproxies:\n  count: 2\n', 'zdev.yaml', '/tmp/x/zdev.yaml')
    expect(platformComponents(p)).toEqual(['etcd-1', 'etcd-2', 'etcd-3', 'server-1', 'server-2', 'server-3', 'node-1', 'node-2', 'node-3', 'proxy-1', 'proxy-2'])
    const sc = await loadScenario(path.join(dir, f), platformComponents(p))
    expect(sc.steps.length).toBeGreaterThan(0)
  })

  test('the same scenario against a smaller platform names the step that does not fit', async () => {
    const p = await parsePlatform('name: x\nnodes: 1\n', 'zdev.yaml', '/tmp/x/zdev.yaml')
    await expect(loadScenario(path.join(dir, 'all-nodes-down.yaml'), platformComponents(p))).rejects.toThrow(/all-nodes-down\.yaml: 2 problems\n {2}\* \S+all-nodes-down\.yaml:9:11: steps\[1\]\.stop: no component named "node-2" in the platform; did you mean "node-1"\?.*\n {2}\* \S+all-nodes-down\.yaml:11:11: steps\[2\]\.stop: no component named "node-3"/)
  })
})
