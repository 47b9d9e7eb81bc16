// End to end: the real `zdev dashboard` in a pseudo-terminal (tmux) against a running platform.
// Press k on a node, confirm, watch it go down and its allocations move; press s, watch it come
// back. Needs the compiled CLI (npm run build) including the platform's dashboard source, and
// tmux; skipped otherwise.
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {eventually} from './fake-terminal.js'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const RUN = path.join(ROOT, 'bin/run.js')
const hasTmux = spawnSync('tmux', ['-V']).status === 0
const built = existsSync(path.join(ROOT, 'dist/commands/dashboard.js')) && existsSync(path.join(ROOT, 'dist/ui/dashboard/dashboard-source.js'))
const SOCKET = `zdev-dash-${process.pid}`
let dir = ''
let file = ''

const zdev = (...args: string[]) => execFileSync('node', [RUN, ...args, '-f', file], {cwd: dir, encoding: 'utf8', timeout: 120_000})
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], {encoding: 'utf8'})
const screen = () => tmux('capture-pane', '-p', '-t', 'dash')
const press = (key: string) => tmux('send-keys', '-t', 'dash', key)

interface NodeRow {
  selected: boolean
  name: string
  status: string
  allocs: number
}

/** The nodes panel's rows as the screen shows them. */
function nodeRows(): NodeRow[] {
  const rows: NodeRow[] = []
  for (const line of screen().split('\n')) {
    const m = /^([ ›])[●✗] (\S+)\s+(\S+)\s+\S+\s+(\d+) cpu/.exec(line)
    if (m) rows.push({selected: m[1] === '›', name: m[2]!, status: m[3]!, allocs: Number(m[4])})
  }
  return rows
}

describe.skipIf(!hasTmux || !built)('zdev dashboard in a terminal', () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'zdev-dash-'))
    file = path.join(dir, 'zdev.yaml')
    writeFileSync(path.join(dir, 'sleeper.nomad.hcl'), `
job "sleeper" {
  datacenters = ["*"]
  group "sleeper" {
    count = 2
    task "sleep" {
      driver = "raw_exec"
      config {
        command = "node"
        args    = ["-e", "setInterval(() => {}, 1000)"]
      }
      resources {
        cpu    = 100
        memory = 64
      }
    }
  }
}
`)
    writeFileSync(file, `name: dash${process.pid}\nruntime: process\nkv:\n  members: 3\nservers: 1\nnodes: 2\nproxies: 0\njobs: [sleeper.nomad.hcl]\n`)
    zdev('up')
    tmux('new-session', '-d', '-s', 'dash', '-x', '120', '-y', '40', `env -u CI -u CONTINUOUS_INTEGRATION node ${RUN} dashboard -f ${file}; sleep 60`)
  }, 180_000)

  afterAll(() => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server'])
    if (!dir) return
    try {
      zdev('down')
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  }, 120_000)

  test('k stops the selected node, its allocations move; s starts it again', async () => {
    await scenario().catch((err) => {
      // what the terminal showed when it failed, for the CI log
      console.log(`screen at failure:\n${screen()}`)
      throw err
    })
  }, 240_000)
})

async function scenario(): Promise<void> {
  {
    await eventually(() => {
      const rows = nodeRows()
      expect(rows.map((r) => r.status)).toEqual(['ready', 'ready'])
      expect(rows.reduce((n, r) => n + r.allocs, 0)).toBe(2)
    }, 60_000)
    // The job runs, and says so as `zdev status` does; a variable shows its path and key names only.
    await eventually(() => expect(screen()).toMatch(/● sleeper +service +v0 +running +2\/2\/2/), 30_000)
    zdev('var', 'put', 'nomad/jobs/sleeper', 'token=s3cret-value', 'user=admin')
    await eventually(() => expect(screen()).toMatch(/◆ nomad\/jobs\/sleeper +token, user/), 30_000)
    expect(screen()).not.toContain('s3cret-value')
    // Stop the node that runs allocations, so that they have to move.
    const busy = nodeRows().find((r) => r.allocs > 0)!
    if (!nodeRows()[0]!.allocs) press('Down')
    await eventually(() => expect(nodeRows().find((r) => r.selected)?.name).toBe(busy.name))
    press('k')
    await eventually(() => expect(screen()).toContain(`Stop node ${busy.name}?  [y] yes  [n] no`))
    press('y')
    await eventually(() => {
      const rows = nodeRows()
      expect(rows.find((r) => r.name === busy.name)?.status).toBe('down')
      expect(rows.find((r) => r.name !== busy.name)?.allocs).toBe(2)
    }, 60_000)
    expect(screen()).toMatch(/alloc sleeper\.sleeper\[\d\] rescheduled/)
    press('s')
    await eventually(() => expect(nodeRows().map((r) => r.status)).toEqual(['ready', 'ready']), 60_000)
    press('q')
    await eventually(() => expect(screen()).not.toContain('k stop  s start'), 10_000)
  }
}
