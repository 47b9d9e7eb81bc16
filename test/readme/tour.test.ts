// Walks README.md's tour as a newcomer would: every shell command of the tour, in order, in a
// fresh copy of the repository, failing on any exit code the README does not announce.
// The copy gets this checkout's node_modules (linked) and dist/ (copied) instead of `npm ci`
// (run `npm run build` first); `npm test` is not run from inside the tests. The fixture's
// proxy ports 8080/8081 are rewritten to free ports in the copy and in the commands.
import {execFileSync, spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {freePort} from '../../src/lib/ports.js'
import {killRecorded} from '../platform/helpers.js'
import {tourCommands, type TourCommand} from './tour-script.js'

const repo = path.resolve(import.meta.dirname, '../..')
const root = mkdtempSync(path.join(tmpdir(), 'zdev-tour-'))
const clone = path.join(root, 'zdev')
const env: Record<string, string> = {}
let ports: [number, number]

function adapt(c: TourCommand): string | null {
  let cmd = c.command
  if (/^npm test\b/.test(cmd)) return null // the suite does not run itself
  cmd = cmd.replace(/^npm ci && /, '') // node_modules and dist/ are prepared in beforeAll
  cmd = cmd.replace(/:8080\b/g, `:${ports[0]}`).replace(/:8081\b/g, `:${ports[1]}`)
  cmd = cmd.replace(/^curl /, 'curl -sS --fail --max-time 10 ')
  return cmd
}

beforeAll(async () => {
  if (!existsSync(path.join(repo, 'dist/commands/up.js'))) throw new Error('dist/ is missing: run `npm run build` first')
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {cwd: repo, encoding: 'utf8'}).split('\n').filter(Boolean)
  for (const f of files) {
    if (!existsSync(path.join(repo, f))) continue
    mkdirSync(path.dirname(path.join(clone, f)), {recursive: true})
    cpSync(path.join(repo, f), path.join(clone, f))
  }
  symlinkSync(path.join(repo, 'node_modules'), path.join(clone, 'node_modules'))
  cpSync(path.join(repo, 'dist'), path.join(clone, 'dist'), {recursive: true})
  cpSync(path.join(repo, 'oclif.manifest.json'), path.join(clone, 'oclif.manifest.json'))
  const a = await freePort()
  let b = await freePort()
  while (b === a) b = await freePort()
  ports = [a, b]
  const fixture = path.join(clone, 'fixtures/zdev.yaml')
  writeFileSync(fixture, readFileSync(fixture, 'utf8').replace('ports: [8080, 8081]', `ports: [${a}, ${b}]`))
  const state = path.join(root, 'state')
  mkdirSync(state)
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(ZDEV_|npm_|https?_proxy$|HTTPS?_PROXY$)/i.test(k)) env[k] = v
  Object.assign(env, {XDG_STATE_HOME: state, CI: '', NO_COLOR: '1', no_proxy: '*'})
}, 120_000)

afterAll(async () => {
  spawnSync(process.execPath, ['bin/run.js', 'down', '-f', 'fixtures/zdev.yaml', '--purge'], {cwd: clone, env, timeout: 60_000})
  await killRecorded(path.join(clone, 'fixtures/.zdev/demo'))
  rmSync(root, {recursive: true, force: true})
}, 90_000)

describe('README tour', () => {
  test('every command runs as printed and exits as announced', () => {
    const cmds = tourCommands(readFileSync(path.join(repo, 'README.md'), 'utf8'))
    expect(cmds.length).toBeGreaterThan(5)
    const ran: string[] = []
    for (const c of cmds) {
      const cmd = adapt(c)
      if (cmd === null) continue
      const r = spawnSync('bash', ['-c', cmd], {cwd: clone, env, encoding: 'utf8', timeout: 180_000})
      const code = r.status ?? -1
      ran.push(`README.md:${c.line} exit ${code}: ${cmd}`)
      if (!c.allowedExits.includes(code)) {
        throw new Error(`README.md:${c.line}: \`${c.command}\` exited ${code} (the README announces ${c.allowedExits.join(' or ')})\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}\n--- ran so far\n${ran.join('\n')}`)
      }
    }
    expect(ran.length).toBe(cmds.filter((c) => adapt(c) !== null).length)
  }, 600_000)
})
