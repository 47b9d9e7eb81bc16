import {existsSync} from 'node:fs'
import {findDaemon, type DaemonProbe} from '../drivers/docker-host.js'
import {findEtcd} from '../kv/locate-etcd.js'
import {resolveRuntime} from './docker-runtime.js'
import {loadPlatform} from './load.js'

// `zdev doctor`: what this machine offers zdev — node, etcd, a Docker daemon (where, which
// version, or why not and what to do) — and which runtime the platform file resolves to.

export interface Check {
  name: string
  ok: boolean
  detail: string
  hint?: string
}

export interface DoctorReport {
  checks: Check[]
  /** The runtime the platform file resolves to, when there is a platform file. */
  runtime: {file: string; declared: string; resolved: string; why: string} | null
  ok: boolean
}

export async function runDoctor(file: string, probe: () => Promise<DaemonProbe> = () => findDaemon()): Promise<DoctorReport> {
  const checks: Check[] = []
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number]
  const nodeOk = major > 20 || (major === 20 && minor >= 18)
  checks.push({name: 'node', ok: nodeOk, detail: `${process.version} at ${process.execPath}`, hint: nodeOk ? undefined : 'zdev needs Node ≥ 20.18'})
  const etcd = await findEtcd().catch(() => undefined)
  checks.push(etcd ? {name: 'etcd', ok: true, detail: etcd} : {name: 'etcd', ok: false, detail: 'not found on PATH (or $ZDEV_ETCD_BIN)', hint: '`zdev up --yes` installs it on Debian/Ubuntu; else `apt-get install etcd-server` or `brew install etcd`'})
  const d = await probe()
  checks.push(dockerCheck(d))
  let runtime: DoctorReport['runtime'] = null
  if (existsSync(file)) {
    const p = await loadPlatform(file)
    const c = await resolveRuntime(p, async () => d)
    const broken = p.runtime === 'docker' && !d.ok
    runtime = {file: p.file, declared: p.runtime, resolved: c.runtime, why: c.why}
    if (broken) checks.push({name: 'runtime', ok: false, detail: `${p.file} says runtime: docker, but ${c.why}`, hint: d.ok ? undefined : d.hint})
  }
  return {checks, runtime, ok: checks.every((c) => c.ok || c.name === 'docker')}
}

function dockerCheck(d: DaemonProbe): Check {
  if (d.ok) return {name: 'docker', ok: true, detail: `Docker ${d.version} (API ${d.apiVersion}, ${d.osType}) at ${d.host} (${d.source})`}
  return {name: 'docker', ok: false, detail: `no daemon answers: ${d.tried.map((t) => `${t.host} (${t.source}): ${t.problem}`).join('; ')}`, hint: d.hint}
}
