// A chaos task fault on a docker task (real dockerd, real alloc runner): the allocation's
// running container is found by its labels and SIGKILLed, the restart policy starts a new
// container, and the fault reports the task back only once that new container runs.
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {killContainers, replacedContainer, runningTaskContainers} from '../../src/chaos/task-containers.js'
import {startAllocRunner, type AllocRunnerHandle} from '../../src/client/runner/alloc-runner.js'
import {createDockerDriver} from '../../src/drivers/docker-driver.js'
import type {Platform} from '../../src/platform/types.js'
import {makeAlloc, makeGroup, makeJob, makeNode, makeTask} from '../client/helpers.js'
import {waitFor} from '../support/agents.js'
import {Recorder} from '../client/recorder.js'
import {ensureBusybox, removeTestContainers, testDaemon, testLabels} from '../support/docker.js'

const RUN = `chaos${process.pid}`
const labels = testLabels(RUN)
const platform = {name: labels['zdev.cluster'], stateDir: labels['zdev.state']} as Platform
let runner: AllocRunnerHandle | undefined
let dir = ''
let image = ''

beforeAll(async () => {
  image = await ensureBusybox((await testDaemon()).docker)
}, 120_000)
afterAll(async () => {
  await runner?.stop('test over')
  await removeTestContainers((await testDaemon()).docker, RUN)
  if (dir) rmSync(dir, {recursive: true, force: true})
})

test('kill the container of a docker task; back once the restart policy has started a new one', {timeout: 60_000}, async () => {
  const restart = {Attempts: 3, Interval: 60e9, Delay: 200e6, Mode: 'fail' as const}
  const job = makeJob([makeGroup([makeTask({Name: 'svc', Driver: 'docker', Config: {image, command: 'sleep', args: ['300']}, RestartPolicy: restart})], {RestartPolicy: restart})])
  dir = mkdtempSync(join(tmpdir(), 'zdev-chaos-docker-'))
  const alloc = makeAlloc()
  runner = startAllocRunner({alloc, job, node: makeNode({Address: '127.0.1.9'}), allocDir: dir, drivers: {docker: createDockerDriver({labels})}, events: new Recorder(), random: () => 0, hostEnv: {}})

  const before = await waitFor('the task container running', async () => {
    const c = await runningTaskContainers(platform, alloc.ID)
    return c && c.ids.length === 1 ? c : null
  }, 30_000)
  expect(await replacedContainer(before, platform, alloc.ID)).toBe(false)
  await killContainers(before)
  const after = await waitFor('a new container of the allocation', async () => ((await replacedContainer(before, platform, alloc.ID)) ? await runningTaskContainers(platform, alloc.ID) : null), 30_000)
  expect(after.ids).toHaveLength(1)
  expect(after.ids[0]).not.toBe(before.ids[0])
  // another cluster's labels see nothing of it
  expect((await runningTaskContainers({...platform, name: 'someone-else'}, alloc.ID))?.ids).toEqual([])
})
