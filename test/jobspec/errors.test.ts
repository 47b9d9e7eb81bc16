import {describe, expect, test} from 'vitest'
import {FILE, groupJob, messagesOf, taskJob, TASK} from './helpers.js'

// Error messages, word for word, with file:line.

describe('decode errors', () => {
  test.each([
    ['an unknown job attribute', 'job "j" {\n  foo = 1\n  group "g" {\n' + TASK + '\n  }\n}', [`${FILE}:2: Unsupported argument; An argument named "foo" is not expected here.`]],
    ['an unknown block', 'job "j" {\n  group "g" {\n    bogus {\n    }\n' + TASK + '\n  }\n}', [`${FILE}:3: Unsupported block type; Blocks of type "bogus" are not expected here.`]],
    ['removed job attributes (Nomad 1.10)', 'job "j" {\n  vault_token = "x"\n  group "g" {\n' + TASK + '\n  }\n}', [`${FILE}:2: Unsupported argument; An argument named "vault_token" is not expected here.`]],
    ['a misspelled check attribute', groupJob('service {\n  check {\n    type = "tcp"\n    port = "p"\n    nterval = "10s"\n    interval = "10s"\n    timeout = "1s"\n  }\n  port = "p"\n}\nnetwork {\n  port "p" {}\n}'), [`${FILE}:9: Unsupported argument; An argument named "nterval" is not expected here.`]],
    ['a wrong type', groupJob('count = "many"'), [`${FILE}:5: Incorrect attribute value type; Inappropriate value for attribute "count": number required, got "many".`]],
    ['an invalid duration', taskJob('kill_timeout = "5 seconds"'), [`${FILE}:8: Unsuitable duration value; time: invalid duration "5 seconds" for "kill_timeout": use a number with a unit, like "30s" or "1h30m".`]],
    ['duplicate single blocks', taskJob('resources {\n  cpu = 1\n}\nresources {\n  cpu = 2\n}'), [`${FILE}:11: Duplicate resources block; Only one "resources" block is allowed. Another was defined at ${FILE}:8.`]],
    ['group scaling without max', groupJob('scaling {\n  min = 1\n}'), [`${FILE}:5: Missing required argument; The argument "max" is required, but no definition was found.`]],
    ['task scaling with a bad name', taskJob('scaling "disk" {\n  max = 1\n}'), [`${FILE}:8: Invalid scaling block; scaling policy name must be "cpu" or "mem", got "disk".`]],
    ['no job block', 'variable "x" {\n  default = 1\n}\n', [`${FILE}:1: Missing job block; A job file must contain one job "<name>" { … } block.`]],
    ['an HCL syntax error', 'job "j" {\n  a = \n}\n', [`${FILE}:2:7: Invalid expression; Expected the start of an expression, but found an invalid expression token.`]],
    ['a redefined attribute', 'job "j" {\n  type = "batch"\n  type = "service"\n}\n', [`${FILE}:3:3: Attribute redefined; The argument "type" was already set at ${FILE}:2,3-7. Each argument may be set only once.`]],
  ])('%s', async (_d, src, want) => {
    expect(await messagesOf(src)).toEqual(want)
  })
})

describe('validation errors', () => {
  test.each([
    ['duplicate group names', 'job "j" {\n  group "a" {\n' + TASK + '\n  }\n  group "a" {\n' + TASK + '\n  }\n}', [`${FILE}:7: Job task group 2 redefines 'a' from group 1; give each group a unique name.`]],
    ['duplicate task names', groupJob(TASK), [`${FILE}:8: Task 2 redefines 't' from task 1 in group "g"; give each task a unique name.`]],
    ['a missing driver', groupJob('', {task: 'task "t" {\n}'}), [`${FILE}:6: Missing task driver for task "t"; set driver = "docker", "exec" or "raw_exec".`]],
    ['a negative count', groupJob('count = -1'), [`${FILE}:4: Task group "g" count can't be negative (got -1).`]],
    ['a group without tasks', groupJob('', {task: null}), [`${FILE}:4: Missing tasks for task group "g"; add a task "<name>" { … } block.`]],
    ['a system job with count', groupJob('count = 3', {job: 'type = "system"'}), [`${FILE}:4: Job task group "g" has count 3. Count cannot exceed 1 with the system scheduler; remove count.`]],
    ['a bad cron', groupJob('', {job: 'type = "batch"\nperiodic {\n  cron = "61 * * * *"\n}'}), [`${FILE}:4: Invalid periodic spec "61 * * * *": syntax error in minute field: "61" (allowed 0-59, lists a,b, ranges a-b, steps */n).`]],
    ['periodic on a service job', groupJob('', {job: 'periodic {\n  cron = "@daily"\n}'}), [`${FILE}:3: Periodic can only be used with "batch" or "sysbatch" scheduler, not "service".`]],
    ['a bad restart mode', groupJob('restart {\n  mode = "sometimes"\n}'), [`${FILE}:5: Unsupported restart mode: "sometimes"; use "fail" or "delay".`]],
    ['a bad job type', groupJob('', {job: 'type = "daemon"'}), [`${FILE}:2: Invalid job type: "daemon"; use one of "service", "batch", "system", "sysbatch".`]],
    ['a job ID with a space', 'job "a b" {\n  group "g" {\n' + TASK + '\n  }\n}', [`${FILE}:1: Job ID contains a space: "a b"; use letters, digits, "-" or "_".`]],
    ['an out of range priority', groupJob('', {job: 'priority = 500'}), [`${FILE}:2: Job priority must be between [1, 100], got 500.`]],
  ])('%s', async (_d, src, want) => {
    expect(await messagesOf(src)).toEqual(want)
  })

  test('collects every problem, in line order', async () => {
    const src = 'job "j" {\n  group "g" {\n    count = -2\n    task "a" {\n    }\n    task "a" {\n      driver = "exec"\n    }\n  }\n}\n'
    expect(await messagesOf(src)).toEqual([
      `${FILE}:2: Task group "g" count can't be negative (got -2).`,
      `${FILE}:4: Missing task driver for task "a"; set driver = "docker", "exec" or "raw_exec".`,
      `${FILE}:6: Task 2 redefines 'a' from task 1 in group "g"; give each task a unique name.`,
    ])
  })
})

describe('more server checks', () => {
  test.each([
    ['count outside the scaling range', groupJob('count = 1\nscaling {\n  min = 2\n  max = 3\n}'), [`${FILE}:6: Scaling policy invalid: task group count must not be less than minimum count in scaling policy (count 1, min 2).`]],
    ['scaling max below min', groupJob('count = 3\nscaling {\n  min = 3\n  max = 2\n}'), [`${FILE}:6: Scaling policy invalid: maximum count 2 must not be less than minimum count 3.`, `${FILE}:6: Scaling policy invalid: task group count must not be greater than maximum count in scaling policy (count 3, max 2).`]],
    ['two leaders', groupJob('', {task: 'task "a" {\n  driver = "exec"\n  leader = true\n}\ntask "b" {\n  driver = "exec"\n  leader = true\n}'}), [`${FILE}:4: Only one task may be marked as leader in group "g", found 2.`]],
    ['an undefined volume', taskJob('volume_mount {\n  volume = "data"\n  destination = "/d"\n}'), [`${FILE}:8: Volume mount 1 of task "t" references undefined volume "data"; declare it with volume "data" { … } in the group.`]],
    ['a static port used twice', groupJob('network {\n  port "a" {\n    static = 80\n  }\n  port "b" {\n    static = 80\n  }\n}'), [`${FILE}:9: Static port 80 already reserved by port "a"; give "b" another port.`]],
    ['a duplicate port label', groupJob('network {\n  port "a" {}\n  port "a" {}\n}'), [`${FILE}:7: Port label "a" already in use; give each port a unique label.`]],
  ])('%s', async (_d, src, want) => {
    expect(await messagesOf(src)).toEqual(want)
  })
})

describe('task checks', () => {
  test.each([
    ['too little memory', taskJob('resources {\n  memory = 5\n}'), [`${FILE}:8: Task "t": minimum MemoryMB value is 10, got 5.`]],
    ['log storage larger than the disk', taskJob('logs {\n  max_files = 10\n  max_file_size = 50\n}'), [`${FILE}:8: Task "t": log storage (500 MB) must be less than requested disk capacity (300 MB); raise ephemeral_disk size or lower logs.`]],
    ['a template without data or source', taskJob('template {\n  destination = "local/x"\n}'), [`${FILE}:8: Template in task "t": must specify a source path or have an embedded template (data).`]],
    ['an artifact without source', taskJob('artifact {\n  destination = "local/"\n}'), [`${FILE}:8: Artifact 1 of task "t": source must be specified.`]],
    ['cron and crons together', groupJob('', {job: 'type = "batch"\nperiodic {\n  cron = "@daily"\n  crons = ["@hourly"]\n}'}), [`${FILE}:6: Conflicting periodic specs; use either cron or crons, not both.`]],
  ])('%s', async (_d, src, want) => {
    expect(await messagesOf(src)).toEqual(want)
  })
})

test('service names must be DNS-like unless interpolated at run time', async () => {
  expect(await messagesOf(groupJob('service {\n  name = "my_service"\n}'))).toEqual([`${FILE}:5: Service name must be valid per RFC 1123 and can contain only alphanumeric characters or dashes: "my_service".`])
  expect(await messagesOf(groupJob('service {\n  name = "${NOMAD_JOB_NAME}-web"\n}'))).toEqual([])
})

test.each([
  ['a group without a name', 'job "j" {\n  group {\n  }\n}\n', [`${FILE}:2: Missing name for group; All group blocks must have 1 labels (name).`]],
  ['a labelled network', groupJob('network "n" {\n}'), [`${FILE}:5: Extraneous label for network; No labels are expected for network blocks.`]],
  ['a task with two names', groupJob('', {task: 'task "a" "b" {\n  driver = "exec"\n}'}), [`${FILE}:6: Extraneous label for task; Only 1 labels (name) are expected for task blocks.`]],
])('block labels: %s', async (_d, src, want) => {
  expect(await messagesOf(src)).toEqual(want)
})

test('a job without groups', async () => {
  expect(await messagesOf('job "j" {\n}\n')).toEqual([`${FILE}:1: Missing job task groups; add a group "<name>" { … } block with at least one task.`])
})

test.each([
  ['a constraint without attribute', groupJob('constraint {\n  value = "linux"\n}'), [`${FILE}:5: No LTarget provided but is required by constraint (operator "="); set attribute.`]],
  ['a duplicate service', groupJob('network {\n  port "p" {}\n}\nservice {\n  name = "web"\n  port = "p"\n}\nservice {\n  name = "web"\n  port = "p"\n}'), [`${FILE}:12: Service "web" is duplicate; give each service of a task or group a unique name or port.`]],
])('%s', async (_d, src, want) => {
  expect(await messagesOf(src)).toEqual(want)
})
