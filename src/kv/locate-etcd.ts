import {access, constants} from 'node:fs/promises'
import path from 'node:path'
import {UserError} from '../lib/errors.js'

export interface LocateEnv {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(() => true, () => false)
}

/** `$ZDEV_ETCD_BIN`, else `etcd` on PATH; undefined when neither exists. */
export async function findEtcd(where: LocateEnv = {env: process.env, platform: process.platform}): Promise<string | undefined> {
  const explicit = where.env.ZDEV_ETCD_BIN
  if (explicit) {
    if (await isExecutable(explicit)) return path.resolve(explicit)
    throw new UserError(`ZDEV_ETCD_BIN is set to ${explicit}, which is not an executable file`, {
      code: 'etcd_missing',
      hint: 'point ZDEV_ETCD_BIN at the etcd binary, or unset it to use etcd from PATH',
    })
  }
  const exe = where.platform === 'win32' ? 'etcd.exe' : 'etcd'
  for (const dir of (where.env.PATH ?? '').split(path.delimiter)) {
    if (dir && (await isExecutable(path.join(dir, exe)))) return path.join(dir, exe)
  }
  return undefined
}

/** How to install etcd on this OS, as a command line (or a pointer when we do not know). */
export function installCommand(platform: NodeJS.Platform, isDebian: boolean): string {
  if (platform === 'darwin') return 'brew install etcd'
  if (platform === 'linux' && isDebian) return 'sudo apt-get install -y etcd-server'
  return 'download etcd 3.4+ from https://github.com/etcd-io/etcd/releases and put it on PATH (or set ZDEV_ETCD_BIN)'
}

export function etcdMissingError(platform: NodeJS.Platform, isDebian: boolean): UserError {
  return new UserError('etcd was not found: zdev needs the etcd binary to run the KV quorum (looked at $ZDEV_ETCD_BIN, then PATH)', {
    code: 'etcd_missing',
    exitCode: 3,
    hint: `install it with \`${installCommand(platform, isDebian)}\` (on macOS: \`brew install etcd\`), or run \`zdev up --yes\` as root on Debian/Ubuntu to install it now`,
  })
}
