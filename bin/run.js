#!/usr/bin/env node
import {readFileSync} from 'node:fs'

const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const args = process.argv.slice(2)

// `zdev` / `zdev --help` into a pipe or file: the text oclif rendered at build time
// (scripts/write-help.mjs), without loading oclif. A terminal's width and colours need oclif.
if ((args.length === 0 || (args.length === 1 && args[0] === '--help')) && !process.stdout.isTTY && !process.env.OCLIF_COLUMNS && !process.env.FORCE_COLOR) {
  let help
  try {
    help = readFileSync(new URL('../dist/root-help.txt', import.meta.url), 'utf8')
  } catch {
    // not built yet, or being rebuilt: oclif renders it below
  }
  if (help !== undefined) process.stdout.write(help.replace('{{userAgent}}', `${pjson.name}/${pjson.version} ${process.platform}-${process.arch} node-${process.version}`))
  else await runOclif()
} else if (args[0] === 'job' && args[1] === 'validate' && !process.env.ZDEV_OCLIF_ONLY) {
  // The common case straight to the validator (src/cli/fast-validate.ts); anything it does not
  // handle exactly as the command would, it leaves to oclif before printing anything.
  const done = await import('../dist/cli/fast-validate.js').then((m) => m.fastValidate(args.slice(2)), () => false)
  if (!done) await runOclif()
} else if (args[0] === 'status' && !process.env.ZDEV_OCLIF_ONLY) {
  // Plain `status [-f FILE] [--json]` (src/cli/fast-status.ts), from its one-file bundle
  // (scripts/bundle-cli.mjs) when built; like validate, it prints nothing when it leaves to oclif.
  warnOldNode()
  const fast = await import('../dist/cli/fast-status.bundle.js').catch(() => import('../dist/cli/fast-status.js')).catch(() => undefined)
  if (!(await fast?.fastStatus(args.slice(1)))) await runOclif(false)
} else if (args[0] === 'up' && !process.env.ZDEV_OCLIF_ONLY) {
  // Plain `up` (src/cli/fast-up.ts, bundled by scripts/bundle-cli.mjs): oclif's start would come
  // before etcd's. It leaves anything else (--watch, --help, …) to oclif before doing anything.
  warnOldNode()
  const fast = await import('../dist/cli/fast-up.bundle.js').catch(() => import('../dist/cli/fast-up.js')).catch(() => undefined)
  if (!(await fast?.fastUp(args.slice(1)))) await runOclif(false)
} else await runOclif()

function warnOldNode() {
  // oclif checks engines.node with `semver` (47 modules) on every start; our one range
  // (">=MAJOR.MINOR") needs no library.
  const [want, have] = [pjson.engines.node, process.versions.node].map((v) => /(\d+)\.(\d+)/.exec(v).slice(1).map(Number))
  if (have[0] < want[0] || (have[0] === want[0] && have[1] < want[1])) process.emitWarning(`Node version must be ${pjson.engines.node} to use this CLI. Current node version: ${process.versions.node}`)
}

async function runOclif(warn = true) {
  if (warn) warnOldNode()
  process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}
