import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
import {plainValidateArgs} from '../../src/cli/fast-validate.js'

// bin/run.js runs plain `zdev job validate …` without oclif (src/cli/fast-validate.ts). For
// every case, the direct path and oclif (ZDEV_OCLIF_ONLY=1) give the same stdout, stderr and
// exit code.

const ROOT = path.resolve(import.meta.dirname, '../..')
const RUN = path.join(ROOT, 'bin/run.js')
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('VITEST')))
const dir = mkdtempSync(path.join(tmpdir(), 'zdev-fast-validate-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

writeFileSync(path.join(dir, 'ok.nomad.hcl'), 'job "a" {\n  group "g" {\n    task "t" {\n      driver = "raw_exec"\n      config { command = "/bin/true" }\n    }\n  }\n}\n')
writeFileSync(path.join(dir, 'ok.json'), JSON.stringify({Job: {ID: 'a', Name: 'a', Type: 'batch', Datacenters: ['*'], TaskGroups: [{Name: 'g', Tasks: [{Name: 't', Driver: 'raw_exec', Config: {command: '/bin/true'}}]}]}}))
writeFileSync(path.join(dir, 'bad.nomad.hcl'), 'job "a" {\n  group "g" {\n    count = \n  }\n}\n')
writeFileSync(path.join(dir, 'warn.nomad.hcl'), 'job "a" {\n  group "g" {\n    task "t" {\n      driver = "docker"\n      config {\n        image = "x"\n        bogus_key = 1\n      }\n    }\n  }\n}\n')
writeFileSync(path.join(dir, 'vars.nomad.hcl'), 'variable "cmd" {\n  type = string\n}\njob "a" {\n  group "g" {\n    task "t" {\n      driver = "raw_exec"\n      config { command = var.cmd }\n    }\n  }\n}\n')
writeFileSync(path.join(dir, 'v.hcl'), 'cmd = "/bin/true"\n')

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [RUN, 'job', 'validate', ...args], {cwd: dir, env: {...ENV, ...env}, encoding: 'utf8'})
  return {code: r.status, stdout: r.stdout, stderr: r.stderr}
}

describe('plainValidateArgs', () => {
  test('files and --var/--var-file in both spellings; anything else is left to oclif', () => {
    expect(plainValidateArgs(['a.hcl', '--var', 'x=1', '--var-file=v.hcl', 'b.json', '--var=y=2'])).toEqual({files: ['a.hcl', 'b.json'], vars: ['x=1', 'y=2'], varFiles: ['v.hcl']})
    for (const args of [[], ['--json', 'a.hcl'], ['a.hcl', '--help'], ['-h'], ['a.hcl', '--var'], ['a.hcl', '--var', '--json'], ['--', 'a.hcl'], ['--var', 'x=1']]) expect(plainValidateArgs(args)).toBeUndefined()
  })
})

describe.skipIf(!existsSync(path.join(ROOT, 'dist/cli/fast-validate.js')))('job validate without oclif', () => {
  const cases: string[][] = [
    ['ok.nomad.hcl'],
    ['ok.json'],
    ['bad.nomad.hcl'],
    ['ok.nomad.hcl', 'bad.nomad.hcl', 'ok.json'],
    ['warn.nomad.hcl'],
    ['vars.nomad.hcl', '--var', 'cmd=/bin/true'],
    ['vars.nomad.hcl', '--var-file=v.hcl'],
    ['vars.nomad.hcl'],
    ['missing.nomad.hcl'],
    ['vars.nomad.hcl', '--var', 'nonsense'],
    ['ok.nomad.hcl', '--json'],
    [],
  ]
  test.each(cases.map((c) => [c.join(' ') || '(no file)', c]))('%s: same output and exit code as oclif', (_name, args) => {
    const oclif = run(args as string[], {ZDEV_OCLIF_ONLY: '1'})
    const direct = run(args as string[])
    expect(direct).toEqual(oclif)
  }, 30_000)
})
