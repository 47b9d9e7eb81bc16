import path from 'node:path'
import type {UserError} from '../lib/errors.js'
import {describeKnown, type LocatedPlatform} from '../platform/locate-platform.js'
import {readKnownClusters} from '../platform/known-clusters.js'
import {withCli} from '../platform/locate-cli.js'

// A UserError as the user reads it on stderr: "Error: …" (with the other clusters this user
// knows when this one is not running) and "Try this: …". BaseCommand and the commands bin/run.js
// runs without oclif (src/cli/fast-status.ts) print the same text.

export async function userErrorText(err: UserError, located?: LocatedPlatform): Promise<string> {
  const here = located ? path.resolve(located.file) : ''
  const known = err.code === 'not_running' ? describeKnown((await readKnownClusters()).clusters.filter((c) => c.file !== here)) : ''
  return withCli(`Error: ${err.message}${known}\n`) + (err.hint ? withCli(`Try this: ${err.hint}\n`) : '')
}
