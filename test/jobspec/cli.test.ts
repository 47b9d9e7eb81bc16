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
})
