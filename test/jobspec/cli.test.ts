import {execFile} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import {afterAll, describe, expect, test} from 'vitest'
import {repoRoot} from './corpus-cases.js'

// `zdev job validate` and `zdev job render` as a user runs them (the compiled CLI).

const run = promisify(execFile)
const bin = path.join(repoRoot, 'bin/run.js')
const built = fs.existsSync(path.join(repoRoot, 'dist/commands/job/validate.js'))
if (!built) console.log('cli test skipped: run `npm run build` first')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-cli-'))
afterAll(() => fs.rmSync(dir, {recursive: true, force: true}))
const write = (name: string, text: string) => {
  const p = path.join(dir, name)
  fs.writeFileSync(p, text)
  return p
}

const GOOD = 'variable "image" {\n  default = "nginx"\n}\njob "web" {\n  group "g" {\n    task "t" {\n      driver = "docker"\n      config {\n        image = var.image\n      }\n    }\n  }\n}\n'
const BAD = 'job "web" {\n  group "g" {\n    task "t" {\n      drivr = "docker"\n    }\n  }\n}\n'

async function zdev(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const r = await run(process.execPath, [bin, ...args], {cwd: dir, timeout: 30_000})
    return {code: 0, stdout: r.stdout, stderr: r.stderr}
  } catch (err) {
    const e = err as {code: number; stdout: string; stderr: string}
    return {code: e.code, stdout: e.stdout, stderr: e.stderr}
  }
}

describe.skipIf(!built)('zdev job', () => {
  test('validate: ✓ per good file, errors and exit 1 when one is bad', async () => {
    const good = write('good.nomad.hcl', GOOD)
    const bad = write('bad.nomad.hcl', BAD)
    const ok = await zdev('job', 'validate', good)
    expect(ok.code).toBe(0)
    expect(ok.stdout).toBe(`✓ ${good}: Job validation successful\n`)
    const mixed = await zdev('job', 'validate', good, bad)
    expect(mixed.code).toBe(1)
    expect(mixed.stdout).toBe(`✓ ${good}: Job validation successful\n`)
    const json = await zdev('job', 'validate', bad, '--json')
    expect(json.code).toBe(1)
    expect((JSON.parse(json.stdout) as {files: Array<{valid: boolean; errors: Array<{line: number; field: string}>}>}).files[0]).toMatchObject({valid: false, errors: [{line: 4, field: 'drivr'}]})
    expect(mixed.stderr).toContain(`✗ ${bad}: Job validation failed\n  * ${bad}:4: Unsupported argument; An argument named "drivr" is not expected here.\n`)
  }, 60_000)

  test('render prints the canonical API JSON with variables applied', async () => {
    const good = write('render.nomad.hcl', GOOD)
    const vf = write('prod.vars.hcl', 'image = "nginx:1.27"\n')
    const r = await zdev('job', 'render', good, '--var-file', vf)
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as {Job: {ID: string; TaskGroups: Array<{Tasks: Array<{Config: unknown}>}>}}
    expect(out.Job.ID).toBe('web')
    expect(out.Job.TaskGroups[0]!.Tasks[0]!.Config).toEqual({image: 'nginx:1.27'})
    expect(r.stdout.startsWith('{\n  "Job": {\n    "ID": "web",')).toBe(true)
    const flag = await zdev('job', 'render', good, '--var', 'image=redis', '--json')
    expect((JSON.parse(flag.stdout) as typeof out).Job.TaskGroups[0]!.Tasks[0]!.Config).toEqual({image: 'redis'})
  }, 60_000)

  test('hostile input: located one-paragraph errors, exit 1, no stack or RangeError', async () => {
    const deep = write('deep.nomad.hcl', `job "j" {\n  priority = ${'('.repeat(1000)}1${')'.repeat(1000)}\n}\n`)
    const r = await zdev('job', 'render', deep)
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`Error: ${deep}:2:141: Nesting too deep; brackets, braces, parentheses and strings nest more than 128 levels here (the limit for a job file). Flatten the expression or the data.\n`)
    const json = write('deep.json', `{"Job": {"ID": "j", "Meta": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`)
    const v = await zdev('job', 'validate', json)
    expect(v.code).toBe(1)
    expect(v.stderr).toContain(`${json}:1:155: Nesting too deep`)
    expect(v.stderr + r.stderr).not.toMatch(/RangeError|Maximum call stack|\n\s+at /)
  }, 120_000)

  test('render skips server checks that validate applies; validate prints Nomad-style warnings', async () => {
    const noDriver = write('nodriver.nomad.hcl', 'job "web" {\n  group "g" {\n    task "t" {\n    }\n  }\n}\n')
    expect((await zdev('job', 'render', noDriver)).code).toBe(0)
    expect((await zdev('job', 'validate', noDriver)).code).toBe(1)
    const warn = write('warn.nomad.hcl', 'job "web" {\n  group "g" {\n    service {\n      port = "http"\n    }\n    task "t" {\n      driver = "exec"\n    }\n  }\n}\n')
    const w = await zdev('job', 'validate', warn)
    expect(w.code).toBe(0)
    expect(w.stderr).toBe(`Job Warnings (${warn}):\n  * ${warn}:3: Port label "http" referenced by service "web-g" is not declared; add port "http" {} to the group's network block. (Nomad accepts this for a group service; it gets no port until one is declared)\n`)
  }, 120_000)

  test('simulate refuses sizes above its documented limits before growing', async () => {
    const good = write('sim.nomad.hcl', GOOD)
    const r = await zdev('simulate', '--nodes', '100000000', good)
    expect(r.code).toBe(1)
    expect(r.stderr.split('\n')[0]).toBe('Error: --nodes 100000000 is above the limit of 50000 virtual nodes for one simulation.')
    const many = await zdev('simulate', '--nodes', '10', good, '--count-scale', '1000001')
    expect(many.code).toBe(1)
    expect(many.stderr.split('\n')[0]).toBe('Error: The simulation would place 1000001 allocations, above the limit of 1000000.')
  }, 120_000)
})
