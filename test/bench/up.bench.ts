import {afterAll, test} from 'vitest'
import {spawn, execFileSync, type ChildProcess} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {upPlatform} from '../../src/platform/up.js'
import {downPlatform} from '../../src/platform/down.js'
import {buildEtcdArgs, clientUrl} from '../../src/kv/etcd-args.js'
import {waitForQuorum} from '../../src/kv/wait-quorum.js'
import {freePort} from '../../src/lib/ports.js'
import {killRecorded} from '../platform/helpers.js'

// Time from `zdev up` to a healthy 3-member quorum, next to bare etcd started by hand (the floor).
const ROUNDS = 5
const children: ChildProcess[] = []
const stateDirs: string[] = []
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL')
  for (const d of stateDirs) {
    await killRecorded(d)
    rmSync(path.dirname(path.dirname(d)), {recursive: true, force: true})
  }
})

async function bareEtcd(staggered: boolean): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'zdev-bench-bare-'))
  const members = await Promise.all([1, 2, 3].map(async (i) => ({name: `m${i}`, dataDir: path.join(dir, `m${i}`), clientPort: await freePort(), peerPort: await freePort()})))
  const cluster = {token: `bare-${path.basename(dir)}`, heartbeatMs: 50, electionMs: 500, members}
  const t0 = performance.now()
  const procs: ChildProcess[] = []
  for (const m of members) {
    const p = spawn('etcd', buildEtcdArgs(cluster, m), {stdio: 'ignore'})
    procs.push(p)
    children.push(p)
    if (staggered) await waitPort(m.clientPort)
  }
  await waitForQuorum(members.map((m) => clientUrl(m.clientPort)), {timeoutMs: 20_000, intervalMs: 25})
  const ms = performance.now() - t0
  for (const p of procs) p.kill('SIGKILL')
  rmSync(dir, {recursive: true, force: true})
  return ms
}

async function waitPort(port: number): Promise<void> {
  const {connect} = await import('node:net')
  for (let i = 0; i < 500; i++) {
    const ok = await new Promise<boolean>((r) => {
      const s = connect({host: '127.0.0.1', port}, () => (s.destroy(), r(true)))
      s.once('error', () => r(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 10))
  }
}

function tempPlatform(): {file: string; stateDir: string} {
  const dir = mkdtempSync(path.join(tmpdir(), 'zdev-bench-up-'))
  const file = path.join(dir, 'zdev.yaml')
  writeFileSync(file, 'name: bench\nservers: 0\nnodes: 0\nproxies: 0\n')
  const stateDir = path.join(dir, '.zdev', 'bench')
  stateDirs.push(stateDir)
  return {file, stateDir}
}

async function zdevUp(): Promise<number> {
  const {file} = tempPlatform()
  const t0 = performance.now()
  await upPlatform(file)
  const ms = performance.now() - t0
  await downPlatform(file, {purge: true})
  return ms
}

/** The CLI from a cold Node start; undefined when dist/ is not there (others may be rebuilding). */
async function cliUp(): Promise<number | undefined> {
  const {file} = tempPlatform()
  try {
    const t0 = performance.now()
    execFileSync(process.execPath, ['bin/run.js', 'up', '-f', file], {stdio: 'ignore', env: {...process.env, CI: '1'}})
    return performance.now() - t0
  } catch {
    return undefined
  } finally {
    await downPlatform(file, {purge: true})
  }
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return {median: s[Math.floor(s.length / 2)]!, min: s[0]!, max: s.at(-1)!}
}
const fmt = (x: {median: number; min: number; max: number}) => `median ${x.median.toFixed(0)} ms (min ${x.min.toFixed(0)}, max ${x.max.toFixed(0)})`

test('zdev up → quorum vs bare etcd (3 members)', async () => {
  const bare: number[] = []
  const staggered: number[] = []
  const up: number[] = []
  const cli: number[] = []
  const haveCli = existsSync('dist/commands/up.js')
  for (let i = 0; i < ROUNDS; i++) {
    bare.push(await bareEtcd(false))
    staggered.push(await bareEtcd(true))
    up.push(await zdevUp())
    const c = haveCli ? await cliUp() : undefined
    if (c !== undefined) cli.push(c)
  }
  const all = stats(bare)
  const st = stats(staggered)
  const b = all.median < st.median ? all : st // the floor: the faster way to start bare etcd
  const u = stats(up)
  console.log(`bare etcd ×3, spawned at once → all /health ok:      ${fmt(all)}`)
  console.log(`bare etcd ×3, each after the previous listens → ok:  ${fmt(st)}`)
  console.log(`upPlatform() → quorum (service):                     ${fmt(u)}   ratio ${(u.median / b.median).toFixed(2)}× the floor`)
  if (cli.length > 0) {
    const c = stats(cli)
    console.log(`node bin/run.js up → exit (CLI, incl. Node+oclif):   ${fmt(c)}   ratio ${(c.median / b.median).toFixed(2)}× the floor`)
  } else console.log('CLI not measured: dist/ missing (npm run build)')
})
