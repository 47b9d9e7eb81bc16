import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {canonicalizeJob, parseJobSource, toApiJson} from '../../src/jobspec/index.js'
import {formatDuration, parseDuration} from '../../src/jobspec/duration.js'
import type {Job} from '../../src/model/job.js'

// Properties: rendering is stable through API JSON, canonicalize is idempotent, durations
// round-trip, and blocks keep their source order.

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/)
const jobType = fc.constantFrom('service', 'batch', 'system', 'sysbatch')

const taskArb = fc.record({
  name,
  driver: fc.constantFrom('exec', 'raw_exec', 'docker'),
  cpu: fc.option(fc.integer({min: 1, max: 4000}), {nil: undefined}),
  memory: fc.option(fc.integer({min: 10, max: 4000}), {nil: undefined}),
  env: fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,6}$/), fc.string({maxLength: 8}).filter((s) => !/[\\"$%]/.test(s)), {maxKeys: 3}),
  restartAttempts: fc.option(fc.integer({min: 0, max: 9}), {nil: undefined}),
})

const groupArb = fc.record({
  name,
  count: fc.option(fc.integer({min: 0, max: 1}), {nil: undefined}),
  ports: fc.uniqueArray(name, {maxLength: 3}),
  tasks: fc.uniqueArray(taskArb, {minLength: 1, maxLength: 3, selector: (t) => t.name}),
})

const jobArb = fc.record({type: jobType, priority: fc.integer({min: 1, max: 100}), groups: fc.uniqueArray(groupArb, {minLength: 1, maxLength: 3, selector: (g) => g.name})})

type JobSpec = typeof jobArb extends fc.Arbitrary<infer T> ? T : never

function toHcl(j: JobSpec): string {
  const lines = ['job "p" {', `  type = "${j.type}"`, `  priority = ${j.priority}`]
  for (const g of j.groups) {
    lines.push(`  group "${g.name}" {`)
    if (g.count !== undefined) lines.push(`    count = ${g.count}`)
    if (g.ports.length) lines.push('    network {', ...g.ports.map((p) => `      port "${p}" {}`), '    }')
    for (const t of g.tasks) {
      lines.push(`    task "${t.name}" {`, `      driver = "${t.driver}"`)
      if (t.cpu !== undefined || t.memory !== undefined) lines.push('      resources {', ...(t.cpu !== undefined ? [`        cpu = ${t.cpu}`] : []), ...(t.memory !== undefined ? [`        memory = ${t.memory}`] : []), '      }')
      if (Object.keys(t.env).length) lines.push('      env {', ...Object.entries(t.env).map(([k, v]) => `        ${k} = "${v}"`), '      }')
      if (t.restartAttempts !== undefined) lines.push('      restart {', `        attempts = ${t.restartAttempts}`, '      }')
      lines.push('    }')
    }
    lines.push('  }')
  }
  lines.push('}', '')
  return lines.join('\n')
}

describe('properties', () => {
  test('render → parse as API JSON → render is stable, and keeps source order', async () => {
    await fc.assert(
      fc.asyncProperty(jobArb, async (spec) => {
        const parsed = await parseJobSource(toHcl(spec), 'p.hcl')
        expect(canonicalizeJob(parsed)).toEqual(parsed)
        const first = toApiJson(parsed)
        const again = toApiJson(await parseJobSource(JSON.stringify(first, null, 2), 'p.json'))
        expect(again).toEqual(first)
        const job = (first as {Job: Job}).Job
        expect(job.TaskGroups.map((g) => g.Name)).toEqual(spec.groups.map((g) => g.name))
        expect(job.TaskGroups.map((g) => g.Tasks.map((t) => t.Name))).toEqual(spec.groups.map((g) => g.tasks.map((t) => t.name)))
      }),
      {numRuns: 25},
    )
  }, 120_000)

  test('canonicalizeJob is idempotent', () => {
    const partial = fc.record(
      {
        ID: name,
        Type: fc.option(jobType, {nil: undefined}),
        Priority: fc.option(fc.integer({min: 1, max: 100}), {nil: undefined}),
        Update: fc.option(fc.record({MaxParallel: fc.integer({min: 0, max: 5})}, {requiredKeys: []}), {nil: undefined}),
        TaskGroups: fc.array(
          fc.record(
            {
              Name: name,
              Count: fc.option(fc.integer({min: 0, max: 5}), {nil: undefined}),
              RestartPolicy: fc.option(fc.record({Attempts: fc.integer({min: 0, max: 5})}, {requiredKeys: []}), {nil: undefined}),
              Tasks: fc.array(fc.record({Name: name, Driver: fc.constant('exec'), KillTimeout: fc.option(fc.nat(), {nil: undefined})}, {requiredKeys: ['Name', 'Driver']}), {maxLength: 2}),
            },
            {requiredKeys: ['Name', 'Tasks']},
          ),
          {maxLength: 3},
        ),
      },
      {requiredKeys: ['ID', 'TaskGroups']},
    )
    fc.assert(
      fc.property(partial, (p) => {
        const once = canonicalizeJob(p as unknown as Job)
        expect(canonicalizeJob(once)).toEqual(once)
      }),
      {numRuns: 300},
    )
  })

  test('durations round-trip through Go duration text', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 1_000_000}), (s) => {
        expect(parseDuration(formatDuration(s * 1e9))).toBe(s * 1e9)
      }),
    )
  })
})

describe('robustness', () => {
  test('any HCL-like text gives a job or a UserError, never a crash', async () => {
    const {UserError} = await import('../../src/lib/errors.js')
    const token = fc.constantFrom('job "j" {', 'group "g" {', 'task "t" {', '}', '\n', 'driver = "exec"', 'count = ', '${', 'var.x', 'local.y', '"', '[', ']', '(', ')', '<<EOT\nx\nEOT\n', '# c\n', '=', '1', 'upper(', ',', 'dynamic "group" {', 'for_each = [1]', 'content {', 'variable "x" {', 'default = 2', 'locals {', 'y = 3', '%{ if true }', '%{ endif }', '*', '.')
    await fc.assert(
      fc.asyncProperty(fc.array(token, {maxLength: 25}), async (tokens) => {
        try {
          await parseJobSource(tokens.join(' '), 'fuzz.hcl')
        } catch (err) {
          if (!(err instanceof UserError)) throw err
        }
      }),
      {numRuns: 200},
    )
  }, 120_000)
})
