// `zdev env`: the shell variables that point Nomad's tools (the nomad CLI, Terraform's
// provider, nomad-pack, Levant …) at this platform's HTTP API. Pure.
import {serverApiPort} from './plan.js'
import type {PlatformState} from './state.js'
import type {Platform} from './types.js'

export interface NomadEnv {
  set: Record<string, string>
  /** Variables a shell pointed at another cluster may hold and that would break this one. */
  unset: string[]
}

/** The API address of the first running server (from state.json), else of server-1. */
export function nomadAddr(p: Platform, state: PlatformState | undefined): string | null {
  if (p.servers.count === 0) return null
  const running = state?.components.filter((c) => c.kind === 'server' && c.pid !== null && c.endpoints.length) ?? []
  return running[0]?.endpoints[0] ?? `http://127.0.0.1:${serverApiPort(p, 0)}`
}

export function nomadEnv(p: Platform, state: PlatformState | undefined): NomadEnv | null {
  const addr = nomadAddr(p, state)
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
