// Docker tasks through the alloc runner (real dockerd): templates visible inside, the runtime
// env with container paths, logs in the alloc's files, and bad input as plain task events and
// an alloc status that says so, never a hang.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest'
import {startAllocRunner, type AllocRunnerHandle} from '../../src/client/runner/alloc-runner.js'
import {createDockerDriver} from '../../src/drivers/docker-driver.js'
import type {Job} from '../../src/model/index.js'
import {makeAlloc, makeGroup, makeJob, makeNode, makeTask} from '../client/helpers.js'
import {waitFor} from '../client/processes.js'
import {Recorder} from '../client/recorder.js'
import {ensureBusybox, removeTestContainers, testDaemon, testLabels} from '../support/docker.js'

const RUN = `alloc${process.pid}`
const drivers = {docker: createDockerDriver({labels: testLabels(RUN)})}
const runners: AllocRunnerHandle[] = []
const dirs: string[] = []
let image = ''

beforeAll(async () => {
  image = await ensureBusybox((await testDaemon()).docker)
}, 120_000)
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop('test over')))
  await removeTestContainers((await testDaemon()).docker, RUN)
  for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true})
})
afterAll(async () => removeTestContainers((await testDaemon()).docker, RUN))

const once = {Attempts: 0, Interval: 60e9, Delay: 1e9, Mode: 'fail' as const}

function run(job: Job) {
  const allocDir = mkdtempSync(join(tmpdir(), 'zdev-dalloc-'))
  dirs.push(allocDir)
  const rec = new Recorder()
  const alloc = makeAlloc()
  const r = startAllocRunner({alloc, job, node: makeNode({Address: '127.0.1.7'}), allocDir, drivers, events: rec, random: () => 0, hostEnv: {SECRET_HOST_VAR: 'x', ZDEV_CLUSTER: 'c1'}})
  runners.push(r)
  return {r, rec, allocDir, alloc}
}

function batch(config: Record<string, unknown>, extra: Record<string, unknown> = {}): Job {
  return makeJob([makeGroup([makeTask({Name: 'work', Driver: 'docker', Config: {image, ...config}, RestartPolicy: once, ...extra})], {RestartPolicy: once})], {Type: 'batch'})
}

describe('docker tasks in an allocation', () => {
  test('templates land in /local; NOMAD_* point inside the container; no host env but the platform\'s; logs in alloc/logs', async () => {
    const job = batch({command: 'sh', args: ['-c', 'cat $NOMAD_TASK_DIR/conf.txt; echo "$NOMAD_ALLOC_DIR $NOMAD_SECRETS_DIR ${SECRET_HOST_VAR:-none} $ZDEV_CLUSTER"']}, {
      Templates: [{EmbeddedTmpl: 'job={{ env "NOMAD_JOB_ID" }}\n', DestPath: 'local/conf.txt', ChangeMode: 'noop'}],
    })
    const {r, rec, allocDir} = run(job)
    await r.done
    expect(rec.status).toBe('complete: All tasks have completed')
    expect(readFileSync(join(allocDir, 'alloc', 'logs', 'work.stdout.0'), 'utf8')).toBe(`job=${job.ID}\n/alloc /secrets none c1\n`)
  })

  test('an image that exists nowhere: Driver Failure event naming the image, alloc failed', async () => {
    const {r, rec} = run(batch({image: 'zdev-test/absent:1'}))
    await r.done
    const events = rec.events('work')
    expect(events).toContain('Driver: Downloading image zdev-test/absent:1')
    expect(events.find((e) => e.startsWith('Driver Failure: '))).toMatch(/^Driver Failure: Failed to pull `zdev-test\/absent:1`: .*zdev image build DIR -t zdev-test\/absent:1/)
    expect(rec.status).toMatch(/^failed: /)
    expect(rec.tasks.work!.Failed).toBe(true)
  })

  test('a bad volumes entry: the event names the field, alloc failed', async () => {
    const {r, rec} = run(batch({command: 'true', volumes: ['/tmp']}))
    await r.done
    expect(rec.events('work')).toContain('Driver Failure: task "work": config.volumes[0] "/tmp" is not "host_path:container_path[:ro|rw]" with an absolute container path')
    expect(rec.status).toMatch(/^failed: /)
  })

  test('a stop kills the container and removes it', async () => {
    const {r, rec} = run(makeJob([makeGroup([makeTask({Name: 'svc', Driver: 'docker', Config: {image, command: 'sleep', args: ['300'], init: true}})])]))
    await waitFor(() => rec.tasks.svc?.State === 'running', 20_000, 'running')
    await r.stop('test')
    expect(rec.events('svc')).toContain('Killed: Task successfully killed')
    expect(await (await import('../../src/drivers/docker-cleanup.js')).listLabelled((await testDaemon()).docker, testLabels(RUN))).toEqual([])
  })

  test('script checks of a docker task run inside its container (docker exec); a slow one times out', async () => {
    const check = (over: Record<string, unknown>) => ({Name: '', Interval: 200e6, Timeout: 2e9, ...over}) as never
    const svc = (Name: string, c: Record<string, unknown>) => ({Name, Tags: null, CanaryTags: null, PortLabel: '', AddressMode: 'auto', Provider: 'nomad', Checks: [check({Type: 'script', ...c})]}) as never
    const task = makeTask({
      Name: 'box', Driver: 'docker', Config: {image, command: 'sh', args: ['-c', 'echo in-$NOMAD_TASK_NAME > /inside-marker; exec sleep 300'], init: true},
      Services: [
        // /inside-marker exists only in the container's root: passing proves the check ran there.
        svc('inside', {Command: 'sh', Args: ['-c', 'test "$(cat /inside-marker)" = in-box']}),
        svc('absent', {Command: 'cat', Args: ['/no-such-file']}),
        svc('slow', {Command: 'sleep', Args: ['30'], Timeout: 300e6}),
      ],
    })
    const {rec} = run(makeJob([makeGroup([task])]))
    await waitFor(() => rec.checks.includes('inside=true') && rec.checks.includes('absent=false') && rec.checks.includes('slow=false'), 30_000, 'checks reported')
    expect(rec.checks).not.toContain('absent=true')
    expect(rec.checks).not.toContain('slow=true')
    const d = await testDaemon()
    const [c] = await d.docker.listContainers({filters: {label: [`zdev.cluster=test-${RUN}`, 'zdev.task=box']}})
    // Each timed-out `sleep 30` is killed: the probes (one every ~0.5 s, each asking for 30 s)
    // never pile up (unkilled, they would be 6 and more by the end of these 3 s).
    const sleeping = async () => (await d.docker.getContainer(c!.Id).top()).Processes.filter((p: string[]) => p.at(-1) === 'sleep 30').length
    let most = 0
    for (let i = 0; i < 15; i++) {
      most = Math.max(most, await sleeping())
      await new Promise((r) => setTimeout(r, 200))
    }
    expect(most).toBeLessThanOrEqual(2)
  })
})

