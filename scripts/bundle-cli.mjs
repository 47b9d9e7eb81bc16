// `zdev status` runs without oclif (src/cli/fast-status.ts, called by bin/run.js); this folds it
// and what it imports (our modules and the `yaml` parser, ~120 files) into one file beside it,
// dist/cli/fast-status.bundle.js: one file to read and compile instead of a module graph to
// resolve. Called by scripts/build.mjs with the fresh build folder, before it becomes dist/;
// without a bundle bin/run.js imports dist/cli/fast-status.js itself (slower, same output).
// The bundle stays in dist/cli/ so import.meta.url keeps the depth below the package root that
// locate-cli.ts counts on.
import path from 'node:path'
import {build} from 'rolldown'

const out = process.argv[2]
if (!out) throw new Error('usage: node scripts/bundle-cli.mjs BUILD_DIR')

await build({
  input: path.join(out, 'cli', 'fast-status.js'),
  platform: 'node',
  // module comments name paths from dist/ (cli/…, ../node_modules/…), not the build's temporary folder
  cwd: out,
  logLevel: 'warn',
  // yaml is the one package status needs; others (dockerode behind a lazy import) stay imports
  external: (id) => !id.startsWith('.') && !path.isAbsolute(id) && id !== 'yaml' && !id.startsWith('yaml/'),
  output: {file: path.join(out, 'cli', 'fast-status.bundle.js'), format: 'esm', codeSplitting: false},
})
console.log('dist/cli/fast-status.bundle.js: status fast path bundled')

// `zdev up` without oclif (src/cli/fast-up.ts): its graph is spawned before etcd, so every ms of
// loading it is a ms of `up`. Code-split (not one file) so that what it imports lazily (Ink and
// React for the live progress, execa to install etcd, the docker pieces) stays lazy; the chunks
// sit in dist/fast-up/, one folder below dist/ like every other module, so paths resolved from
// import.meta.url (../agent.js, ../../schema/…) stay right.
const BUNDLED_PACKAGES = ['yaml', 're2js']
await build({
  input: {'cli/fast-up.bundle': path.join(out, 'cli', 'fast-up.js')},
  platform: 'node',
  cwd: out,
  logLevel: 'warn',
  external: (id) => !id.startsWith('.') && !path.isAbsolute(id) && !BUNDLED_PACKAGES.some((p) => id === p || id.startsWith(`${p}/`)),
  output: {dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'fast-up/[name].js'},
})
console.log('dist/cli/fast-up.bundle.js: up fast path bundled')
