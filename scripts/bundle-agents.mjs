// Bundles the agent entry (src/agent.ts) into <out>/agent.js plus one chunk per agent kind in
// <out>/agent-bundle/, replacing the per-module agent.js tsc wrote there. A process then reads a
// few files instead of ~70–240 small modules (and ~150 CommonJS files of undici/node-forge/yaml),
// which is most of an agent's spawn-to-ready and a large part of its heap
// (test/bench/cli-start.bench.ts, test/bench/footprint.bench.ts). Each kind's import in
// src/agent.ts is dynamic, so a kind's chunk holds only its own graph, and the code shared by
// several kinds sits in chunks of its own: a proxy never loads the server's or the node's code
// (test/build/agent-bundle.test.ts). Not minified: a crash's stack names our own functions, and
// the .map beside each chunk leads back to src/ (NODE_OPTIONS=--enable-source-maps applies it).
// The chunks sit one folder below <out>, as every other module of the tree does, so paths that
// modules resolve from import.meta.url (bin/run.js, fixtures/, schema/) stay right.
import {build} from 'rolldown'
import path from 'node:path'

// Packages with native addons are not bundled: they are loaded from node_modules as before,
// and only by the processes that use them (a node with docker tasks).
const EXTERNAL = [/^dockerode(\/|$)/, /^ssh2(\/|$)/, /^cpu-features(\/|$)/]

/** Writes <out>/agent.js (+ .map) and <out>/agent-bundle/*.js (+ .map); `root` holds src/ and tsconfig.json. */
export async function bundleAgents(root, out) {
  const result = await build({
    input: {agent: path.join(root, 'src/agent.ts')},
    cwd: root,
    platform: 'node',
    tsconfig: path.join(root, 'tsconfig.json'),
    external: EXTERNAL,
    logLevel: 'warn',
    onLog(level, log, handle) {
      // our dynamic imports of modules another kind imports statically: expected, harmless
      if (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT') return
      handle(level, log)
    },
    output: {
      dir: out,
      format: 'esm',
      sourcemap: true,
      sourcemapExcludeSources: true,
      // V8 keeps each chunk's source in the heap, two bytes a character once one character is not
      // Latin-1 (an em dash in a doc comment): without comments and with escapes the chunks are ASCII
      // (the fixture platform's six agents 141-149 -> 133-137 MiB of PSS, footprint bench, two A/B runs)
      comments: false,
      charset: 'ascii',
      entryFileNames: '[name].js',
      chunkFileNames: 'agent-bundle/[name].js',
    },
  })
  return result.output.filter((o) => o.type === 'chunk').map((o) => o.fileName)
}
