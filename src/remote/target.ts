// Which Nomad `promote` and `job diff` talk to: --to NAME (the platform file's targets), else
// --addr, else NOMAD_ADDR; token from --token or NOMAD_TOKEN.
import {existsSync} from 'node:fs'
import {UserError} from '../lib/errors.js'
import {loadPlatform} from '../platform/load.js'
import {NomadClient} from './nomad-client.js'

export interface TargetFlags {
  file: string
  to?: string
  addr?: string
  token?: string
  namespace?: string
  region?: string
}

export interface ResolvedTarget {
  client: NomadClient
  name: string | null
  varFiles: string[]
  vars: Record<string, string>
}

export async function resolveTarget(f: TargetFlags, env: Record<string, string | undefined>): Promise<ResolvedTarget> {
  if (!f.to) {
    const client = NomadClient.fromEnv(env, {addr: f.addr, token: f.token, namespace: f.namespace, region: f.region})
    return {client, name: null, varFiles: [], vars: {}}
  }
  if (!existsSync(f.file)) throw new UserError(`--to ${f.to} names a target of the platform file, but ${f.file} does not exist.`, {code: 'no_platform', hint: 'pass -f FILE, or --addr URL instead of --to.'})
  const p = await loadPlatform(f.file)
  const t = p.targets.find((x) => x.name === f.to)
  if (!t) {
    const known = p.targets.map((x) => x.name)
    throw new UserError(`${p.file}: no target named "${f.to}"${known.length ? ` (targets: ${known.join(', ')})` : ' (the file has no targets)'}.`, {code: 'no_target', field: 'targets', hint: `add it: targets: {${f.to}: {addr: https://nomad.example.com:4646}}`})
  }
  const client = NomadClient.fromEnv(env, {addr: f.addr ?? t.addr, token: f.token, namespace: f.namespace ?? t.namespace, region: f.region ?? t.region})
  return {client, name: t.name, varFiles: t.varFiles, vars: t.vars}
}
