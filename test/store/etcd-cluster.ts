import {spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {freePort} from '../../src/lib/ports.js'

export interface TestCluster {
  endpoints: string[]
  /** SIGKILL one member (index into endpoints) and wait for it to exit. */
  kill(i: number): Promise<void>
  signal(i: number, sig: NodeJS.Signals): void
  stop(): Promise<void>
}

/** `n` real etcd members on loopback in one temp dir, healthy before it resolves; `extra` flags for every member. */
export async function startTestCluster(n: number, extra: string[] = []): Promise<TestCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-etcd-cluster-'))
  const ports: {client: number; peer: number}[] = []
  for (let i = 0; i < n; i++) ports.push({client: await freePort(), peer: await freePort()})
  const initial = ports.map((p, i) => `m${i}=http://127.0.0.1:${p.peer}`).join(',')
  const procs: ChildProcess[] = ports.map((p, i) => {
    const url = `http://127.0.0.1:${p.client}`
    return spawn(process.env.ZDEV_ETCD_BIN ?? 'etcd', [
      '--name', `m${i}`, '--data-dir', path.join(dir, `m${i}`),
      '--listen-client-urls', url, '--advertise-client-urls', url,
      '--listen-peer-urls', `http://127.0.0.1:${p.peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${p.peer}`,
      '--initial-cluster', initial, '--initial-cluster-state', 'new',
      '--heartbeat-interval', '50', '--election-timeout', '500', ...extra,
    ], {stdio: 'ignore'})
  })
  const endpoints = ports.map((p) => `http://127.0.0.1:${p.client}`)
  const kill = async (i: number) => {
    const p = procs[i]!
    if (p.exitCode !== null || p.signalCode !== null) return
    const exited = new Promise((r) => p.once('exit', r))
    p.kill('SIGCONT')
    p.kill('SIGKILL')
    await exited
  }
  const stop = async () => {
    await Promise.all(procs.map((_, i) => kill(i)))
    fs.rmSync(dir, {recursive: true, force: true})
  }
  const deadline = Date.now() + 15_000
  for (const e of endpoints) {
    for (;;) {
      try {
        const r = await fetch(`${e}/health`, {signal: AbortSignal.timeout(1000)})
        if (r.ok && ((await r.json()) as {health: string}).health === 'true') break
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`test etcd cluster did not become healthy in 15 s (${e})`)
      }
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  return {endpoints, kill, signal: (i, sig) => procs[i]!.kill(sig), stop}
}
