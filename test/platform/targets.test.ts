import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {loadPlatform} from '../../src/platform/load.js'
import {nomadEnv, formatEnv} from '../../src/platform/nomad-env.js'

function file(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-targets-'))
  fs.writeFileSync(path.join(dir, 'vars.hcl'), 'count = 3\n')
  const f = path.join(dir, 'zdev.yaml')
  fs.writeFileSync(f, text)
  return f
}

describe('servers.api_port/api_token and targets', () => {
  test('targets resolve var_files beside the file; the API port and token are read', async () => {
    const f = file('name: t\nservers: {count: 3, api_port: 15000, api_token: "0123456789abcdef"}\ntargets:\n  staging: {addr: "https://nomad.example:4646/", namespace: web, var_files: [vars.hcl], vars: {n: 2}}\n')
    const p = await loadPlatform(f)
    expect(p.servers).toMatchObject({apiPort: 15000, apiToken: '0123456789abcdef'})
    expect(p.targets).toEqual([{name: 'staging', addr: 'https://nomad.example:4646', namespace: 'web', varFiles: [path.join(path.dirname(f), 'vars.hcl')], vars: {n: '2'}}])
    const env = nomadEnv(p, undefined)!
    expect(env.set).toEqual({NOMAD_ADDR: 'http://127.0.0.1:15000', NOMAD_REGION: 'global', NOMAD_NAMESPACE: 'default', NOMAD_TOKEN: '0123456789abcdef'})
    expect(formatEnv(env, 'sh').split('\n')[0]).toBe("export NOMAD_ADDR='http://127.0.0.1:15000'")
  })

  test.each([
    ['targets:\n  prod: {addr: "nomad:4646"}\n', 'targets.prod.addr: "nomad:4646" is not an http(s) URL'],
    ['targets:\n  prod: {namespace: x}\n', 'targets.prod.addr'],
    ['targets:\n  prod: {addr: "http://x", tokn: y}\n', 'targets.prod.tokn: unknown key "tokn"'],
    ['targets:\n  prod: {addr: "http://x", var_files: [nope.hcl]}\n', 'does not exist'],
    ['servers: {api_token: short}\n', 'servers.api_token'],
    ['servers: {api_port: 80}\n', 'servers.api_port'],
  ])('%s is refused naming the field', async (yaml, msg) => {
    await expect(loadPlatform(file(`name: t\n${yaml}`))).rejects.toThrow(msg)
  })
})
