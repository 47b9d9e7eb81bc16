import {readdirSync, readFileSync} from 'node:fs'
import {execa, type ResultPromise} from 'execa'
import {join} from 'node:path'
import {afterEach, expect, test} from 'vitest'
import {freePort, portInUse} from '../../src/lib/ports.js'
import {alive, killTracked, trackGroup, trackPid, waitFor, waitGone} from '../client/processes.js'

// A node agent is a simulated host: SIGKILL it and its workloads must go too.
const fixtures = join(import.meta.dirname, '..', 'client', 'fixtures')
let agent: ResultPromise | null = null

afterEach(() => {
  agent?.kill('SIGKILL')
  agent = null
  killTracked()
})

// Bounds are generous (5 s) so a loaded machine does not fail them; the time it took is printed.
const GONE_MS = 5000

test('SIGKILL of the agent kills its task (and frees its port)', async () => {
  const port = await freePort('127.0.1.5')
  agent = execa(process.execPath, ['--import', join(fixtures, 'ts-loader.mjs'), join(fixtures, 'fake-agent.mjs'), process.execPath, join(fixtures, 'listen.mjs'), `127.0.1.5:${port}`], {
    reject: false,
    buffer: false,
    stdout: 'pipe',
  })
  trackPid(agent.pid!)
  let out = ''
  agent.stdout!.on('data', (b: Buffer) => (out += b))
  const {task, reaper} = JSON.parse((await waitFor(() => /^\{.*\}$/m.exec(out), 20_000, 'agent output'))[0]) as {task: number; reaper: number}
  trackGroup(task)
  trackPid(reaper)
  await waitFor(() => alive(task), 2000, 'task')
  const t0 = Date.now()
  while (!(await portInUse(port, '127.0.1.5'))) {
    if (Date.now() - t0 > 5000) throw new Error('task never listened')
    await new Promise((r) => setTimeout(r, 20))
  }

  process.kill(agent.pid!, 'SIGKILL')
  const gone = await waitGone(task, GONE_MS)
  console.log(`task gone ${gone} ms after SIGKILL of its agent`)
  expect(gone).toBeGreaterThanOrEqual(0)
  expect(await waitPortFree(port, '127.0.1.5', GONE_MS)).toBe(true)
  expect(await waitGone(reaper, GONE_MS)).toBeGreaterThanOrEqual(0)
})

test('a killed watchdog is replaced and still takes the task down with its agent', async () => {
  agent = execa(process.execPath, ['--import', join(fixtures, 'ts-loader.mjs'), join(fixtures, 'fake-agent.mjs'), 'sleep', '60'], {reject: false, buffer: false, stdout: 'pipe'})
  trackPid(agent.pid!)
  let out = ''
  agent.stdout!.on('data', (b: Buffer) => (out += b))
  const {task, reaper} = JSON.parse((await waitFor(() => /^\{.*\}$/m.exec(out), 20_000, 'agent output'))[0]) as {task: number; reaper: number}
  trackGroup(task)
  await new Promise((r) => setTimeout(r, 600))
  process.kill(reaper, 'SIGKILL')
  // the agent spawns a new watchdog (a /bin/sh child other than the killed one) and tells it the groups
  const next = await waitFor(() => descendants(agent!.pid!).find((p) => p !== reaper && p !== task && commOf(p) === 'sh'), 10_000, 'a replacement watchdog')
  trackPid(next)
  await new Promise((r) => setTimeout(r, 100)) // its stdin write is in flight
  expect(alive(task)).toBe(true)
  process.kill(agent.pid!, 'SIGKILL')
  expect(await waitGone(task, GONE_MS)).toBeGreaterThanOrEqual(0)
})

test('SIGKILL of an agent running a whole allocation leaves no workload process and frees the port', async () => {
  const ip = '127.0.1.6'
  const port = await freePort(ip)
  agent = execa(process.execPath, ['--import', join(fixtures, 'ts-loader.mjs'), join(fixtures, 'fake-alloc-agent.mjs'), `${ip}:${port}`], {reject: false, buffer: false, stdout: 'pipe'})
  const agentPid = trackPid(agent.pid!)
  let out = ''
  agent.stdout!.on('data', (b: Buffer) => (out += b))
  await waitFor(() => out.includes('"status":"running"'), 20_000, 'alloc running')
  const t0 = Date.now()
  while (!(await portInUse(port, ip))) {
    if (Date.now() - t0 > 5000) throw new Error('task never listened')
    await new Promise((r) => setTimeout(r, 20))
  }
  const workloads = descendants(agentPid)
  for (const p of workloads) trackPid(p)
  expect(workloads.length).toBeGreaterThanOrEqual(4) // node listener + its child, sleep sidecar, watchdog

  process.kill(agentPid, 'SIGKILL')
  for (const p of workloads) expect(await waitGone(p, GONE_MS)).toBeGreaterThanOrEqual(0)
  expect(await waitPortFree(port, ip, GONE_MS)).toBe(true)
})

function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return ''
  }
}

/** Every process whose parent chain leads to `root` (from /proc). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = []
  const walk = (p: number) => {
    for (const [pid, pp] of parent) if (pp === p) (out.push(pid), walk(pid))
  }
  walk(root)
  return out
}

/** The kernel may finish closing a killed process's socket a moment after the pid is gone. */
async function waitPortFree(port: number, host: string, timeoutMs: number): Promise<boolean> {
  const t0 = Date.now()
  while (await portInUse(port, host)) {
    if (Date.now() - t0 > timeoutMs) return false
    await new Promise((r) => setTimeout(r, 20))
  }
  return true
}
