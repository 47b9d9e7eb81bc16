import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {contextsOf, localArtifactPath, restartPlan, watchSources} from '../../src/cluster/watch-sources.js'
import type {Job, Task} from '../../src/model/index.js'
import type {ImageSpec} from '../../src/platform/types.js'
import {jobsToApply, withReadFiles} from '../../src/cluster/watch-targets.js'

const task = (Name: string, Driver: string, Config: Record<string, unknown>, artifacts: string[] = []): Task =>
  ({Name, Driver, Config, Artifacts: artifacts.map((GetterSource) => ({GetterSource, GetterMode: 'any', RelativeDest: 'local/'}))}) as unknown as Task
const job = (ID: string, groups: Record<string, Task[]>): Job => ({ID, TaskGroups: Object.entries(groups).map(([Name, Tasks]) => ({Name, Tasks}))}) as unknown as Job
const image = (tag: string, context: string): ImageSpec => ({tag, context, buildArgs: {}})

const P = '/home/me/proj'
const jobs = [
  job('web', {
    web: [task('app', 'raw_exec', {command: 'sh', args: ['local/app.sh']}, [`${P}/app.sh`, 'file:///home/me/proj/lib%20x/util.sh', 'https://example.com/x.tgz', '${NOMAD_TASK_DIR}/y']), task('side', 'raw_exec', {command: 'sleep', args: ['600']})],
    tools: [task('tool', 'exec', {command: `${P}/bin/tool.sh`, args: [`${P}/conf/tool.yaml`, '/usr/share/elsewhere.txt']})],
  }),
  job('api', {api: [task('api', 'docker', {image: 'zdev/api:dev'})], db: [task('db', 'docker', {image: 'redis:7'})]}),
]
const images = [image('zdev/api:dev', `${P}/api`), image('zdev/unused:dev', `${P}/unused`)]

describe('what watch follows beyond job files', () => {
  test('local artifacts (refetched), project paths in command/args; not URLs, interpolations or files outside the project', () => {
    const s = watchSources(jobs, images, P)
    expect([...s.byFile.keys()].sort()).toEqual([`${P}/app.sh`, `${P}/bin/tool.sh`, `${P}/conf/tool.yaml`, `${P}/lib x/util.sh`])
    expect(s.byFile.get(`${P}/app.sh`)).toEqual([{ref: {jobId: 'web', group: 'web', task: 'app'}, refetch: true}])
    expect(s.byFile.get(`${P}/bin/tool.sh`)).toEqual([{ref: {jobId: 'web', group: 'tools', task: 'tool'}, refetch: false}])
  })

  test('build contexts map to the docker tasks that run their tag', () => {
    const s = watchSources(jobs, images, P)
    expect(s.contexts.map((c) => [c.dir, c.tasks.map((t) => t.task)])).toEqual([[`${P}/api`, ['api']], [`${P}/unused`, []]])
    expect(contextsOf(s, `${P}/api/src/main.js`).map((c) => c.image.tag)).toEqual(['zdev/api:dev'])
    expect(contextsOf(s, `${P}/api`)).toEqual([]) // the folder itself is not a file in it
    expect(contextsOf(s, `${P}/apiary/x`)).toEqual([])
    for (const f of ['.git/index', 'node_modules/x/y.js', '.zdev/demo/nodes/n/log']) expect(contextsOf(s, `${P}/api/${f}`)).toEqual([])
  })

  test('two images built from one folder (the samples): a change there rebuilds both', () => {
    const s = watchSources(jobs, [image('zdev/whoami:dev', `${P}/samples`), image('zdev/counter:dev', `${P}/samples`)], P)
    expect(restartPlan(s, [`${P}/samples/whoami/whoami.mjs`]).rebuild.map((r) => r.image.tag)).toEqual(['zdev/whoami:dev', 'zdev/counter:dev'])
  })

  test('restartPlan: a saved script restarts only its tasks; a file in a context rebuilds that image once', () => {
    const s = watchSources(jobs, images, P)
    expect(restartPlan(s, [`${P}/app.sh`])).toEqual({rebuild: [], tasks: [{ref: {jobId: 'web', group: 'web', task: 'app'}, refetch: true, because: 'app.sh'}]})
    const p = restartPlan(s, [`${P}/api/a.js`, `${P}/api/b.js`, `${P}/README.md`])
    expect(p.tasks).toEqual([])
    expect(p.rebuild.map((r) => [r.image.tag, r.tasks.map((t) => t.task)])).toEqual([['zdev/api:dev', ['api']]])
  })

  test('localArtifactPath: absolute paths and file:// URLs only', () => {
    expect(localArtifactPath('/a/b/../c.sh')).toBe('/a/c.sh')
    expect(localArtifactPath('file:///a/b%20c.sh')).toBe('/a/b c.sh')
    for (const s of ['https://x/y', 'git::https://x', 'rel/path.sh', '${NOMAD_TASK_DIR}/x', '/a/${var}/x']) expect(localArtifactPath(s)).toBeNull()
  })

  test('property: every planned task uses a changed file, and every task that uses one is planned once', () => {
    const files = ['a.sh', 'b.sh', 'c.sh', 'd.sh'].map((f) => `${P}/${f}`)
    fc.assert(fc.property(
      fc.array(fc.record({arts: fc.subarray(files), cmd: fc.option(fc.constantFrom(...files), {nil: undefined})}), {minLength: 1, maxLength: 6}),
      fc.subarray(files),
      (specs, changed) => {
        const j = job('j', {g: specs.map((sp, i) => task(`t${i}`, 'raw_exec', {command: sp.cmd ?? 'sh'}, sp.arts))})
        const plan = restartPlan(watchSources([j], [], P), changed)
        const uses = (i: number) => [...specs[i]!.arts, ...(specs[i]!.cmd ? [specs[i]!.cmd!] : [])]
        const expected = specs.map((_, i) => i).filter((i) => uses(i).some((f) => changed.includes(f))).map((i) => `t${i}`)
        expect(plan.tasks.map((t) => t.ref.task).sort()).toEqual(expected.sort())
        for (const t of plan.tasks) expect(t.refetch).toBe(specs[Number(t.ref.task.slice(1))]!.arts.some((f) => changed.includes(f)))
      },
    ))
  })
})

describe('files a job reads through file()', () => {
  test('withReadFiles: saving one re-applies the jobs that read it, and only those', () => {
    const base = {platformFile: `${P}/zdev.yaml`, jobsByFile: new Map([[`${P}/a.nomad.hcl`, [0]], [`${P}/b.nomad.hcl`, [1]]])}
    const t = withReadFiles(base, new Map([[0, [`${P}/lib/app.mjs`, `${P}/shared.txt`]], [1, [`${P}/shared.txt`]]]))
    expect(jobsToApply(t, [`${P}/lib/app.mjs`], 2)).toEqual([0])
    expect(jobsToApply(t, [`${P}/shared.txt`], 2)).toEqual([0, 1])
    expect(jobsToApply(t, [`${P}/other.txt`], 2)).toEqual([])
    expect(base.jobsByFile.get(`${P}/a.nomad.hcl`)).toEqual([0]) // the input is not changed
  })
})
