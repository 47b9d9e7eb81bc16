import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
import {FILE, load, messagesOf} from './helpers.js'

// variable blocks, -var, -var-file (HCL and JSON), NOMAD_VAR_ environment, locals.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-vars-'))
afterAll(() => fs.rmSync(dir, {recursive: true, force: true}))

const write = (name: string, text: string) => {
  const p = path.join(dir, name)
  fs.writeFileSync(p, text)
  return p
}

const JOB = `variable "region" {
  type    = string
  default = "eu"
}

variable "count" {
  type    = number
  default = 1
}

variable "dcs" {
  type    = list(string)
  default = ["dc1"]
}

locals {
  full = "\${local.prefix}-\${var.region}"
  prefix = upper("app")
}

job "j" {
  region      = var.region
  datacenters = var.dcs
  meta {
    full = local.full
  }
  group "g" {
    count = var.count
    task "t" {
      driver = "exec"
    }
  }
}
`

describe('variables', () => {
  test('defaults and locals (locals may refer to later locals)', async () => {
    const j = await load(JOB)
    expect([j.Region, j.Datacenters, j.TaskGroups[0]!.Count, j.Meta]).toEqual(['eu', ['dc1'], 1, {full: 'APP-eu'}])
  })

  test('precedence: default < NOMAD_VAR_ < var files in order < -var', async () => {
    const hcl = write('a.vars.hcl', 'region = "from-hcl"\ncount = 4\n')
    const json = write('b.vars.json', '{"region": "from-json"}')
    const j = await load(JOB, {env: {NOMAD_VAR_region: 'from-env', NOMAD_VAR_count: '2'}, varFiles: [hcl, json], vars: {dcs: '["x", "y"]'}})
    expect([j.Region, j.TaskGroups[0]!.Count, j.Datacenters]).toEqual(['from-json', 4, ['x', 'y']])
    const k = await load(JOB, {env: {NOMAD_VAR_region: 'from-env'}, vars: {region: 'from-flag', count: '7'}})
    expect([k.Region, k.TaskGroups[0]!.Count]).toEqual(['from-flag', 7])
  })

  test('the variables block declares variables with defaults', async () => {
    const j = await load('variables {\n  r = "x"\n}\njob "j" {\n  region = var.r\n  group "g" {\n    task "t" {\n      driver = "exec"\n    }\n  }\n}\n')
    expect(j.Region).toBe('x')
  })

  test.each([
    ['an unset variable', 'variable "r" {}\njob "j" {\n  region = var.r\n}\n', {}, [`${FILE}:1: Unset variable "r"; A used variable must be set or have a default value: pass -var r=…, a -var-file, or NOMAD_VAR_r.`]],
    ['a value of the wrong type', 'variable "n" {\n  type = number\n}\njob "j" {\n  priority = var.n\n}\n', {vars: {n: 'many'}}, [`${FILE}:1: Invalid value for variable "n"; Incorrect variable type; a number is required, got "many".`]],
    ['an undeclared -var', 'job "j" {\n}\n', {vars: {nope: '1'}}, [`-var nope: Undefined -var variable; A "nope" variable was passed in but is not declared in ${FILE}. Declare it with a variable "nope" block.`]],
    ['a failed validation', 'variable "n" {\n  default = ""\n  validation {\n    condition     = var.n != ""\n    error_message = "n must not be empty."\n  }\n}\njob "j" {\n}\n', {}, [`${FILE}:3: Invalid value for variable; n must not be empty. This was checked by the validation rule at ${FILE}:3.`]],
    ['an undeclared var reference', 'job "j" {\n  region = var.nope\n}\n', {}, [`${FILE}:2: Unsupported attribute; This object does not have an attribute named "nope". Declare it with a variable "nope" block.`]],
  ])('%s', async (_d, src, opts, want) => {
    expect(await messagesOf(src, opts)).toEqual(want)
  })

  test('a var file setting an undeclared variable is refused with its line', async () => {
    const vf = write('bad.vars.hcl', '\n\nzzz = 1\n')
    expect(await messagesOf(JOB, {varFiles: [vf]})).toEqual([`${vf}:3: Undefined variable; A "zzz" variable was set but was not declared. Declare it with a variable "zzz" block in the job file.`])
  })

  test('file() reads relative to the job file when allowed', async () => {
    write('motd.txt', 'hello\n')
    const src = 'job "j" {\n  meta {\n    motd = file("motd.txt")\n  }\n  group "g" {\n    task "t" {\n      driver = "exec"\n    }\n  }\n}\n'
    const {parseJobSource} = await import('../../src/jobspec/index.js')
    const j = await parseJobSource(src, path.join(dir, 'job.hcl'), {allowFs: true})
    expect(j.Meta).toEqual({motd: 'hello\n'})
    await expect(parseJobSource(src, path.join(dir, 'job.hcl'))).rejects.toThrow('Call to function "file" failed: filesystem function disabled.')
  })

  test('uuidv4 uses the injected generator', async () => {
    const j = await load('job "j" {\n  meta {\n    id = uuidv4()\n  }\n  group "g" {\n    task "t" {\n      driver = "exec"\n    }\n  }\n}\n', {uuid: () => 'u-1'})
    expect(j.Meta).toEqual({id: 'u-1'})
  })
})

test('variable blocks accept only type, default, description, sensitive and validation', async () => {
  expect(await messagesOf('variable "x" {\n  defualt = 1\n}\njob "j" {\n}\n', {serverChecks: false})).toEqual([
    `${FILE}:1: Unset variable "x"; A used variable must be set or have a default value: pass -var x=…, a -var-file, or NOMAD_VAR_x.`,
    `${FILE}:2: Unsupported argument; An argument named "defualt" is not expected here.`,
  ])
})
