import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import {afterAll, describe, expect, test} from 'vitest'
import {plainUpArgs} from '../../src/cli/fast-up.js'
import {freePort} from '../../src/lib/ports.js'
import {killRecorded} from '../platform/helpers.js'

// bin/run.js runs plain `zdev up [-f FILE] [--json] [--[no-]wait] [--retain] [-y]` without oclif
// (src/cli/fast-up.ts, from its bundle dist/cli/fast-up.bundle.js). The direct path and oclif
// (ZDEV_OCLIF_ONLY=1) give the same stdout, stderr and exit code: a real platform (3-member etcd
// quorum, a server, a node, a proxy, a job) brought up by each, bad platform and job files, no file.

const ROOT = path.resolve(import.meta.dirname, '../..')
const RUN = path.join(ROOT, 'bin/run.js')
const dir = mkdtempSync(path.join(tmpdir(), 'zdev-fast-up-'))
const state = path.join(dir, 'state')
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['NODE_ENV', 'ZDEV_FILE', 'DEBUG', 'ZDEV_CONTENT_TYPE', 'ZDEV_OCLIF_ONLY', 'ZDEV_TRACE'].includes(k) && !k.startsWith('VITEST')))
const stateDirs: string[] = []

afterAll(async () => {
  for (const s of stateDirs) {
    run(['down', '-f', path.join(path.dirname(path.dirname(s)), 'zdev.yaml'), '--purge'], path.dirname(s))
    await killRecorded(s)
  }
  rmSync(dir, {recursive: true, force: true})
}, 120_000)

function folder(name: string, files: Record<string, string>): string {
  const d = path.join(dir, name)
  mkdirSync(d, {recursive: true})
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(d, f), text)
  return d
}

type Run = {code: number | null; stdout: string; stderr: string}

function run(args: string[], cwd: string, oclif = false): Run {
  const env = {...ENV, CI: '1', XDG_STATE_HOME: state, ...(oclif ? {ZDEV_OCLIF_ONLY: '1'} : {})}
  const r = spawnSync(process.execPath, [RUN, ...args], {cwd, env, encoding: 'utf8', timeout: 120_000})
  return {code: r.status, stdout: r.stdout, stderr: r.stderr}
}

/** oclif's answer, then the direct path's, which must be the same. */
function same(args: string[], cwd: string): Run {
  const oclif = run(['up', ...args], cwd, true)
  const direct = run(['up', ...args], cwd)
  expect(direct).toEqual(oclif)
  return direct
}

describe('plainUpArgs', () => {
  const flag = fc.constantFrom('--json', '--wait', '--no-wait', '--retain', '-y', '--yes', '-f', '--file', '--file=')
  test('takes each plain flag once, in any order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom('--json', '--retain', '-y', '--no-wait', '-f'), {maxLength: 5}), (flags) => {
        const args = flags.flatMap((f) => (f === '-f' ? ['-f', 'p.yaml'] : [f]))
        const r = plainUpArgs(args)
        expect(r).toEqual({json: flags.includes('--json'), retain: flags.includes('--retain'), yes: flags.includes('-y'), wait: !flags.includes('--no-wait'), file: flags.includes('-f') ? 'p.yaml' : undefined})
      }),
    )
  })
  test('leaves a repeated flag (in either spelling) to oclif', () => {
    fc.assert(
      fc.property(flag, (f) => {
        const twice = f === '--file=' ? ['--file=a', '-f', 'b'] : f === '-f' || f === '--file' ? [f, 'a', '--file=b'] : f === '-y' ? ['-y', '--yes'] : f === '--wait' ? ['--wait', '--no-wait'] : [f, f]
        expect(plainUpArgs(twice)).toBeUndefined()
      }),
    )
  })
  test('leaves anything else to oclif', () => {
    for (const args of [['--watch'], ['--dashboard'], ['--help'], ['-h'], ['x'], ['-f'], ['-f', '--json'], ['--file='], ['--jsonx']]) expect(plainUpArgs(args)).toBeUndefined()
  })
})

describe('bin/run.js up: the direct path says what oclif says', {timeout: 300_000}, () => {
  test('no platform file, a bad platform file, a bad job file (text and --json)', () => {
    const none = folder('none', {})
    const badYaml = folder('bad-yaml', {'zdev.yaml': 'name: a\nkv:\n  members: [1, 2\n'})
    const badKey = folder('bad-key', {'zdev.yaml': 'name: a\nnodez: 2\n'})
    const badJob = folder('bad-job', {'zdev.yaml': 'name: badjob\nservers: 0\nnodes: 0\nproxies: 0\njobs: [j.nomad.hcl]\n', 'j.nomad.hcl': 'job "j" {\n  group "g" {\n    task "t" {\n      driver = \n'})
    for (const cwd of [none, badYaml, badKey, badJob]) {
      for (const args of [[], ['--json']]) expect(same(args, cwd).code).not.toBe(0)
    }
    expect(same([], path.join(dir, 'bad-job')).stderr).toMatch(/j\.nomad\.hcl:\d+/)
  })

  test('a real platform, brought up from nothing by each path, then found running by each', async () => {
    const name = 'fastup'
    const [port, api] = [await freePort(), await freePort()]
    const cwd = folder(name, {
      'zdev.yaml': `name: ${name}\nservers:\n  count: 1\n  api_port: ${api}\nnodes: 1\nproxies:\n  count: 1\n  ports: [${port}]\njobs: [w.nomad.hcl]\n`,
      'w.nomad.hcl': 'job "w" {\n  group "g" {\n    task "t" {\n      driver = "raw_exec"\n      config {\n        command = "/bin/sleep"\n        args = ["60"]\n      }\n    }\n  }\n}\n',
    })
    stateDirs.push(path.join(cwd, '.zdev', name))
    // the ready lines come in the order the processes got ready
    const norm = (r: Run) => ({...r, stdout: r.stdout.replace(/\d+ ms/g, 'N ms').replace(/:\d+/g, ':P').split('\n').sort()})
    const direct = run(['up'], cwd)
    expect(direct.code, direct.stderr).toBe(0)
    run(['down', '--purge'], cwd)
    const oclif = run(['up'], cwd, true)
    expect(norm(direct)).toEqual(norm(oclif))
    expect(same([], cwd)).toMatchObject({code: 0, stdout: expect.stringContaining(`cluster ${name} is already running`)})
    const result = (oclif: boolean) => {
      const r = run(['up', '--json'], cwd, oclif)
      return {...r, stdout: {...JSON.parse(r.stdout), ms: 0}}
    }
    const json = result(false)
    expect(json).toEqual(result(true))
    expect(json).toMatchObject({code: 0, stdout: {cluster: name, outcome: 'already-running'}})
  })
})
