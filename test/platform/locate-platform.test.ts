import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
import {findUp, locatePlatform} from '../../src/platform/locate-platform.js'
import {knownClustersFile, readKnownClusters, recordClusterUp, userStateDir, withClusterUp} from '../../src/platform/known-clusters.js'
import {cliCommand, scriptCommand, withCli} from '../../src/platform/locate-cli.js'
import {listClusters, renderClusters} from '../../src/platform/cluster-list.js'

const root = mkdtempSync(path.join(tmpdir(), 'zdev-locate-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))

function tree(name: string): {top: string; deep: string; state: string} {
  const top = path.join(root, name)
  const deep = path.join(top, 'a', 'b')
  mkdirSync(deep, {recursive: true})
  const state = path.join(root, `${name}-state`)
  mkdirSync(state)
  return {top, deep, state}
}

describe('locatePlatform: -f, then zdev.yaml here or above, then $ZDEV_FILE, then the last cluster up', () => {
  test('-f wins over everything', async () => {
    const t = tree('flag')
    writeFileSync(path.join(t.top, 'zdev.yaml'), 'name: x\n')
    expect(await locatePlatform({flag: 'other.yaml', cwd: t.deep, env: {ZDEV_FILE: '/e.yaml', XDG_STATE_HOME: t.state}})).toEqual({file: 'other.yaml', source: 'flag'})
  })

  test('zdev.yaml in a parent folder (as git and compose look), before $ZDEV_FILE', async () => {
    const t = tree('parent')
    writeFileSync(path.join(t.top, 'zdev.yaml'), 'name: x\n')
    expect(await locatePlatform({cwd: t.deep, env: {ZDEV_FILE: '/e.yaml', XDG_STATE_HOME: t.state}})).toEqual({file: path.join('..', '..', 'zdev.yaml'), source: 'folder'})
    expect(findUp(t.top)).toBe(path.join(t.top, 'zdev.yaml'))
  })

  test('a folder named zdev.yaml is not a platform file', () => {
    const t = tree('dirnamed')
    mkdirSync(path.join(t.deep, 'zdev.yaml'))
    expect(findUp(t.deep)).not.toBe(path.join(t.deep, 'zdev.yaml'))
  })

  test('$ZDEV_FILE when no folder above has one; empty counts as unset', async () => {
    const t = tree('env')
    expect(await locatePlatform({cwd: t.deep, env: {ZDEV_FILE: '/e.yaml', XDG_STATE_HOME: t.state}})).toEqual({file: '/e.yaml', source: 'env'})
    await expect(locatePlatform({cwd: t.deep, env: {ZDEV_FILE: '', XDG_STATE_HOME: t.state}})).rejects.toThrow(/No platform file here/)
  })

  test('the cluster last brought up, from the user state dir; errors name the known clusters', async () => {
    const t = tree('last')
    const a = path.join(t.top, 'a.yaml')
    const b = path.join(t.top, 'b.yaml')
    writeFileSync(a, 'name: a\n')
    writeFileSync(b, 'name: b\n')
    const env = {XDG_STATE_HOME: t.state}
    await recordClusterUp({name: 'a', file: a, stateDir: path.join(t.top, '.zdev', 'a')}, env)
    await recordClusterUp({name: 'b', file: b, stateDir: path.join(t.top, '.zdev', 'b')}, env)
    expect(knownClustersFile(env)).toBe(path.join(t.state, 'zdev', 'clusters.json'))
    expect(await locatePlatform({cwd: t.deep, env})).toEqual({file: b, source: 'last'})
    await recordClusterUp({name: 'a', file: a, stateDir: path.join(t.top, '.zdev', 'a')}, env)
    expect(await locatePlatform({cwd: t.deep, env})).toEqual({file: a, source: 'last'})
    rmSync(a)
    rmSync(b)
    await expect(locatePlatform({cwd: t.deep, env})).rejects.toThrow(/No platform file here/)
  })

  test('errors list the clusters whose files still exist', async () => {
    const t = tree('known')
    const a = path.join(t.top, 'zdev-a.yaml')
    writeFileSync(a, 'name: a\n')
    const env = {XDG_STATE_HOME: t.state}
    await recordClusterUp({name: 'alpha', file: a, stateDir: path.join(t.top, '.zdev', 'alpha')}, env)
    const {describeKnown} = await import('../../src/platform/locate-platform.js')
    expect(describeKnown((await readKnownClusters(env)).clusters)).toBe(` Known clusters: alpha (${a}); \`zdev clusters\` shows their state.`)
  })
})

describe('known clusters', () => {
  test('XDG_STATE_HOME, else ~/.local/state; a relative XDG_STATE_HOME is ignored (XDG spec)', () => {
    expect(userStateDir({XDG_STATE_HOME: '/x'})).toBe('/x/zdev')
    expect(userStateDir({XDG_STATE_HOME: 'rel', HOME: '/h'})).toBe('/h/.local/state/zdev')
    expect(userStateDir({HOME: '/h'})).toBe('/h/.local/state/zdev')
  })

  test('withClusterUp: one entry per file, last set, vanished files dropped', () => {
    const k0 = {version: 1 as const, last: null, clusters: [{name: 'gone', file: '/gone', stateDir: '/s', lastUp: 't0'}, {name: 'b', file: '/b', stateDir: '/s', lastUp: 't0'}]}
    const k = withClusterUp(k0, {name: 'b', file: '/b', stateDir: '/s', lastUp: 't1'}, (f) => f !== '/gone')
    expect(k).toEqual({version: 1, last: '/b', clusters: [{name: 'b', file: '/b', stateDir: '/s', lastUp: 't1'}]})
  })

  test('a corrupt registry reads as empty instead of failing every command', async () => {
    const t = tree('corrupt')
    mkdirSync(path.join(t.state, 'zdev'))
    writeFileSync(path.join(t.state, 'zdev', 'clusters.json'), '{not json')
    expect(await readKnownClusters({XDG_STATE_HOME: t.state})).toEqual({version: 1, last: null, clusters: []})
  })

  test('listClusters: a cluster without live processes is down; render marks the last one', async () => {
    const t = tree('list')
    const f = path.join(t.top, 'zdev.yaml')
    writeFileSync(f, 'name: l\n')
    const env = {XDG_STATE_HOME: t.state}
    await recordClusterUp({name: 'l', file: f, stateDir: path.join(t.top, '.zdev', 'l')}, env)
    const rows = await listClusters(env)
    expect(rows).toMatchObject([{name: 'l', file: f, state: 'down', alive: 0, total: 0, last: true}])
    expect(renderClusters(rows)[1]).toMatch(/^l \*\s+down\s+\S+\s+\//)
  })
})

describe('the command to print in hints', () => {
  test('./bin/run.js below the current folder, the absolute path elsewhere', () => {
    expect(scriptCommand('/repo/bin/run.js', '/repo')).toBe('./bin/run.js')
    expect(scriptCommand('/repo/bin/run.js', '/tmp/x')).toBe('/repo/bin/run.js')
  })

  test('zdev when the zdev on PATH is this script (npm link), through symlinks', () => {
    const t = tree('path')
    const script = path.join(t.top, 'run.js')
    writeFileSync(script, '')
    const binDir = path.join(t.top, 'pathbin')
    mkdirSync(binDir)
    expect(cliCommand({script, cwd: t.top, env: {PATH: binDir}})).toBe('./run.js')
    symlinkSync(script, path.join(binDir, 'zdev'))
    expect(cliCommand({script, cwd: t.deep, env: {PATH: binDir}})).toBe('zdev')
  })

  test('withCli rewrites `zdev …` in hints and leaves other words alone', () => {
    expect(withCli('start it with `zdev up -f x` (zdev is great); `zdev`', './bin/run.js')).toBe('start it with `./bin/run.js up -f x` (zdev is great); `./bin/run.js`')
    expect(withCli('`zdev up`', 'zdev')).toBe('`zdev up`')
  })
})
