import {spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {freePort} from '../../src/lib/ports.js'

export interface TestEtcd {
  endpoints: string[]
  pid: number
  stop(): Promise<void>
}

/** One real etcd member on loopback, in a temp dir, for store-level tests. */
export async function startTestEtcd(): Promise<TestEtcd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-etcd-'))
  const client = await freePort()
  const peer = await freePort()
  const url = `http://127.0.0.1:${client}`
  const proc: ChildProcess = spawn(
    process.env.ZDEV_ETCD_BIN ?? 'etcd',
    [
      '--name', 't1', '--data-dir', path.join(dir, 'data'),
      '--listen-client-urls', url, '--advertise-client-urls', url,
      '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
      '--initial-cluster', `t1=http://127.0.0.1:${peer}`,
      '--heartbeat-interval', '50', '--election-timeout', '500', '--max-txn-ops', '10000',
    ],
    {stdio: 'ignore'},
  )
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      const r = await fetch(`${url}/health`)
      if (r.ok && ((await r.json()) as {health: string}).health === 'true') break
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error('test etcd did not become healthy in 10 s')
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    endpoints: [url],
    pid: proc.pid!,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r))
        proc.kill('SIGKILL')
        await exited
      }
      fs.rmSync(dir, {recursive: true, force: true})
    },
  }
}
