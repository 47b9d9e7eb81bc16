import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, test} from 'vitest'
import {clusterNameFor, initProject} from '../../src/platform/init.js'
import {loadPlatform} from '../../src/platform/load.js'
import {loadJobFile} from '../../src/jobspec/index.js'

const dirs: string[] = []
const tmp = (name = 'proj') => {
  const d = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-init-')), name)
  dirs.push(path.dirname(d))
  return d
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, {recursive: true, force: true})))

describe('zdev init', () => {
  test('scaffolds a platform file that loads and a job that validates', async () => {
    const d = tmp('My App')
    const r = initProject(d)
    expect(r.created).toEqual(['zdev.yaml', 'jobs/whoami.nomad.hcl', 'jobs/whoami.mjs', 'zdev.schema.json', '.gitignore'])
    expect(fs.readFileSync(path.join(d, '.gitignore'), 'utf8')).toMatch(/^\.zdev\/$/m)
    // The schema reference is relative to the platform file and the schema sits beside it.
    const ref = /\$schema=(\S+)/.exec(fs.readFileSync(path.join(d, 'zdev.yaml'), 'utf8'))![1]!
    expect(ref).toBe('./zdev.schema.json')
    expect(JSON.parse(fs.readFileSync(path.join(d, ref), 'utf8')).$schema).toMatch(/json-schema/)
    const p = await loadPlatform(path.join(d, 'zdev.yaml'))
    expect([p.name, p.kv.members, p.servers.count, p.nodes.length, p.proxies.ports]).toEqual(['my-app', 3, 1, 3, [8080, 8081]])
    const job = await loadJobFile(p.jobs[0].path)
    expect(job.ID).toBe('whoami')
  })

  test('refuses to overwrite anything and writes nothing', () => {
    const d = tmp()
    fs.mkdirSync(d, {recursive: true})
    fs.writeFileSync(path.join(d, 'zdev.yaml'), 'mine\n')
    expect(() => initProject(d)).toThrow(`${d} already has zdev.yaml; zdev init writes nothing over existing files.`)
    expect(fs.readFileSync(path.join(d, 'zdev.yaml'), 'utf8')).toBe('mine\n')
    expect(fs.existsSync(path.join(d, 'jobs'))).toBe(false)
  })

  test('an existing .gitignore gets .zdev/ once, keeping its lines', () => {
    const d = tmp()
    fs.mkdirSync(d, {recursive: true})
    fs.writeFileSync(path.join(d, '.gitignore'), 'node_modules')
    const r = initProject(d)
    expect(r.created).not.toContain('.gitignore')
    expect(fs.readFileSync(path.join(d, '.gitignore'), 'utf8')).toBe('node_modules\n.zdev/\n')
  })

  test.each([
    ['my-app', 'my-app'],
    ['My App', 'my-app'],
    ['123', 'dev-123'],
    ['__', 'dev-cluster'],
  ])('cluster name from folder %s → %s', (folder, want) => {
    expect(clusterNameFor(`/x/${folder}`)).toBe(want)
  })
})
