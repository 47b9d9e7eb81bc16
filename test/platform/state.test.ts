import {afterAll, describe, expect, test} from 'vitest'
import {mkdtempSync, readdirSync, writeFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {readState, withComponent, writeState, type ComponentState, type PlatformState} from '../../src/platform/state.js'

const made: string[] = []
const tmp = (prefix: string) => {
  const d = mkdtempSync(prefix)
  made.push(d)
  return d
}
afterAll(() => made.forEach((d) => rmSync(d, {recursive: true, force: true})))

const comp = (name: string, pid: number | null): ComponentState => ({
  name, kind: 'etcd', pid, ports: {client: 1, peer: 2}, endpoints: ['http://127.0.0.1:1'], startedAt: null, stoppedAt: null,
  command: 'etcd', args: [], env: {}, cwd: '/', logFile: '/l',
})
const base: PlatformState = {version: 1, cluster: 'c', platformFile: '/p', token: 't', createdAt: 'x', updatedAt: 'x', components: [comp('etcd-1', 1), comp('etcd-2', 2)]}

describe('state.json', () => {
  test('round trip, atomic (no temp file left)', async () => {
    const dir = path.join(tmp(path.join(tmpdir(), 'zdev-state-')), 'nested')
    await writeState(dir, base)
    expect(await readState(dir)).toEqual(base)
    expect(readdirSync(dir)).toEqual(['state.json'])
  })

  test('absent → undefined; garbage → a UserError naming the file and the way out', async () => {
    const dir = tmp(path.join(tmpdir(), 'zdev-state-'))
    expect(await readState(dir)).toBeUndefined()
    writeFileSync(path.join(dir, 'state.json'), '{"version": 9}')
    const err = await readState(dir).catch((e) => e)
    expect(err.message).toBe(`${dir}/state.json is not a zdev state file (unknown layout)`)
  })

  test('withComponent replaces in place and keeps order', () => {
    const s = withComponent(base, comp('etcd-1', null), new Date(0))
    expect(s.components.map((c) => [c.name, c.pid])).toEqual([['etcd-1', null], ['etcd-2', 2]])
    expect(s.updatedAt).toBe('1970-01-01T00:00:00.000Z')
    expect(withComponent(base, comp('etcd-3', 3), new Date(0)).components.map((c) => c.name)).toEqual(['etcd-1', 'etcd-2', 'etcd-3'])
  })
})
