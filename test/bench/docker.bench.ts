// Container start → healthy (answering HTTP) through zdev's docker task driver, beside
// `docker run -d` of the same image and command measured in the same run, interleaved round by
// round. Two images built here without a registry: busybox httpd, and the whoami sample on the
// node base. Host networking on a loopback address only; every container removed at the end.
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, test} from 'vitest'
import {createDockerDriver} from '../../src/drivers/docker-driver.js'
import type {TaskHandle} from '../../src/drivers/driver.js'
import {freePort} from '../../src/lib/ports.js'
import {buildLocalImage} from '../../src/platform/image-build.js'
import {downPlatform} from '../../src/platform/down.js'
import {upPlatform} from '../../src/platform/up.js'
import {writeFileSync} from 'node:fs'
import {ensureBusybox, removeTestContainers, testDaemon, testLabels} from '../support/docker.js'

const RUN = `bench${process.pid}`
const labels = testLabels(RUN)
const IP = '127.0.1.9'
const ROUNDS = 7
const SAMPLES = join(import.meta.dirname, '..', '..', 'fixtures', 'samples')

afterAll(async () => {
  await removeTestContainers((await testDaemon()).docker, RUN)
})

async function untilAnswers(port: number, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs
  for (;;) {
    try {
      await (await fetch(`http://${IP}:${port}/health`, {signal: AbortSignal.timeout(1000)})).text()
      return
    } catch {
      if (Date.now() > until) throw new Error(`nothing answered on ${IP}:${port} within ${deadlineMs} ms`)
      await new Promise((r) => setTimeout(r, 5))
    }
  }
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return {min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s.at(-1)!}
}
const fmt = (x: {min: number; median: number; max: number}) => `min ${x.min.toFixed(0)} / median ${x.median.toFixed(0)} / max ${x.max.toFixed(0)} ms`

interface Case {
  name: string
  image: string
  cmd: (port: number) => string[]
  env: (port: number) => Record<string, string>
}

test('docker task start → healthy vs docker run of the same image', async () => {
  const {docker} = await testDaemon()
  const busybox = await ensureBusybox(docker)
  await buildLocalImage(SAMPLES, {tag: 'zdev/whoami:dev', buildArgs: {SCRIPT: 'whoami/whoami.mjs', BASE: 'zdev/node:local'}})
  const cases: Case[] = [
    {name: 'busybox httpd', image: busybox, cmd: (p) => ['httpd', '-f', '-p', `${IP}:${p}`, '-h', '/tmp'], env: () => ({})},
    {name: 'whoami (node)', image: 'zdev/whoami:dev', cmd: () => [], env: (p) => ({NOMAD_IP_http: IP, NOMAD_PORT_http: String(p)})},
  ]
  const driver = createDockerDriver({labels})
  const dir = mkdtempSync(join(tmpdir(), 'zdev-bench-dock-'))
  const sink = {write() {}}
  const lines: string[] = []
  try {
    for (const c of cases) {
      const zdev: number[] = []
      const cli: number[] = []
      for (let i = 0; i < ROUNDS; i++) {
        // zdev's driver
        let port = await freePort(IP)
        let t0 = performance.now()
        const [command, ...args] = c.cmd(port)
        const h: TaskHandle = await driver.start({
          name: 'bench', command: '', args: [], env: c.env(port), cwd: dir, stdout: sink, stderr: sink,
          config: {image: c.image, network_mode: 'host', init: true, ...(command ? {command, args} : {})},
          identity: {allocId: `${RUN}-${i}`, job: 'bench', group: 'g'}, resources: {cpu: 100, memoryMB: 128},
        })
        await untilAnswers(port)
        zdev.push(performance.now() - t0)
        await h.stop('SIGTERM', 5000)
        // the baseline: docker run -d of the same image and command
        port = await freePort(IP)
        const name = `zdev-bench-${RUN}-${i}`
        const envArgs = Object.entries(c.env(port)).flatMap(([k, v]) => ['-e', `${k}=${v}`])
        const labelArgs = Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`])
        t0 = performance.now()
        await execa('docker', ['run', '-d', '--init', '--network', 'host', '--name', name, ...labelArgs, ...envArgs, c.image, ...c.cmd(port)])
        await untilAnswers(port)
        cli.push(performance.now() - t0)
        await execa('docker', ['rm', '-f', name])
      }
      const z = stats(zdev)
      const b = stats(cli)
      lines.push(`${c.name.padEnd(14)} zdev docker driver: ${fmt(z)} | docker run -d: ${fmt(b)} | ratio (median) ${(z.median / b.median).toFixed(2)}×`)
    }
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
  console.log(`\ncontainer start → answering HTTP, ${ROUNDS} interleaved rounds\n${lines.join('\n')}`)
})

// The KV quorum of `runtime: docker` (3 etcd members as containers, each kept by a small
// process) beside the same quorum as processes, interleaved: a cold `up` (fresh data, auth
// turned on) and a warm one (down → up on the kept data/volumes), until the quorum answers.
test('etcd quorum up: members as containers vs as processes', async () => {
  await testDaemon()
  const AGENT = join(import.meta.dirname, '..', '..', 'dist', 'agent.js')
  const KV_ROUNDS = 4
  const dirs: Record<string, string> = {}
  const times: Record<string, {cold: number[]; warm: number[]}> = {}
  try {
    for (const runtime of ['process', 'docker']) {
      dirs[runtime] = mkdtempSync(join(tmpdir(), `zdev-bench-kv-${runtime}-`))
      writeFileSync(join(dirs[runtime]!, 'zdev.yaml'), `name: benchkv${runtime}\nruntime: ${runtime}\nkv: {members: 3}\nservers: 0\nnodes: 0\n`)
      times[runtime] = {cold: [], warm: []}
    }
    for (let i = 0; i < KV_ROUNDS; i++) {
      for (const runtime of i % 2 ? ['docker', 'process'] : ['process', 'docker']) {
        const file = join(dirs[runtime]!, 'zdev.yaml')
        let t0 = performance.now()
        await upPlatform(file, {agentEntry: AGENT, quorumTimeoutMs: 60_000, readyTimeoutMs: 30_000})
        times[runtime]!.cold.push(performance.now() - t0)
        await downPlatform(file)
        t0 = performance.now()
        await upPlatform(file, {agentEntry: AGENT, quorumTimeoutMs: 60_000, readyTimeoutMs: 30_000})
        times[runtime]!.warm.push(performance.now() - t0)
        await downPlatform(file, {purge: true})
      }
    }
  } finally {
    for (const d of Object.values(dirs)) {
      await downPlatform(join(d, 'zdev.yaml'), {purge: true}).catch(() => undefined)
      rmSync(d, {recursive: true, force: true})
    }
  }
  const row = (k: 'cold' | 'warm') => {
    const p = stats(times.process![k])
    const d = stats(times.docker![k])
    return `${k} up  containers: ${fmt(d)} | processes: ${fmt(p)} | ratio (median) ${(d.median / p.median).toFixed(2)}×`
  }
  console.log(`\netcd quorum (3 members) up until it answers, ${KV_ROUNDS} interleaved rounds\n${row('cold')}\n${row('warm')}`)
})
