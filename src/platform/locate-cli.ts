import {realpathSync, statSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** This package's bin script (src/platform and dist/platform both sit two levels below the root). */
const OWN_BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

// How the user can run zdev again from where they are: `zdev` when that name on their PATH is
// this very CLI, otherwise the path of the script they ran (`./bin/run.js` in a clone).

type Env = Record<string, string | undefined>

function real(f: string): string | undefined {
  try {
    return statSync(f).isFile() ? realpathSync(f) : undefined
  } catch {
    return undefined
  }
}

/** The first `name` on $PATH, resolved through symlinks. */
export function onPath(name: string, env: Env = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    const r = real(path.join(dir, name))
    if (r) return r
  }
  return undefined
}

/** Pure: how to name `script` from `cwd`: "./bin/run.js" below it, else its absolute path. */
export function scriptCommand(script: string, cwd: string): string {
  const rel = path.relative(cwd, script)
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? `./${rel}` : script
}

let cached: string | undefined

/** "zdev" or "./bin/run.js": what to print in hints. */
export function cliCommand(opts: {script?: string; cwd?: string; env?: Env; bin?: string} = {}): string {
  if (cached && !opts.script) return cached
  const script = opts.script ?? process.argv[1] ?? ''
  const bin = opts.bin ?? 'zdev'
  const mine = real(script)
  // Not started through our bin (a test runner, a library user): keep the documented name.
  if (!opts.script && mine !== real(OWN_BIN)) return (cached = bin)
  const found = onPath(bin, opts.env)
  const r = !script || (mine && found === mine) ? bin : scriptCommand(path.resolve(script), opts.cwd ?? process.cwd())
  if (!opts.script) cached = r
  return r
}

/** Rewrite "`zdev …`" in a message to the command that works here. */
export function withCli(text: string, cli = cliCommand()): string {
  return cli === 'zdev' ? text : text.replace(/`zdev(?= |`)/g, '`' + cli)
}
