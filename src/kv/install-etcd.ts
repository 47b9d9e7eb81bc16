import {existsSync} from 'node:fs'
import {UserError} from '../lib/errors.js'
import {etcdMissingError, findEtcd} from './locate-etcd.js'

export interface EnsureEtcdOptions {
  /** Install without asking (Debian/Ubuntu as root only). */
  yes?: boolean
  /** Ask the user; undefined when there is nobody to ask (no TTY). */
  confirm?: (question: string) => Promise<boolean>
  /** Where apt-get's output goes while installing. */
  onOutput?: (line: string) => void
}

export function isDebianLike(): boolean {
  return process.platform === 'linux' && existsSync('/etc/debian_version')
}

/** Path of etcd; installs it with apt-get when allowed, otherwise says exactly how to install it. */
export async function ensureEtcd(opts: EnsureEtcdOptions = {}): Promise<string> {
  const found = await findEtcd()
  if (found) return found
  const debian = isDebianLike()
  const root = process.getuid?.() === 0
  if (!debian || !root) throw etcdMissingError(process.platform, debian)
  const go = opts.yes || (opts.confirm ? await opts.confirm('etcd is not installed. Install it now with `apt-get install -y etcd-server`?') : false)
  if (!go) throw etcdMissingError(process.platform, debian)
  try {
    // loaded only here: execa's graph costs ~130 ms on every `up` otherwise
    const {execa} = await import('execa')
    const sub = execa('apt-get', ['install', '-y', 'etcd-server'], {env: {DEBIAN_FRONTEND: 'noninteractive'}, all: true, timeout: 600_000})
    sub.all?.on('data', (b: Buffer) => opts.onOutput?.(b.toString()))
    await sub
  } catch (err) {
    throw new UserError(`installing etcd with apt-get failed: ${(err as Error).message.split('\n')[0]}`, {
      code: 'etcd_install_failed',
      hint: 'run `apt-get update && apt-get install -y etcd-server` yourself, then `zdev up` again',
      cause: err,
    })
  }
  const after = await findEtcd()
  if (!after) throw etcdMissingError(process.platform, debian)
  return after
}
