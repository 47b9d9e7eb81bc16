import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {parseJobSource, toApiJson} from '../../src/jobspec/index.js'
import type {Job} from '../../src/model/job.js'
import {corpusDir, corpusPresent} from './corpus-cases.js'

// Field-by-field equality with what Nomad produced for corpus files: the server-stored job of
// the API docs (website__…block5.json) and expectations of Nomad's jobspec parse tests.

const present = corpusPresent()
if (!present) console.log(`parity test skipped: ${corpusDir} not found`)

const read = (f: string) => fs.readFileSync(path.join(corpusDir, f), 'utf8')
const S = 1e9

describe.skipIf(!present)('parity with Nomad', () => {
  test('a server-stored job keeps every field Nomad stored through canonicalize', async () => {
    const stored = JSON.parse(read('website__content__api-docs__jobs.mdx__block5.json')) as Job
    const job = await parseJobSource(JSON.stringify(stored), 'block5.json', {serverChecks: false})
    const g = job.TaskGroups[0]!
    const redis = g.Tasks[1]!
    const sg = stored.TaskGroups[0]!
    const sredis = sg.Tasks[1]!
    expect([job.ID, job.Name, job.Namespace, job.Region, job.Type, job.Priority, job.Datacenters, job.NodePool]).toEqual([stored.ID, stored.Name, stored.Namespace, stored.Region, stored.Type, stored.Priority, stored.Datacenters, stored.NodePool])
    expect(job.Constraints).toEqual(stored.Constraints)
    expect(job.Periodic).toMatchObject(stored.Periodic!)
    expect(job.ParameterizedJob).toEqual(stored.ParameterizedJob)
    expect([g.Name, g.Count, g.Constraints, g.Affinities, g.RestartPolicy, g.EphemeralDisk, g.Meta]).toEqual([sg.Name, sg.Count, sg.Constraints, sg.Affinities, {...sg.RestartPolicy, RenderTemplates: false}, sg.EphemeralDisk, sg.Meta])
    expect(g.Tasks.map((t) => t.Name)).toEqual(['init', 'redis'])
    expect(g.Tasks[0]!.Lifecycle).toEqual({Hook: 'prestart', Sidecar: false})
    expect([redis.Driver, redis.User, redis.Config, redis.Env, redis.Meta, redis.KillTimeout, redis.LogConfig, redis.Leader]).toEqual([sredis.Driver, sredis.User, sredis.Config, sredis.Env, sredis.Meta, sredis.KillTimeout, sredis.LogConfig, sredis.Leader])
    expect(redis.Resources).toMatchObject({CPU: 500, MemoryMB: 256, DiskMB: 0})
    expect(redis.Resources.Networks![0]!.ReservedPorts).toEqual([{Label: 'rpc', Value: 25566, To: 0, HostNetwork: 'default'}])
    expect(redis.Resources.Networks![0]!.DynamicPorts).toEqual([{Label: 'db', Value: 0, To: 0, HostNetwork: 'default'}])
    expect(redis.Services![0]).toMatchObject({Name: 'cache-redis', PortLabel: 'db', Tags: ['global', 'cache']})
    expect(redis.Services![0]!.Checks![0]).toMatchObject({Name: 'alive', Type: 'tcp', Interval: 10 * S, Timeout: 2 * S})
    expect(redis.Templates![0]).toMatchObject({SourcePath: 'local/config.conf.tpl', DestPath: 'local/config.conf', ChangeMode: 'signal', ChangeSignal: 'SIGUSR1', Splay: 5 * S})
    expect(redis.Artifacts![0]).toMatchObject({GetterSource: 'http://foo.com/artifact.tar.gz', GetterOptions: {checksum: 'md5:c4aa853ad2215426eb7d70a21922e794'}, RelativeDest: 'local/'})
    // The init task had no restart, kill timeout or logs: Nomad's defaults for a batch job.
    expect(g.Tasks[0]!.Resources).toMatchObject({CPU: 100, MemoryMB: 300})
    expect(g.Tasks[0]!.KillTimeout).toBe(5 * S)
    expect(g.ReschedulePolicy).toEqual({Attempts: 1, Interval: 24 * 3600 * S, Delay: 5 * S, DelayFunction: 'constant', MaxDelay: 0, Unlimited: false})
  })

  test.each([
    ['jobspec__test-fixtures__version-constraint.hcl', (j: Job) => j.Constraints, [{LTarget: '$attr.kernel.version', RTarget: '~> 3.2', Operand: 'version'}]],
    ['jobspec__test-fixtures__regexp-constraint.hcl', (j: Job) => j.Constraints, [{LTarget: '$attr.kernel.version', RTarget: '[0-9.]+', Operand: 'regexp'}]],
    // jobspec/parse_test.go (v1) and jobspec2 TestParse_Constraint_Alternatives: RTarget "true"
    ['jobspec__test-fixtures__distinctHosts-constraint.hcl', (j: Job) => j.Constraints, [{LTarget: '', RTarget: 'true', Operand: 'distinct_hosts'}]],
    ['jobspec__test-fixtures__specify-job.hcl', (j: Job) => [j.ID, j.Name, j.Priority, j.Region, j.Type], ['job1', 'My Job', 50, 'global', 'service']],
    ['jobspec__test-fixtures__default-job.hcl', (j: Job) => [j.ID, j.Name, j.Priority, j.Region, j.Type], ['foo', 'foo', 50, 'global', 'service']],
    ['jobspec__test-fixtures__periodic-cron.hcl', (j: Job) => [j.Periodic!.Enabled, j.Periodic!.SpecType, j.Periodic!.Spec], [true, 'cron', '*/5 * * *']],
    ['jobspec__test-fixtures__task-nested-config.hcl', (j: Job) => j.TaskGroups[0]!.Tasks[0]!.Config, {image: 'hashicorp/image', port_map: [{db: 1234}]}],
    ['jobspec2__parse_test.go__L1036__TestParse_UndefinedVariables_unquoted.hcl', (j: Job) => j.Region, '${meta.mytest}'],
    ['jobspec2__parse_test.go__L1021__TestParse_UndefinedVariables_1.hcl', (j: Job) => j.Region, 'with spaces ${   root.  field[  "FOO"].5  }'],
    ['jobspec2__parse_test.go__L36__TestParse_VarsAndFunctions.hcl', (j: Job) => [j.Datacenters, j.Region], [['DC1', 'DC2'], 'default']],
  ])('%s', async (file, pick, want) => {
    const job = await parseJobSource(read(file), file, {serverChecks: false})
    expect(pick(job)).toEqual(want)
  })

  test('TestParse_UnknownVariables: known var resolved, unknown kept', async () => {
    const f = 'jobspec2__parse_test.go__L161__TestParse_UnknownVariables.hcl'
    const job = await parseJobSource(read(f), f, {serverChecks: false, vars: {region_var: 'aug'}})
    expect([job.Region, job.Meta]).toEqual(['aug', {known_var: 'aug', unknown_var: '${UNKNOWN}'}])
  })

  test('the API JSON example of `nomad job init` renders to itself', async () => {
    const f = 'command__testdata__example-short.json'
    const first = toApiJson(await parseJobSource(read(f), f))
    const again = toApiJson(await parseJobSource(JSON.stringify(first), f))
    expect(again).toEqual(first)
  })
})
