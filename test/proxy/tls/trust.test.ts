import {execFile} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
import {trustCa} from '../../../src/proxy/tls/trust-ca.js'

const dir = mkdtempSync(path.join(tmpdir(), 'zdev-trust-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('trustCa', () => {
  test('makes the CA when missing and says how to use and trust it', () => {
    const r = trustCa(path.join(dir, 'a'), 'demo', {install: false, url: 'https://whoami.localhost:9443/', platform: 'linux'})
    expect(r.caFile).toBe(path.join(dir, 'a', 'ca.crt'))
    expect(r.steps[0]).toBe(`curl --cacert ${r.caFile} https://whoami.localhost:9443/`)
    expect(r.steps[1]).toBe(`sudo cp ${r.caFile} /usr/local/share/ca-certificates/zdev-demo.crt && sudo update-ca-certificates`)
    expect(r.installed).toBe(false)
  })

  test('macOS gets the security command; install without root says why it did not', () => {
    expect(trustCa(path.join(dir, 'a'), 'demo', {install: false, platform: 'darwin'}).steps[1]).toMatch(/^sudo security add-trusted-cert -d -r trustRoot/)
    const r = trustCa(path.join(dir, 'a'), 'demo', {install: true, platform: 'darwin'})
    expect(r).toMatchObject({installed: false})
    expect(r.notInstalled).toMatch(/run the step above/)
  })
})

describe('zdev trust (the CLI, after npm run build)', () => {
  test('prints the CA path and steps; --json returns the report', async () => {
    const file = path.join(dir, 'zdev.yaml')
    writeFileSync(file, 'name: trusty\nproxies:\n  ports: [18080]\n  websecure_ports: [18443]\n')
    const run = (args: string[]) => new Promise<{code: number; out: string; err: string}>((resolve) => {
      execFile(process.execPath, ['bin/run.js', 'trust', '-f', file, ...args], {encoding: 'utf8', timeout: 60_000}, (e, out, err) => resolve({code: typeof e?.code === 'number' ? e.code : 0, out, err}))
    })
    const human = await run([])
    expect(human.code).toBe(0)
    const ca = path.join(dir, '.zdev', 'trusty', 'tls', 'ca.crt')
    expect(human.out).toContain(`cluster trusty: CA certificate ${ca}`)
    expect(human.out).toContain(`curl --cacert ${ca} https://whoami.localhost:18443/`)
    const json = JSON.parse((await run(['--json'])).out)
    expect(json).toMatchObject({cluster: 'trusty', caFile: ca, installed: false})
  }, 90_000)
})
