// Containers die with their node: a SIGKILLed agent's containers are removed by its watchdog;
// a new agent of the same node sweeps what any earlier one left; nothing of another owner is touched.
import {join} from 'node:path'
import {execa, type ResultPromise} from 'execa'
import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest'
import {listLabelled, removeLabelled} from '../../src/drivers/docker-cleanup.js'
import {createNodeDrivers} from '../../src/client/node-drivers.js'
import {ensureBusybox, removeTestContainers, testDaemon, testLabels} from '../support/docker.js'

const RUN = `life${process.pid}`
const fixtures = join(import.meta.dirname, '..', 'client', 'fixtures')
let image = ''
let agent: ResultPromise | null = null

beforeAll(async () => {
  image = await ensureBusybox((await testDaemon()).docker)
}, 120_000)

afterEach(async () => {
  agent?.kill('SIGKILL')
  agent = null
  await removeTestContainers((await testDaemon()).docker, RUN)
  await removeTestContainers((await testDaemon()).docker, `${RUN}-other`)
})
afterAll(async () => removeTestContainers((await testDaemon()).docker, RUN))

function holder(labels: object, count: number): {agent: ResultPromise; names: Promise<string[]>} {
  const a = execa(process.execPath, ['--import', join(fixtures, 'ts-loader.mjs'), join(import.meta.dirname, 'fixtures', 'docker-holder.mjs'), JSON.stringify(labels), image, String(count)], {reject: false, buffer: false, stdout: 'pipe', stderr: 'inherit'})
  const names = new Promise<string[]>((resolve, reject) => {
    let out = ''
    a.stdout!.on('data', (b: Buffer) => {
      out += b
      if (out.includes('ready\n')) resolve(out.split('\n').filter((l) => l.startsWith('hold-')))
    })
    void a.then(() => reject(new Error(`holder exited before ready: ${out}`)))
  })
  return {agent: a, names}
}

async function until(fn: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const t0 = Date.now()
  while (!(await fn())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('docker containers follow their node', () => {
  test('SIGKILL of the agent: its watchdog removes every container it started', async () => {
    const docker = (await testDaemon()).docker
    const labels = testLabels(RUN)
    const h = holder(labels, 2)
    agent = h.agent
    const names = await h.names
    expect((await listLabelled(docker, labels)).map((c) => c.name).sort()).toEqual(names.sort())
    h.agent.kill('SIGKILL')
    await until(async () => (await listLabelled(docker, labels)).length === 0, 20_000, 'containers removed after the agent died')
  })

  test('a new agent of the node sweeps leftovers of an earlier one, and nothing of another node or cluster', async () => {
    const docker = (await testDaemon()).docker
    const mine = testLabels(RUN)
    const otherNode = {...mine, 'zdev.node': 'node-other'}
    const otherCluster = testLabels(`${RUN}-other`)
    // Leftovers whose watchdog died too (the agent and its watchdog killed together), made directly.
    for (const [i, l] of [mine, otherNode, otherCluster].entries()) {
      await docker.createContainer({Image: image, Cmd: ['sleep', '300'], name: `left-${RUN}-${i}`, Labels: l})
    }
    const drivers = await createNodeDrivers({cluster: mine['zdev.cluster'], name: mine['zdev.node'], stateDir: join(mine['zdev.state'], 'nodes', mine['zdev.node']), drivers: ['raw_exec', 'docker']}, () => {})
    expect(Object.keys(drivers)).toEqual(['raw_exec', 'docker'])
    expect(await listLabelled(docker, mine)).toEqual([])
    expect(await listLabelled(docker, otherNode)).toEqual([expect.objectContaining({name: `left-${RUN}-1`})])
    expect(await listLabelled(docker, otherCluster)).toHaveLength(1)
    await removeLabelled(docker, otherNode)
  })

  test('nodes[].drivers without docker: no docker driver, nothing swept', async () => {
    const drivers = await createNodeDrivers({cluster: 'x', name: 'n', stateDir: '/tmp/x/nodes/n', drivers: ['raw_exec']}, () => {})
    expect(Object.keys(drivers)).toEqual(['raw_exec'])
  })
})
