// `zdev env`: the shell variables that point Nomad's tools (the nomad CLI, Terraform's
// provider, nomad-pack, Levant …) at this platform's HTTP API. The address is the one a server
// really bound, from its record (src/api/api-record.ts): the platform file's api_port is only
// the first port tried, and on a machine with two clusters it may belong to the other one.
import path from 'node:path'
import {readApiRecord, recordIsLive, type ApiRecord} from './api-record.js'
import {UserError} from '../lib/errors.js'
import {serverApiPort} from './plan.js'
import {isProcessAlive} from './process-alive.js'
import type {PlatformState} from './state.js'
import type {Platform} from './types.js'

export interface NomadEnv {
  set: Record<string, string>
  /** Variables a shell pointed at another cluster may hold and that would break this one. */
  unset: string[]
}

export interface ServerApi {
  name: string
  /** Its process runs (state.json and /proc agree). */
  running: boolean
  /** The live record of the process serving now, if it has bound (or failed to). */
  live: ApiRecord | null
  /** The last address it had (kept after it stops; tried first on its next start). */
  lastAddr: string | null
}

/** Each server of the file: running or not, and where its API listens. Reads files, no network. */
export function serverApis(p: Platform, state: PlatformState | undefined): ServerApi[] {
  return p.servers.names.map((name) => {
    const c = state?.components.find((x) => x.name === name && x.kind === 'server')
    const rec = readApiRecord(p.stateDir, name)
    const running = Boolean(c && c.pid !== null && isProcessAlive(c.pid, c))
    return {name, running, live: running && rec && recordIsLive(rec) ? rec : null, lastAddr: rec?.addr ?? null}
  })
}

/**
 * The API address of the first server that listens, else the last one recorded, else the
 * platform file's port of server-1 (nothing ever bound it). Null without servers.
 */
export function nomadAddr(p: Platform, state: PlatformState | undefined): string | null {
  if (p.servers.count === 0) return null
  const apis = serverApis(p, state)
  return apis.find((s) => s.live?.addr)?.live!.addr ?? apis.find((s) => s.lastAddr)?.lastAddr ?? `http://127.0.0.1:${serverApiPort(p, 0)}`
}

export interface ResolvedAddr {
  addr: string
  /** A server runs and listens at addr. */
  running: boolean
}

/**
 * Where Nomad tools should go, waiting (up to `timeoutMs`) for a server that was just started
 * to bind. A running cluster whose servers have no API is an error, never a guessed address:
 * the guess could be another cluster's API.
 */
export async function resolveNomadAddr(p: Platform, state: PlatformState | undefined, timeoutMs = 10_000): Promise<ResolvedAddr | null> {
  if (p.servers.count === 0) return null
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const apis = serverApis(p, state)
    const up = apis.find((s) => s.live?.addr)
    if (up) return {addr: up.live!.addr!, running: true}
    const running = apis.filter((s) => s.running)
    if (running.length === 0) return {addr: nomadAddr(p, state)!, running: false}
    const failed = running.filter((s) => s.live?.error)
    if (failed.length === running.length || Date.now() > deadline) {
      const logs = path.join(p.stateDir, 'logs')
      const why = failed.length ? failed.map((s) => `${s.name}: ${s.live!.error}`).join('; ') : `${running.map((s) => s.name).join(', ')} did not report an address within ${Math.round(timeoutMs / 1000)} s`
      throw new UserError(`cluster ${p.name} runs, but no server's HTTP API listens (${why}).`, {code: 'api_not_listening', hint: `see ${logs}/server-*.log; \`zdev server restart <name>\` tries again.`})
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** The variables for `addr` (default: nomadAddr). Null without servers. */
export function nomadEnv(p: Platform, state: PlatformState | undefined, addr = nomadAddr(p, state)): NomadEnv | null {
  if (!addr) return null
  const set: Record<string, string> = {NOMAD_ADDR: addr, NOMAD_REGION: 'global', NOMAD_NAMESPACE: 'default'}
  if (p.servers.apiToken) set.NOMAD_TOKEN = p.servers.apiToken
  const unset = ['NOMAD_CACERT', 'NOMAD_CAPATH', 'NOMAD_CLIENT_CERT', 'NOMAD_CLIENT_KEY', 'NOMAD_TLS_SERVER_NAME', 'NOMAD_SKIP_VERIFY']
  if (!p.servers.apiToken) unset.push('NOMAD_TOKEN')
  return {set, unset}
}

const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`

export type Shell = 'sh' | 'fish'

export function formatEnv(env: NomadEnv, shell: Shell): string {
  if (shell === 'fish') {
    return [...Object.entries(env.set).map(([k, v]) => `set -gx ${k} ${quote(v)};`), ...env.unset.map((k) => `set -e ${k};`)].join('\n') + '\n'
  }
  return [...Object.entries(env.set).map(([k, v]) => `export ${k}=${quote(v)}`), `unset ${env.unset.join(' ')}`].join('\n') + '\n'
}
