// `npm run build`: compile into a fresh folder beside dist/, then swap it in with renames, so a
// CLI or agent running from dist/ never sees a half-built tree (and `npm test` no longer deletes
// dist/ first). The previous build is kept as .build-prev/ until the next build.
import {execFileSync} from 'node:child_process'
import {existsSync, renameSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {bundleAgents} from './bundle-agents.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const next = path.join(root, `.build-${process.pid}`)
const prev = path.join(root, '.build-prev')
const dist = path.join(root, 'dist')
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')

try {
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', next], {stdio: 'inherit'})
  // agents run a bundle (scripts/bundle-agents.mjs); the CLI runs tsc's modules, `status` a bundle of its own
  const chunks = await bundleAgents(root, next)
  process.stdout.write(`agent.js: bundled into ${chunks.length} files\n`)
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle-cli.mjs'), next], {stdio: 'inherit'})
} catch (err) {
  if (err && !('status' in err)) process.stderr.write(`${err.message ?? err}\n`)
  rmSync(next, {recursive: true, force: true})
  process.stderr.write('build failed: dist/ is unchanged\n')
  process.exit(1)
}
rmSync(prev, {recursive: true, force: true})
if (existsSync(dist)) renameSync(dist, prev)
renameSync(next, dist)
// oclif would read the old manifest back instead of the new commands; without one a CLI starting
// meanwhile scans dist/commands (slower, still correct).
rmSync(path.join(root, 'oclif.manifest.json'), {force: true})
execFileSync(process.execPath, [path.join(root, 'scripts', 'write-manifest.mjs')], {stdio: 'inherit'})
execFileSync(process.execPath, [path.join(root, 'scripts', 'write-help.mjs')], {stdio: 'inherit'})
