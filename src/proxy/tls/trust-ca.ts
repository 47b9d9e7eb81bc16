// `zdev trust`: where the cluster's CA certificate is and how to trust it; with `install`, put it
// into the system store where that needs no prompt (Debian/Ubuntu as root: update-ca-certificates).
import {spawnSync} from 'node:child_process'
import {copyFileSync, existsSync} from 'node:fs'
import path from 'node:path'
import {ensureLocalCa} from './local-ca.js'

export interface TrustReport {
  cluster: string
  caFile: string
  /** Commands a person can run, one per line, for this OS. */
  steps: string[]
  installed: boolean
  /** Why `install` did not install, when it did not. */
  notInstalled?: string
}

const DEBIAN_STORE = '/usr/local/share/ca-certificates'

export function trustCa(tlsDir: string, cluster: string, opts: {install: boolean; url?: string; platform?: NodeJS.Platform; isRoot?: boolean}): TrustReport {
  const {certFile} = ensureLocalCa(tlsDir, cluster)
  const platform = opts.platform ?? process.platform
  const isRoot = opts.isRoot ?? process.getuid?.() === 0
  const target = path.join(DEBIAN_STORE, `zdev-${cluster}.crt`)
  const steps = [`curl --cacert ${certFile} ${opts.url ?? 'https://whoami.localhost:8443/'}`]
  if (platform === 'darwin') steps.push(`sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${certFile}`)
  else if (platform === 'linux') steps.push(`sudo cp ${certFile} ${target} && sudo update-ca-certificates`, `Firefox and Chrome keep their own store: import ${certFile} under Settings › Certificates › Authorities.`)
  else steps.push(`import ${certFile} as a trusted root certificate authority`)
  const report: TrustReport = {cluster, caFile: certFile, steps, installed: false}
  if (!opts.install) return report
  if (platform !== 'linux' || !existsSync(DEBIAN_STORE)) return {...report, notInstalled: `no ${DEBIAN_STORE} here; run the step above for your system`}
  if (!isRoot) return {...report, notInstalled: 'installing into the system store needs root; run the sudo step above'}
  copyFileSync(certFile, target)
  const run = spawnSync('update-ca-certificates', [], {encoding: 'utf8'})
  if (run.status !== 0) return {...report, notInstalled: `update-ca-certificates failed: ${(run.stderr || run.error?.message || '').trim()}`}
  return {...report, installed: true}
}
