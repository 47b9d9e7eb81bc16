import {describe, expect, test} from 'vitest'
import type {Job} from '../../src/model/job.js'
import {groupJob, load, taskJob} from './helpers.js'

// Every block of the jobspec, decoded into Nomad's API shape (after defaults).

type Case = [string, string, (j: Job) => unknown, unknown]

const g0 = (j: Job) => j.TaskGroups[0]!
const t0 = (j: Job) => j.TaskGroups[0]!.Tasks[0]!

const cases: Case[] = [
  ['job attributes', groupJob('', {job: 'region = "eu"\nnamespace = "apps"\ntype = "batch"\npriority = 70\nall_at_once = true\ndatacenters = ["a", "b"]\nnode_pool = "gpu"'}), (j) => [j.Region, j.Namespace, j.Type, j.Priority, j.AllAtOnce, j.Datacenters, j.NodePool], ['eu', 'apps', 'batch', 70, true, ['a', 'b'], 'gpu']],
  ['job name attribute', groupJob('', {job: 'name = "My Job"'}), (j) => [j.ID, j.Name], ['j', 'My Job']],
  ['group count', groupJob('count = 3'), (j) => g0(j).Count, 3],
  ['task config with nested blocks', taskJob('config {\n  image = "redis"\n  port_map {\n    db = 1234\n  }\n}'), (j) => t0(j).Config, {image: 'redis', port_map: [{db: 1234}]}],
  ['task config numbers, lists and maps', taskJob('config {\n  n = 1.5\n  args = ["-a", "b"]\n  labels = { a = "b" }\n}'), (j) => t0(j).Config, {n: 1.5, args: ['-a', 'b'], labels: {a: 'b'}}],
  ['task user, kill_timeout, kill_signal, leader, shutdown_delay', taskJob('user = "nobody"\nkill_timeout = "20s"\nkill_signal = "SIGINT"\nleader = true\nshutdown_delay = "3s"'), (j) => [t0(j).User, t0(j).KillTimeout, t0(j).KillSignal, t0(j).Leader, t0(j).ShutdownDelay], ['nobody', 20e9, 'SIGINT', true, 3e9]],
  ['resources', taskJob('resources {\n  cpu = 500\n  memory = 256\n  memory_max = 512\n}'), (j) => t0(j).Resources, {CPU: 500, Cores: 0, MemoryMB: 256, MemoryMaxMB: 512}],
  ['resources with cores leave cpu at 0', taskJob('resources {\n  cores = 2\n}'), (j) => [t0(j).Resources.CPU, t0(j).Resources.Cores], [0, 2]],
  ['env as a block', taskJob('env {\n  A = "1"\n  B = 2\n}'), (j) => t0(j).Env, {A: '1', B: '2'}],
  ['env as an attribute with dotted keys', taskJob('env = {\n  "a.b" = "c"\n}'), (j) => t0(j).Env, {'a.b': 'c'}],
  ['meta as block and attribute at each level', groupJob('meta {\n  g = "1"\n}', {job: 'meta = { j = "1" }', task: 'task "t" {\n  driver = "exec"\n  meta {\n    t = "1"\n  }\n}'}), (j) => [j.Meta, g0(j).Meta, t0(j).Meta], [{j: '1'}, {g: '1'}, {t: '1'}]],
  [
    'group network ports: static is reserved, others dynamic',
    groupJob('network {\n  mode = "bridge"\n  port "http" {\n    to = 8080\n  }\n  port "admin" {\n    static = 9000\n    host_network = "private"\n  }\n}'),
    (j) => g0(j).Networks,
    [{Mode: 'bridge', ReservedPorts: [{Label: 'admin', Value: 9000, To: 0, HostNetwork: 'private'}], DynamicPorts: [{Label: 'http', Value: 0, To: 8080, HostNetwork: 'default'}]}],
  ],
  ['network mode defaults to host', groupJob('network {\n  port "p" {}\n}'), (j) => g0(j).Networks![0]!.Mode, 'host'],
  [
    'group service with check',
    groupJob('network {\n  port "http" {}\n}\nservice {\n  port = "http"\n  tags = ["a"]\n  canary_tags = ["c"]\n  check {\n    type = "http"\n    path = "/health"\n    interval = "10s"\n    timeout = "2s"\n  }\n}'),
    (j) => {
      const s = g0(j).Services![0]!
      const c = s.Checks![0]!
      return [s.Name, s.PortLabel, s.Tags, s.CanaryTags, s.AddressMode, s.Provider, c.Name, c.Type, c.Path, c.Interval, c.Timeout, c.PortLabel]
    },
    ['j-g', 'http', ['a'], ['c'], 'auto', 'consul', 'service: "j-g" check', 'http', '/health', 10e9, 2e9, ''],
  ],
  ['task service name default', taskJob('service {\n  provider = "nomad"\n}'), (j) => [t0(j).Services![0]!.Name, t0(j).Services![0]!.Provider], ['j-g-t', 'nomad']],
  ['template with heredoc', taskJob('template {\n  destination = "local/a.conf"\n  data = <<EOH\nport={{ env "NOMAD_PORT_http" }}\nEOH\n  change_mode = "signal"\n  change_signal = "SIGHUP"\n}'), (j) => t0(j).Templates, [{SourcePath: '', DestPath: 'local/a.conf', EmbeddedTmpl: 'port={{ env "NOMAD_PORT_http" }}\n', ChangeMode: 'signal', ChangeSignal: 'SIGHUP', Splay: 5e9, Perms: '0644', LeftDelim: '{{', RightDelim: '}}', Envvars: false, ErrMissingKey: false, Once: false}]],
  ['restart at group and task merge over the defaults', groupJob('restart {\n  attempts = 5\n  mode = "delay"\n}', {task: 'task "t" {\n  driver = "exec"\n  restart {\n    delay = "1s"\n  }\n}'}), (j) => [g0(j).RestartPolicy, t0(j).RestartPolicy], [{Attempts: 5, Interval: 1800e9, Delay: 15e9, Mode: 'delay', RenderTemplates: false}, {Attempts: 5, Interval: 1800e9, Delay: 1e9, Mode: 'delay', RenderTemplates: false}]],
  ['reschedule at job level merges into groups', groupJob('reschedule {\n  attempts = 4\n}', {job: 'reschedule {\n  delay = "10s"\n  unlimited = false\n}'}), (j) => g0(j).ReschedulePolicy, {Attempts: 4, Interval: 0, Delay: 10e9, DelayFunction: 'exponential', MaxDelay: 3600e9, Unlimited: false}],
  ['update at job level merges into groups', groupJob('update {\n  canary = 1\n}', {job: 'update {\n  max_parallel = 3\n  auto_revert = true\n}'}), (j) => g0(j).Update, {Stagger: 30e9, MaxParallel: 3, HealthCheck: 'checks', MinHealthyTime: 10e9, HealthyDeadline: 300e9, ProgressDeadline: 600e9, Canary: 1, AutoRevert: true, AutoPromote: false}],
  ['migrate', groupJob('migrate {\n  max_parallel = 2\n}'), (j) => g0(j).Migrate, {MaxParallel: 2, HealthCheck: 'checks', MinHealthyTime: 10e9, HealthyDeadline: 300e9}],
  ['constraint with sugar at every level', groupJob('constraint {\n  distinct_hosts = true\n}', {job: 'constraint {\n  attribute = "${attr.kernel.name}"\n  value = "linux"\n}', task: 'task "t" {\n  driver = "exec"\n  constraint {\n    attribute = "${attr.os.version}"\n    regexp = "^2"\n  }\n}'}), (j) => [j.Constraints, g0(j).Constraints, t0(j).Constraints], [[{LTarget: '${attr.kernel.name}', RTarget: 'linux', Operand: '='}], [{LTarget: '', RTarget: 'true', Operand: 'distinct_hosts'}], [{LTarget: '${attr.os.version}', RTarget: '^2', Operand: 'regexp'}]]],
  ['distinct_property', groupJob('constraint {\n  distinct_property = "${meta.rack}"\n  value = "2"\n}'), (j) => g0(j).Constraints, [{LTarget: '${meta.rack}', RTarget: '2', Operand: 'distinct_property'}]],
  ['affinity weight default', groupJob('affinity {\n  attribute = "${node.datacenter}"\n  value = "dc1"\n}'), (j) => g0(j).Affinities, [{LTarget: '${node.datacenter}', RTarget: 'dc1', Operand: '=', Weight: 50}]],
  ['spread with targets', groupJob('spread {\n  attribute = "${node.datacenter}"\n  target "dc1" {\n    percent = 70\n  }\n}'), (j) => g0(j).Spreads, [{Attribute: '${node.datacenter}', Weight: 50, SpreadTarget: [{Value: 'dc1', Percent: 70}]}]],
  ['periodic', groupJob('', {job: 'type = "batch"\nperiodic {\n  cron = "*/15 * * * *"\n  prohibit_overlap = true\n  time_zone = "Europe/Paris"\n}'}), (j) => j.Periodic, {Enabled: true, Spec: '*/15 * * * *', Specs: [], SpecType: 'cron', ProhibitOverlap: true, TimeZone: 'Europe/Paris'}],
  ['parameterized', groupJob('', {job: 'type = "batch"\nparameterized {\n  meta_required = ["a"]\n}'}), (j) => j.ParameterizedJob, {Payload: 'optional', MetaRequired: ['a'], MetaOptional: null}],
  ['lifecycle', taskJob('lifecycle {\n  hook = "prestart"\n  sidecar = true\n}'), (j) => t0(j).Lifecycle, {Hook: 'prestart', Sidecar: true}],
  ['ephemeral_disk', groupJob('ephemeral_disk {\n  size = 500\n  sticky = true\n}'), (j) => g0(j).EphemeralDisk, {Sticky: true, Migrate: false, SizeMB: 500}],
  ['volume and volume_mount', groupJob('volume "data" {\n  type = "host"\n  source = "shared"\n  read_only = true\n}', {task: 'task "t" {\n  driver = "exec"\n  volume_mount {\n    volume = "data"\n    destination = "/srv"\n  }\n}'}), (j) => [g0(j).Volumes, t0(j).VolumeMounts], [{data: {Name: 'data', Type: 'host', Source: 'shared', ReadOnly: true}}, [{Volume: 'data', Destination: '/srv', ReadOnly: false}]]],
  ['artifact', taskJob('artifact {\n  source = "https://x/y.tgz"\n  options {\n    checksum = "md5:abc"\n  }\n}'), (j) => t0(j).Artifacts, [{GetterMode: 'any', RelativeDest: 'local/', GetterSource: 'https://x/y.tgz', GetterOptions: {checksum: 'md5:abc'}, GetterHeaders: null}]],
  ['logs', taskJob('logs {\n  max_files = 3\n  max_file_size = 20\n}'), (j) => t0(j).LogConfig, {MaxFiles: 3, MaxFileSizeMB: 20, Disabled: false}],
  ['group scaling sets count from min', groupJob('scaling {\n  min = 2\n  max = 5\n  policy {\n    cooldown = "1m"\n  }\n}'), (j) => [g0(j).Count, g0(j).Scaling], [2, {Min: 2, Max: 5, Policy: {cooldown: '1m'}, Enabled: true, Type: 'horizontal'}]],
  ['task scaling', taskJob('scaling "cpu" {\n  max = 1000\n}'), (j) => t0(j).ScalingPolicies, [{Min: null, Max: 1000, Policy: null, Enabled: true, Type: 'vertical_cpu'}]],
  ['a task placed directly in the job gets its own group', 'job "j" {\n  task "solo" {\n    driver = "exec"\n  }\n}', (j) => [j.TaskGroups.length, g0(j).Name, g0(j).Count, t0(j).Name], [1, 'solo', 1, 'solo']],
  ['groups and tasks keep source order', 'job "j" {\n  group "zeta" {\n    task "b" {\n      driver = "exec"\n    }\n    task "a" {\n      driver = "exec"\n    }\n  }\n  group "alpha" {\n    task "x" {\n      driver = "exec"\n    }\n  }\n}', (j) => j.TaskGroups.map((g) => [g.Name, g.Tasks.map((t) => t.Name)]), [['zeta', ['b', 'a']], ['alpha', ['x']]]],
  ['dynamic blocks expand', 'job "j" {\n  dynamic "group" {\n    for_each = ["a", "b"]\n    labels = ["g-${group.value}"]\n    content {\n      task "t" {\n        driver = "exec"\n        env {\n          N = group.key\n        }\n      }\n    }\n  }\n}', (j) => j.TaskGroups.map((g) => [g.Name, g.Tasks[0]!.Env]), [['g-a', {N: '0'}], ['g-b', {N: '1'}]]],
  ['runtime interpolations are kept verbatim', taskJob('config {\n  args = ["${NOMAD_PORT_http}", "$${literal}"]\n}'), (j) => t0(j).Config, {args: ['${NOMAD_PORT_http}', '${literal}']}],
]

describe('blocks', () => {
  test.each(cases)('%s', async (_d, src, pick, want) => {
    expect(pick(await load(src))).toEqual(want)
  })
})

describe('driver config quirks', () => {
  test('labelled blocks nest, repeated blocks become lists (hcl2json cannot convert these; the scanner can)', async () => {
    const src = taskJob('config {\n  a "x" "y" {\n    k = 1\n  }\n  r "l1" {\n    v = 1\n  }\n  r "l1" {\n    v = 2\n  }\n}')
    expect((await load(src)).TaskGroups[0]!.Tasks[0]!.Config).toEqual({a: [{x: [{y: [{k: 1}]}]}], r: [{l1: [{v: 1}]}, {l1: [{v: 2}]}]})
  })
})
