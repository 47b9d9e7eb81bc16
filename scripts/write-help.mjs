// Writes dist/root-help.txt: `zdev --help` exactly as oclif renders it when stdout is not a
// terminal (80 columns, no colour), with the runtime-dependent version line as a placeholder.
// bin/run.js prints it for that exact case without loading oclif (~0.2 s less). Run by
// `npm run build` after the manifest, so the text lists the commands just built.
import {execFileSync} from 'node:child_process'
import {renameSync, rmSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const target = new URL('../dist/root-help.txt', import.meta.url)
rmSync(target, {force: true}) // bin/run.js falls back to oclif while there is none
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['NODE_ENV', 'OCLIF_COLUMNS', 'FORCE_COLOR'].includes(k)))
const text = execFileSync(process.execPath, [`${root}bin/run.js`, '--help'], {cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']})
const agent = `zdev/${JSON.parse(execFileSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json").version)'], {cwd: root, encoding: 'utf8'}))} ${process.platform}-${process.arch} node-${process.version}`
if (!text.includes(agent)) throw new Error(`write-help: the version line "${agent}" is not in oclif's help`)
const tmp = new URL(`../dist/root-help.txt.${process.pid}.tmp`, import.meta.url)
writeFileSync(tmp, text.replace(agent, '{{userAgent}}'))
renameSync(tmp, target)
process.stdout.write('dist/root-help.txt: root help rendered\n')
