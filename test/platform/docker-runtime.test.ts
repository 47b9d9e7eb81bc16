import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import type {DaemonProbe} from '../../src/drivers/docker-host.js'
import {resolveRuntime} from '../../src/platform/docker-runtime.js'
import {baseOf} from '../../src/platform/image-build.js'
import {parsePlatform} from '../../src/platform/load.js'

const found = {ok: true, host: 'unix:///var/run/docker.sock', source: 'default socket', version: '27.1.0', apiVersion: '1.46', osType: 'linux'} as unknown as DaemonProbe
const missing: DaemonProbe = {ok: false, tried: [{host: 'unix:///var/run/docker.sock', source: 'default socket', problem: 'permission denied on the socket'}], hint: 'add yourself to the docker group'}

describe('runtime: auto | process | docker', () => {
  test.each([
    ['process', found, 'process', 'the file says `runtime: process`: tasks run as processes, docker tasks are not offered'],
    ['auto', found, 'docker', '`runtime: auto` and Docker 27.1.0 answers at unix:///var/run/docker.sock (default socket): nodes offer the docker driver; etcd members run as processes'],
    ['docker', found, 'docker', 'Docker 27.1.0 answers at unix:///var/run/docker.sock (default socket): nodes offer the docker driver, and the etcd members run as containers of zdev/etcd:local (made from the host\'s etcd)'],
    ['auto', missing, 'process', '`runtime: auto` and no Docker daemon answers (unix:///var/run/docker.sock: permission denied on the socket): nodes offer raw_exec and exec only'],
    ['docker', missing, 'docker', 'no Docker daemon answers (unix:///var/run/docker.sock: permission denied on the socket)'],
  ] as const)('%s (case %#)', async (runtime, probe, resolved, why) => {
    const c = await resolveRuntime({runtime}, async () => probe)
    expect([c.runtime, c.why]).toEqual([resolved, why])
  })

  test('nodes get docker by default unless the runtime is process; an explicit list is kept', async () => {
    const load = (text: string) => parsePlatform(text, 'z.yaml', '/tmp/z.yaml')
    expect((await load('name: a\nnodes: 1\n')).nodes[0]!.drivers).toEqual(['raw_exec', 'exec', 'docker'])
    expect((await load('name: a\nruntime: process\nnodes: 1\n')).nodes[0]!.drivers).toEqual(['raw_exec', 'exec'])
    expect((await load('name: a\nruntime: docker\nnodes:\n  - {name: n, drivers: [raw_exec]}\n')).nodes[0]!.drivers).toEqual(['raw_exec'])
  })

  test('docker listed under runtime: process is refused with file, line and field', async () => {
    await expect(parsePlatform('name: a\nruntime: process\nnodes:\n  - {name: n, drivers: [raw_exec, docker]}\n', 'z.yaml', '/tmp/z.yaml')).rejects.toThrow(
      'z.yaml:4:35: nodes[0].drivers[1]: "docker" needs `runtime: auto` or `runtime: docker` (this file says `runtime: process`, which runs no containers)',
    )
  })
})

describe('images: in the platform file', () => {
  test('tag, context (beside the file), dockerfile, args', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zdev-img-'))
    const p = await parsePlatform('name: a\nimages:\n  - {tag: x/y:1, context: ., dockerfile: D, args: {K: v}}\n', 'z.yaml', join(dir, 'z.yaml'))
    expect(p.images).toEqual([{tag: 'x/y:1', context: dir, dockerfile: 'D', buildArgs: {K: 'v'}}])
  })

  test('a missing context folder and a missing tag are named with line and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zdev-img-'))
    const err = await parsePlatform('name: a\nimages:\n  - {tag: x, context: nope}\n  - {context: .}\n', 'z.yaml', join(dir, 'z.yaml')).catch((e) => e)
    expect(err.message).toContain(`z.yaml:3:23: images[0].context: folder "nope" does not exist (looked for ${join(dir, 'nope')})`)
    expect(err.message).toContain('z.yaml:4:5: images[1].tag: missing; name the image, e.g. tag: zdev/web:dev')
  })
})

describe('the base of a Dockerfile', () => {
  test('ARG defaults and --build-arg apply to the first FROM', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zdev-df-'))
    writeFileSync(join(dir, 'Dockerfile'), '# c\nARG BASE=node:20-alpine\nFROM ${BASE} AS build\nFROM scratch\n')
    expect(baseOf(dir, {})).toBe('node:20-alpine')
    expect(baseOf(dir, {buildArgs: {BASE: 'zdev/node:local'}})).toBe('zdev/node:local')
    writeFileSync(join(dir, 'Other'), 'ARG IMG\nFROM --platform=linux/amd64 $IMG\n')
    expect(baseOf(dir, {dockerfile: 'Other', buildArgs: {IMG: 'a:b'}})).toBe('a:b')
    expect(baseOf(join(dir, 'none'), {})).toBeNull()
  })
})
