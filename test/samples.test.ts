import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {loadJobFile} from '../src/jobspec/index.js'
import type {Job} from '../src/model/index.js'

const SAMPLES = path.resolve(import.meta.dirname, '../fixtures/samples')
const names = fs.readdirSync(SAMPLES).filter((n) => fs.statSync(path.join(SAMPLES, n)).isDirectory())

// What routing and scheduling see of a job: must be identical between the raw_exec sample and
// its docker variant, so that what works in dev is what production runs.
function surface(job: Job) {
  return job.TaskGroups.map((g) => ({
    group: g.Name,
    count: g.Count,
    ports: g.Networks?.flatMap((n) => [...(n.DynamicPorts ?? []), ...(n.ReservedPorts ?? [])].map((p) => p.Label)),
    services: g.Services?.map((s) => ({name: s.Name, port: s.PortLabel, tags: s.Tags, checks: s.Checks?.map((c) => [c.Type, c.Path])})),
    periodic: job.Periodic?.Specs ?? job.Periodic?.Spec ?? null,
  }))
}

describe('sample services', () => {
  test('there are whoami, echo, counter and report samples', () => {
    expect(names.sort()).toEqual(['counter', 'echo', 'report', 'whoami'])
  })

  test.each(names)('%s: the raw_exec job uses node and validates; the docker variant has the same services and tags', async (name) => {
    const raw = await loadJobFile(path.join(SAMPLES, name, `${name}.nomad.hcl`))
    const docker = await loadJobFile(path.join(SAMPLES, name, `${name}-docker.nomad.hcl`))
    const task = raw.TaskGroups[0].Tasks[0]
    expect(task.Driver).toBe('raw_exec')
    expect(task.Config?.command).toBe('node')
    expect(task.Templates?.[0].EmbeddedTmpl).toBe(fs.readFileSync(path.join(SAMPLES, name, `${name}.mjs`), 'utf8'))
    expect(docker.TaskGroups[0].Tasks[0].Driver).toBe('docker')
    expect(surface(docker)).toEqual(surface(raw))
  })
})
