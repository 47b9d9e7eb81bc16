import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {plainStatusArgs} from '../../src/cli/fast-status.js'
import {downPlatform} from '../../src/platform/down.js'
import {stopMember} from '../../src/platform/member.js'
import {readPlatformStatus} from '../../src/platform/status.js'
import {upPlatform} from '../../src/platform/up.js'
import {killRecorded, tempPlatform, until} from '../platform/helpers.js'

// bin/run.js runs plain `zdev status [-f FILE] [--json]` without oclif (src/cli/fast-status.ts,
// from its bundle dist/cli/fast-status.bundle.js). In every case the direct path and oclif
// (ZDEV_OCLIF_ONLY=1) give the same stdout, stderr and exit code: a real 3-member etcd quorum
// running, lost and down, a platform never brought up, no platform file, bad platform files.

const ROOT = path.resolve(import.meta.dirname, '../..')
const RUN = path.join(ROOT, 'bin/run.js')
const BUNDLE = path.join(ROOT, 'dist/cli/fast-status.bundle.js')
const dir = mkdtempSync(path.join(tmpdir(), 'zdev-fast-status-'))
// the clusters this test brings up are recorded here, not in the user's state dir
const state = path.join(dir, 'state')
process.env.XDG_STATE_HOME = state
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['NODE_ENV', 'ZDEV_FILE', 'DEBUG', 'ZDEV_CONTENT_TYPE', 'ZDEV_OCLIF_ONLY'].includes(k) && !k.startsWith('VITEST')))

const up = tempPlatform('faststatus')
const upDir = path.dirname(up)
const stateDir = path.join(upDir, '.zdev', 'faststatus')

function folder(name: string, platform?: string): string {
  const d = path.join(dir, name)
  mkdirSync(d, {recursive: true})
  if (platform !== undefined) writeFileSync(path.join(d, 'zdev.yaml'), platform)
  return d
}
const notUp = folder('notup', 'name: notup\n')
const badYaml = folder('bad-yaml', 'name: a\nkv:\n  members: [1, 2\n')
const badKey = folder('bad-key', 'name: a\nnodez: 2\n')
const badMany = folder('bad-many', 'name: Not_A_Label\nruntime: dockr\nservers: many\n')
const empty = folder('empty')
const emptyState = folder('empty-state')
const lastState = folder('last-state/zdev')

type Run = {code: number | null; stdout: string; stderr: string}

function run(args: string[], opts: {cwd: string; env?: Record<string, string>; oclif?: boolean}): Run {
  const env = {...ENV, XDG_STATE_HOME: state, ...opts.env, ...(opts.oclif ? {ZDEV_OCLIF_ONLY: '1'} : {})}
  const r = spawnSync(process.execPath, [RUN, 'status', ...args], {cwd: opts.cwd, env, encoding: 'utf8', timeout: 30_000})
  return {code: r.status, stdout: r.stdout, stderr: r.stderr}
}

/** oclif's answer, then the direct path's, which must be the same; returns it for its own checks. */
function same(args: string[], opts: {cwd: string; env?: Record<string, string>}): Run {
  const oclif = run(args, {...opts, oclif: true})
  const direct = run(args, opts)
  expect(direct).toEqual(oclif)
  return direct
}

afterAll(async () => {
  await killRecorded(stateDir)
  rmSync(upDir, {recursive: true, force: true})
  rmSync(dir, {recursive: true, force: true})
})

describe('plainStatusArgs', () => {
  test('-f/--file once and --json; anything else is left to oclif', () => {
    expect(plainStatusArgs([])).toEqual({file: undefined, json: false})
    expect(plainStatusArgs(['-f', 'a.yaml', '--json'])).toEqual({file: 'a.yaml', json: true})
    expect(plainStatusArgs(['--json', '--file', 'a.yaml'])).toEqual({file: 'a.yaml', json: true})
    expect(plainStatusArgs(['--file=a.yaml'])).toEqual({file: 'a.yaml', json: false})
    for (const args of [['-w'], ['--watch'], ['--interval', '1'], ['-h'], ['--help'], ['-f'], ['-f', '--json'], ['--file='], ['-f', 'a', '-f', 'b'], ['--json', '--json'], ['extra'], ['--'], ['-fa.yaml']]) {
      expect(plainStatusArgs(args), args.join(' ')).toBeUndefined()
    }
  })

  test('property: any order of at most one file and one --json is read; one token more of any kind is not', () => {
    const file = fc.stringMatching(/^[\w./]{1,12}$/)
    const fileArgs = fc.tuple(fc.constantFrom('-f', '--file', '--file='), file).map(([how, f]) => (how === '--file=' ? [`--file=${f}`] : [how, f]))
    const plain = fc.record({file: fc.option(fileArgs, {nil: undefined}), json: fc.boolean(), jsonFirst: fc.boolean()})
    fc.assert(fc.property(plain, ({file, json, jsonFirst}) => {
      const f = file ?? []
      const args = json ? (jsonFirst ? ['--json', ...f] : [...f, '--json']) : f
      expect(plainStatusArgs(args)).toEqual({file: file ? file.at(-1)!.replace(/^--file=/, '') : undefined, json})
    }))
    const extra = fc.oneof(fc.constantFrom('-w', '--watch', '--interval', '-h', '--help', '--', '--json', '-f'), fileArgs.map((a) => a.join(' ')), fc.string({maxLength: 6}))
    // one token more, between whole arguments: unknown, a flag without its value, a second file
    // or a second --json all leave the command to oclif
    fc.assert(fc.property(plain, extra, fc.nat(4), ({file, json}, x, at) => {
      const args = [...(json ? ['--json'] : []), ...(file ?? [])]
      const token = x.includes(' ') ? x.split(' ') : [x]
      const stillPlain = (token[0] === '--json' && !json) || (!file && token.length === 2) || (!file && token[0]!.startsWith('--file=') && token[0]!.length > 7)
      fc.pre(!stillPlain)
      const boundaries = [0, ...(json ? [1] : []), args.length]
      const pos = boundaries[at % boundaries.length]!
      expect(plainStatusArgs([...args.slice(0, pos), ...token, ...args.slice(pos)]), JSON.stringify([args, token, pos])).toBeUndefined()
    }))
  })
})

describe.skipIf(!existsSync(BUNDLE))('zdev status without oclif', () => {
  beforeAll(() => {
    // the fast path really ran from the bundle: a broken bundle would fall back to oclif unseen
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(BUNDLE)}); if (!(await m.fastStatus([]))) process.exitCode = 9`], {cwd: notUp, env: {...ENV, XDG_STATE_HOME: state}, encoding: 'utf8'})
    expect(r.status, r.stderr).toBe(3)
    expect(r.stdout).toMatch(/^cluster notup is not running here/)
  })

  test('a platform never brought up here: exit 3', () => {
    const r = same([], {cwd: notUp})
    expect(r.code).toBe(3)
    expect(r.stdout).toMatch(/^cluster notup is not running here \(no state in .*\); start it with `/)
    expect(JSON.parse(same(['--json'], {cwd: notUp}).stdout)).toMatchObject({cluster: 'notup', known: false})
    same(['-f', path.join(notUp, 'zdev.yaml')], {cwd: empty})
    same(['--file=zdev.yaml', '--json'], {cwd: notUp})
  }, 60_000)

  test('no platform file: none here, a missing -f, a missing $ZDEV_FILE', () => {
    const none = same([], {cwd: empty, env: {XDG_STATE_HOME: emptyState}})
    expect(none.code).toBe(1)
    expect(none.stdout).toBe('')
    expect(none.stderr).toMatch(/^Error: No platform file here: no zdev.yaml in .*\nTry this: run `/)
    expect(JSON.parse(same(['--json'], {cwd: empty, env: {XDG_STATE_HOME: emptyState}}).stdout).error).toMatchObject({code: 'no_platform'})
    expect(same(['-f', 'missing.yaml'], {cwd: empty}).stderr).toMatch(/^Error: Platform file missing.yaml not found\./)
    same(['-f', 'missing.yaml', '--json'], {cwd: empty})
    expect(same([], {cwd: empty, env: {ZDEV_FILE: path.join(empty, 'gone.yaml')}}).stderr).toContain('(from $ZDEV_FILE) not found.')
  }, 60_000)

  test('the cluster last brought up, when nothing else names a file: a note on stderr', () => {
    writeFileSync(path.join(lastState, 'clusters.json'), JSON.stringify({version: 1, last: path.join(notUp, 'zdev.yaml'), clusters: [{name: 'notup', file: path.join(notUp, 'zdev.yaml'), stateDir: path.join(notUp, '.zdev', 'notup'), lastUp: new Date(0).toISOString()}]}))
    const r = same([], {cwd: empty, env: {XDG_STATE_HOME: path.dirname(lastState)}})
    expect(r.stderr).toBe(`(using ${path.join(notUp, 'zdev.yaml')}: the cluster last brought up)\n`)
    expect(r.code).toBe(3)
    same(['--json'], {cwd: empty, env: {XDG_STATE_HOME: path.dirname(lastState)}})
  }, 60_000)

  test.each([
    ['invalid YAML', badYaml, /^Error: zdev.yaml:4:1: invalid YAML: /],
    ['an unknown key', badKey, /^Error: zdev.yaml:2:1: nodez: unknown key "nodez"; did you mean "nodes"\?/],
    ['three problems', badMany, /^Error: zdev.yaml has 3 problems:\n  \* zdev.yaml:1:7: name: /],
  ])('a bad platform file (%s): file:line:col, exit 1', (_name, cwd, message) => {
    const r = same([], {cwd})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(message)
    const j = same(['--json'], {cwd})
    expect(j.code).toBe(1)
    expect(JSON.parse(j.stdout).error).toMatchObject({code: expect.stringMatching(/^invalid/), message: expect.stringContaining('zdev.yaml')})
  }, 60_000)

  test('flags the direct path leaves to oclif give oclif\'s answer', () => {
    expect(same(['--bogus'], {cwd: notUp}).code).toBe(2)
    expect(same(['--interval', '1'], {cwd: notUp}).code).toBe(3)
    expect(same(['--help'], {cwd: notUp}).stdout).toContain('USAGE')
    expect(same(['-f'], {cwd: notUp}).code).toBe(2)
  }, 60_000)

  describe.sequential('a real 3-member quorum', () => {
    test('running: exit 0, one row per member and the quorum line', async () => {
      await upPlatform(up)
      await until('quorum ok', 10_000, async () => ((await readPlatformStatus(up)).quorum?.state === 'ok' ? true : undefined))
      const r = same([], {cwd: upDir})
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/^cluster faststatus \(.*\)\nNAME +KIND +PID/)
      expect(r.stdout).toMatch(/\nquorum: ok \(3\/3 healthy, leader etcd-[123], term \d+\)\n/)
      expect(JSON.parse(same(['--json'], {cwd: upDir}).stdout)).toMatchObject({cluster: 'faststatus', known: true, quorum: {state: 'ok'}})
      same(['-f', up], {cwd: empty})
    }, 120_000)

    test('on a terminal: the same screen', () => {
      // one pty for stdout and stderr (util-linux script); CRLF line ends alike on both paths
      const tty = (oclif: boolean, flags: string) => spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(RUN)} status${flags}`, '/dev/null'], {cwd: upDir, env: {...ENV, XDG_STATE_HOME: state, ...(oclif ? {ZDEV_OCLIF_ONLY: '1'} : {})}, encoding: 'utf8'})
      for (const [flags, shows] of [['', /quorum: ok/], [' --json', /"known": true/]] as const) {
        const oclif = tty(true, flags)
        expect(oclif.stdout).toMatch(shows)
        expect(tty(false, flags).stdout).toBe(oclif.stdout)
      }
    }, 60_000)

    test('quorum lost: exit 1', async () => {
      await stopMember(up, 'etcd-1')
      await stopMember(up, 'etcd-2')
      // the survivor answers as healthy until it notices it has no leader: wait for that to settle,
      // or the two runs compared could straddle the change
      await until('quorum lost, the survivor unhealthy', 30_000, async () => {
        const q = (await readPlatformStatus(up)).quorum
        return q?.state === 'lost' && q.healthy === 0 ? true : undefined
      })
      const r = same([], {cwd: upDir})
      expect(r.code).toBe(1)
      expect(r.stdout, r.stdout).toMatch(/\nquorum: LOST \(0\/3 members answer, 2 needed\)/)
      expect(same(['--json'], {cwd: upDir}).code).toBe(1)
    }, 120_000)

    test('down: exit 3', async () => {
      await downPlatform(up)
      const r = same([], {cwd: upDir})
      expect(r.code).toBe(3)
      expect(r.stdout).toMatch(/^cluster faststatus is down: none of its 3 processes runs/)
      same(['--json'], {cwd: upDir})
    }, 120_000)
  })
})
