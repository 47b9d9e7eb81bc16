import {existsSync} from 'node:fs'
import {UserError} from '../lib/errors.js'
import {describeKnown, locatePlatform, type LocatedPlatform} from '../platform/locate-platform.js'
import {readKnownClusters} from '../platform/known-clusters.js'

// What `-f` means in every command (see platform/locate-platform.ts), without oclif: BaseCommand
// and the commands bin/run.js runs directly (src/cli/fast-status.ts) share it, so both say the
// same thing about a missing platform file.

export interface PlatformFlag {
  located: LocatedPlatform
  /** A line for stderr when the file was not asked for but taken from the last `up`. */
  notice?: string
}

/** `flag` is the -f value ('' or undefined when not given). */
export async function resolvePlatformFlag(flag: string | undefined, opts: {optional?: boolean; follow?: boolean} = {}): Promise<PlatformFlag> {
  const loc = await locatePlatform({flag: flag || undefined}).catch((err: unknown) => {
    if (opts.optional && err instanceof UserError) return {file: '', source: 'flag' as const}
    throw err
  })
  if (!opts.optional && loc.source !== 'last' && !existsSync(loc.file)) {
    const via = loc.source === 'env' ? ' (from $ZDEV_FILE)' : ''
    const follow = opts.follow ? ' In zdev -f always names the platform file; to follow output use --follow (or -F).' : ''
    throw new UserError(`Platform file ${loc.file}${via} not found.${follow}${describeKnown((await readKnownClusters()).clusters)}`, {
      code: 'no_platform',
      hint: 'pass -f with an existing zdev.yaml, run the command from its folder, or `zdev init` to scaffold one.',
    })
  }
  return {located: loc, ...(loc.source === 'last' ? {notice: `(using ${loc.file}: the cluster last brought up)\n`} : {})}
}
