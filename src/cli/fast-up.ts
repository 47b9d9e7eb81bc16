import {existsSync} from 'node:fs'
import {UserError} from '../lib/errors.js'
import {themeFile} from './oclif-theme.js'
import {INTERNAL_EXIT, internalErrorLine} from './internal-error.js'
import {resolvePlatformFlag} from './platform-flag.js'
import {runUp, type UpFlags} from './run-up.js'
import {userErrorText} from './user-error-text.js'

// `zdev up [-f FILE] [--json] [--[no-]wait] [--retain] [-y]` without oclif: its start (~120 ms,
// and the command graph as separate modules) came before etcd was spawned, so it was part of every
// `up` (test/bench/up.bench.ts). bin/run.js calls this first, from a build-time bundle
// (scripts/bundle-cli.mjs); it does what src/commands/up.ts does and prints the same (both call
// run-up.ts). Anything else (--watch, --dashboard, --help, an unknown or repeated flag) returns
// false before doing anything, and oclif runs the command as usual.

export function plainUpArgs(args: string[]): ({file?: string; json: boolean} & UpFlags) | undefined {
  let file: string | undefined
  const seen = new Set<string>()
  const out = {json: false, wait: true, retain: false, yes: false}
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    const flag = a === '-y' ? '--yes' : a === '--no-wait' ? '--wait' : a.startsWith('--file=') || a === '-f' ? '--file' : a
    if (seen.has(flag)) return undefined
    seen.add(flag)
    if (a === '--json') out.json = true
    else if (a === '--wait' || a === '--no-wait') out.wait = a === '--wait'
    else if (a === '--retain') out.retain = true
    else if (a === '-y' || a === '--yes') out.yes = true
    else if (flag === '--file') {
      const v = a.startsWith('--file=') ? a.slice('--file='.length) : args[++i]
      // oclif's own messages for a missing or dash-led value
      if (!v || v.startsWith('-')) return undefined
      file = v
    } else return undefined
  }
  return {...out, file}
}

export async function fastUp(args: string[], env: Record<string, string | undefined> = process.env): Promise<boolean> {
  const plain = plainUpArgs(args)
  // as fast-status.ts: DEBUG, ZDEV_CONTENT_TYPE and a JSON colour theme are oclif's to honour
  if (!plain || env.DEBUG || env.ZDEV_CONTENT_TYPE || (plain.json && existsSync(themeFile(env)))) return false
  let located
  try {
    const flag = await resolvePlatformFlag(plain.file)
    located = flag.located
    if (flag.notice) process.stderr.write(flag.notice)
    const result = await runUp(located.file, plain, plain.json, (l) => process.stdout.write(`${l}\n`))
    if (plain.json) process.stdout.write(json(result))
  } catch (err) {
    if (err instanceof UserError) {
      if (plain.json) process.stdout.write(json({error: err.toJSON()}))
      else process.stderr.write(await userErrorText(err, located))
      process.exitCode = err.exitCode
      return true
    }
    const text = internalErrorLine(err)
    if (plain.json) process.stdout.write(json({error: {code: 'internal', message: text}}))
    else process.stderr.write(`${text}\n`)
    if (env.ZDEV_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`)
    process.exitCode = INTERNAL_EXIT
  }
  return true
}

/** What oclif's logJson prints when no theme colours JSON. */
function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}
