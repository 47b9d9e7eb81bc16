import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {test} from 'vitest'
import {freePort} from '../../src/lib/ports.js'
import {downPlatform} from '../../src/platform/down.js'
import {readPlatformStatus} from '../../src/platform/status.js'
import {readSuperviseRecord} from '../../src/platform/supervise-record.js'
import {upPlatform} from '../../src/platform/up.js'
import {crashLines} from '../support/crash-lines.js'
import {startLoad} from '../support/load.js'

// Soak: the whole platform (etcd ×3, a server, 3 nodes, 2 proxies, whoami ×3) under bounded
// load through both proxies for ZDEV_SOAK_MINUTES (default 30), with a fault every
// ZDEV_SOAK_FAULT_S seconds (default 60) taken in turn: SIGKILL of a proxy, a node agent, an
// etcd member, the server. Prints failed requests, restarts, RSS growth per process and open
// file descriptors at the start and the end. It asserts nothing about time.
const AGENT = process.env.ZDEV_AGENT_ENTRY ?? path.resolve(import.meta.dirname, '../../dist/agent.js')
const SAMPLES = path.resolve(import.meta.dirname, '../../fixtures/samples')
const MINUTES = Number(process.env.ZDEV_SOAK_MINUTES ?? 30)
const FAULT_S = Number(process.env.ZDEV_SOAK_FAULT_S ?? 60)
const FAULTS = ['proxy-1', 'node-2', 'etcd-3', 'server-1', 'proxy-2', 'node-3', 'etcd-1']

const rssMb = (pid: number) => {
  try {
    return Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
  } catch {
    return 0
  }
}
const fds = (pid: number) => {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length
  } catch {
    return 0
  }
}

test(`soak: ${MINUTES} min of bounded load with a fault every ${FAULT_S} s`, {timeout: (MINUTES * 60 + 300) * 1000}, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-soak-'))
  fs.cpSync(path.join(SAMPLES, 'whoami'), path.join(dir, 'whoami'), {recursive: true})
  const ports = [await freePort(), await freePort()]
  const file = path.join(dir, 'zdev.yaml')
  fs.writeFileSync(file, `name: soak\nkv:\n  members: 3\nservers: 1\nnodes: 3\nproxies:\n  count: 2\n  ports: [${ports.join(', ')}]\njobs:\n  - whoami/whoami.nomad.hcl\n`)
  const stateDir = path.join(dir, '.zdev', 'soak')
  try {
    await upPlatform(file, {agentEntry: AGENT, jobsTimeoutMs: 120_000})
    const names = (await readPlatformStatus(file)).components.map((c) => c.name)
    const child = (n: string) => readSuperviseRecord(stateDir, n)?.childPid ?? 0
    const sample = () => Object.fromEntries(names.map((n) => [n, {rss: rssMb(child(n)), fds: fds(child(n))}]))
    await new Promise((r) => setTimeout(r, 5000))
    const start = sample()
    const load = startLoad({targets: ports.map((port) => ({host: '127.0.0.1', port})), hostHeader: 'whoami.localhost', connections: 2, maxRequests: 20_000_000, maxMs: MINUTES * 60_000})
    const t0 = Date.now()
    let faults = 0
    while (Date.now() - t0 < MINUTES * 60_000 - FAULT_S * 1000) {
      await new Promise((r) => setTimeout(r, FAULT_S * 1000))
      const victim = FAULTS[faults++ % FAULTS.length]!
      const pid = child(victim)
      if (pid) process.kill(pid, 'SIGKILL')
      console.log(`soak ${Math.round((Date.now() - t0) / 1000)} s: SIGKILL ${victim} (pid ${pid})`)
    }
    const r = await load.stop()
    await new Promise((res) => setTimeout(res, 5000))
    const end = sample()
    const st = await readPlatformStatus(file)
    const total = r.ok + r.failed
    console.log(`soak ${MINUTES} min, ${faults} faults: ${r.ok} ok, ${r.failed} failed (${((r.failed / Math.max(1, total)) * 100).toFixed(3)}%) ${JSON.stringify({statuses: r.statuses, errors: r.errors})}`)
    console.log('component   restarts  last exit                                  RSS MB start → end (growth)   fds start → end')
    for (const c of st.components) {
      const s = start[c.name]!
      const e = end[c.name]!
      console.log(`${c.name.padEnd(11)} ${String(c.restarts).padEnd(9)} ${(c.lastExit ?? '-').slice(0, 42).padEnd(42)} ${s.rss.toFixed(1)} → ${e.rss.toFixed(1)} (${(e.rss - s.rss >= 0 ? '+' : '') + (e.rss - s.rss).toFixed(1)})`.padEnd(110) + ` ${s.fds} → ${e.fds}`)
    }
    const crashes = crashLines(stateDir)
    console.log(`unhandled rejections/exceptions logged by agents: ${crashes.length}${crashes.length ? '\n' + crashes.slice(0, 10).join('\n') : ''}`)
  } finally {
    await downPlatform(file, {purge: true}).catch(() => undefined)
    fs.rmSync(dir, {recursive: true, force: true})
  }
})
