import {existsSync} from 'node:fs'
import {UserError} from '../lib/errors.js'
import {withCli} from '../platform/locate-cli.js'
import {readPlatformStatus} from '../platform/status.js'
import {clusterHealth, formatStatus} from '../ui/progress/format-status.js'
import {themeFile} from './oclif-theme.js'
import {resolvePlatformFlag} from './platform-flag.js'
import {userErrorText} from './user-error-text.js'

// `zdev status [-f FILE] [--json]` without oclif (whose start alone is 2× `node -e 0`): bin/run.js
// calls this first, from a build-time bundle (scripts/bundle-cli.mjs). It prints what
// src/commands/status.ts prints under oclif, byte for byte, with the same exit code. Anything
// else (--watch, --help, an unknown flag, an unexpected failure) returns false having printed
// nothing, and oclif runs the command as usual. Output is held until the end for that reason.

export function plainStatusArgs(args: string[]): {file?: string; json: boolean} | undefined {
  let file: string | undefined
  let json = false
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    let v: string | undefined
    if (a === '--json') {
      if (json) return undefined
      json = true
      continue
    }
    if (a === '-f' || a === '--file') v = args[++i]
    else if (a.startsWith('--file=')) v = a.slice('--file='.length)
    else return undefined
    // oclif's own messages for a missing, repeated or dash-led value
    if (!v || v.startsWith('-') || file !== undefined) return undefined
    file = v
  }
  return {file, json}
}

export async function fastStatus(args: string[], env: Record<string, string | undefined> = process.env): Promise<boolean> {
  const plain = plainStatusArgs(args)
  // DEBUG makes oclif log to stderr; ZDEV_CONTENT_TYPE=json turns --json on in oclif; a theme
  // file colours oclif's JSON.
  if (!plain || env.DEBUG || env.ZDEV_CONTENT_TYPE || (plain.json && existsSync(themeFile(env)))) return false
  let stdout = ''
  let stderr = ''
  let code = 0
  let located
  try {
    const flag = await resolvePlatformFlag(plain.file)
    located = flag.located
    stderr += flag.notice ?? ''
    const s = await readPlatformStatus(located.file, {timeoutMs: 2000})
    stdout = plain.json ? json(s) : withCli(formatStatus(s))
    code = clusterHealth(s).exitCode
  } catch (err) {
    if (!(err instanceof UserError)) return false
    if (plain.json) stdout = json({error: err.toJSON()})
    else stderr += await userErrorText(err, located)
    code = err.exitCode
  }
  if (stderr) process.stderr.write(stderr)
  if (stdout) process.stdout.write(stdout)
  process.exitCode = code
  return true
}

/** What oclif's logJson prints when no theme colours JSON. */
function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}
