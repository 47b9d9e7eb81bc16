// Nomad's default_scheduler_config from the platform file's `scheduler:` section to a decision:
// the loaded platform → the server's options (agentConfig) → the options every evaluation is
// scheduled with, and a setting there changes what the scheduler does.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
import {agentConfig, type ServerAgentConfig} from '../../src/agents/agent-config.js'
import {parsePlatform} from '../../src/platform/load.js'
import {DEFAULT_SCHEDULER_CONFIG, simulate, type SchedulerConfig} from '../../src/scheduler/index.js'
import {Harness, placed, stopped} from './harness.js'
import {makeJob, makeNodes, makeTask} from './fixtures.js'

const dir = mkdtempSync(path.join(tmpdir(), 'zdev-sched-config-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

async function configFrom(yaml: string): Promise<SchedulerConfig> {
  return (await parsePlatform(`name: demo\nservers: 1\nnodes: 0\n${yaml}`, 'zdev.yaml', path.join(dir, 'zdev.yaml'))).scheduler
}

const cpuJob = (id: string, priority: number, cpu: number) => makeJob({ID: id, Priority: priority}, [{Name: 'g', Count: 1, Tasks: [makeTask({Resources: {CPU: cpu, MemoryMB: 100}})]}])

/** A full node running a priority-20 service, then a priority-70 service that needs its room. */
function evictions(cfg: SchedulerConfig): number {
  const h = new Harness(makeNodes(1))
  h.options = {algorithm: cfg.algorithm, preemption: cfg.preemption}
  h.register(cpuJob('low', 20, 3500))
  h.process('low')
  h.setClient(() => true, 'running')
  h.register(cpuJob('high', 70, 1000))
  const plan = h.process('high')
  expect(placed(plan)).toHaveLength(stopped(plan).length)
  return stopped(plan).length
}

describe('the platform file sets the scheduler configuration', () => {
  test("no section: Nomad's defaults (binpack; preemption for system only)", async () => {
    expect(await configFrom('')).toEqual({algorithm: 'binpack', preemption: {system: true, sysbatch: false, service: false, batch: false}})
    expect(DEFAULT_SCHEDULER_CONFIG).toEqual(await configFrom(''))
  })

  test('the server process gets it in its options', async () => {
    const file = path.join(dir, 'zdev.yaml')
    writeFileSync(file, 'name: demo\nservers: 1\nnodes: 0\nscheduler:\n  scheduler_algorithm: spread\n  preemption_config:\n    service_scheduler_enabled: true\n')
    const cfg = (await agentConfig('server', 'server-1', {ZDEV_PLATFORM_FILE: file, ZDEV_KV_ENDPOINTS: 'http://127.0.0.1:1'})) as ServerAgentConfig
    expect(cfg.scheduler).toEqual({algorithm: 'spread', preemption: {system: true, sysbatch: false, service: true, batch: false}})
  })

  test('service_scheduler_enabled: true makes a higher-priority service evict; the default does not', async () => {
    expect(evictions(await configFrom(''))).toBe(0)
    expect(evictions(await configFrom('scheduler:\n  preemption_config:\n    service_scheduler_enabled: true\n'))).toBe(1)
    expect(evictions(await configFrom('scheduler:\n  preemption_config:\n    batch_scheduler_enabled: true\n'))).toBe(0)
  })

  test('scheduler_algorithm: spread spreads a job that binpack packs', async () => {
    const run = async (yaml: string) => {
      const cfg = await configFrom(yaml)
      // one allocation per job: job anti-affinity plays no part, only the algorithm
      const jobs = Array.from({length: 10}, (_, k) => makeJob({ID: `web-${k}`}, [{Name: 'g', Count: 1, Tasks: [makeTask({Resources: {CPU: 100, MemoryMB: 64}})]}]))
      return simulate({nodes: makeNodes(10), jobs, seed: 's', algorithm: cfg.algorithm}).spread.nodesUsed
    }
    const packed = await run('')
    const spread = await run('scheduler:\n  scheduler_algorithm: spread\n')
    // each placement compares a few random candidates: binpack takes the fullest of them, so a
    // few nodes end up used; spread the emptiest, so nearly all (seeded: the same every run)
    expect(packed).toBeLessThanOrEqual(3)
    expect(spread).toBeGreaterThanOrEqual(8)
  })
})
