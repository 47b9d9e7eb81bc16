import {afterAll, describe, expect, test} from 'vitest'
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {etcdMissingError, findEtcd, installCommand} from '../../src/kv/locate-etcd.js'
import {UserError} from '../../src/lib/errors.js'

const dir = mkdtempSync(path.join(tmpdir(), 'zdev-etcd-'))
const fake = path.join(dir, 'etcd')
writeFileSync(fake, '#!/bin/sh\n')
chmodSync(fake, 0o755)
const notExec = path.join(dir, 'plain')
writeFileSync(notExec, '')
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('findEtcd', () => {
  test('$ZDEV_ETCD_BIN wins over PATH', async () => {
    expect(await findEtcd({env: {ZDEV_ETCD_BIN: fake, PATH: '/usr/bin'}, platform: 'linux'})).toBe(fake)
  })
  test('a ZDEV_ETCD_BIN that is not executable is an error, not a silent fallback', async () => {
    const err = await findEtcd({env: {ZDEV_ETCD_BIN: notExec, PATH: '/usr/bin'}, platform: 'linux'}).catch((e) => e)
    expect(err).toBeInstanceOf(UserError)
    expect(err.message).toBe(`ZDEV_ETCD_BIN is set to ${notExec}, which is not an executable file`)
  })
  test('PATH is searched in order', async () => {
    expect(await findEtcd({env: {PATH: `/nonexistent:${dir}:/usr/bin`}, platform: 'linux'})).toBe(fake)
  })
  test('missing everywhere → undefined', async () => {
    expect(await findEtcd({env: {PATH: '/nonexistent'}, platform: 'linux'})).toBeUndefined()
  })
  test('the real etcd of this machine is found on PATH', async () => {
    expect(await findEtcd({env: {PATH: '/usr/local/bin:/usr/bin'}, platform: 'linux'})).toBe('/usr/bin/etcd')
  })
})

describe('install instructions', () => {
  test.each([
    ['linux', true, 'sudo apt-get install -y etcd-server'],
    ['darwin', false, 'brew install etcd'],
    ['linux', false, 'download etcd 3.4+ from https://github.com/etcd-io/etcd/releases and put it on PATH (or set ZDEV_ETCD_BIN)'],
  ] as const)('%s (debian: %s)', (platform, debian, cmd) => {
    expect(installCommand(platform, debian)).toBe(cmd)
  })
  test('the missing-etcd error says what was looked at and how to install', () => {
    const e = etcdMissingError('linux', true)
    expect(e.message).toBe('etcd was not found: zdev needs the etcd binary to run the KV quorum (looked at $ZDEV_ETCD_BIN, then PATH)')
    expect(e.hint).toBe('install it with `sudo apt-get install -y etcd-server` (on macOS: `brew install etcd`), or run `zdev up --yes` as root on Debian/Ubuntu to install it now')
    expect(e.exitCode).toBe(3)
  })
})
