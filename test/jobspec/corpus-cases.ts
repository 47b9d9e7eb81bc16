import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {JobLoadOptions} from '../../src/jobspec/index.js'

// Reads the Nomad jobspec corpus (../shared/corpus/nomad, outside the repo; never copied in)
// and decides, from CHECKS.tsv, which files Nomad accepts and what each one needs.

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const corpusDir = path.resolve(repoRoot, '../shared/corpus/nomad')

export interface CorpusCase {
  file: string
  kind: string
  syntaxOk: boolean
  expectValid: boolean
  notes: string
  opts: JobLoadOptions
}

const INVALID_NOTE = /expected error|expect a parse ERROR|invalid on purpose/i

/**
 * Files Nomad refuses that CHECKS.tsv (which checks only syntax and a schema heuristic) counts as
 * valid: on registration or in parse tests. Each with the evidence.
 */
const SERVER_REJECTS: Record<string, string> = {
  // e2e/scaling/scaling_test.go: "Attempt job registrations where the group count violates
  // the policy min/max parameters" — must.Error(Register(…namespace_default_3.nomad.hcl)).
  'e2e__scaling__input__namespace_default_3.nomad.hcl': 'count 4 is below scaling min 5',
  // jobspec2/parse_test.go TestParse_TaskEnvs_Multiple: `env = {…}` and `env {…}` together →
  // require.Contains(err, "Duplicate env block") (a parse error CHECKS.tsv's heuristic misses).
  'jobspec2__parse_test.go__L784__TestParse_TaskEnvs_Multiple.hcl': 'Duplicate env block',
}

export function corpusPresent(): boolean {
  return fs.existsSync(path.join(corpusDir, 'CHECKS.tsv'))
}

export function readCorpus(): CorpusCase[] {
  const rows = fs.readFileSync(path.join(corpusDir, 'CHECKS.tsv'), 'utf8').trim().split('\n').slice(1)
  return rows
    .map((row) => row.split('\t'))
    .filter(([, kind]) => kind === 'hcl' || kind === 'api-json')
    .map(([file, kind, syntax, predicted, notes]) => ({
      file: file!,
      kind: kind!,
      syntaxOk: syntax !== 'false',
      expectValid: syntax !== 'false' && !predicted && !INVALID_NOTE.test(notes ?? '') && !(file! in SERVER_REJECTS),
      notes: notes || SERVER_REJECTS[file!] || '',
      opts: optionsFor(file!, notes ?? ''),
    }))
}

/** Inputs the notes (or the Nomad test the file came from) say a file is run with. */
function optionsFor(file: string, notes: string): JobLoadOptions {
  const opts: JobLoadOptions = {allowFs: false, uuid: () => '00000000-0000-4000-8000-000000000000', env: {}}
  const argVars = /ArgVars (\w+)=(\S+)/.exec(notes)
  if (argVars) opts.vars = {[argVars[1]!]: argVars[2]!}
  // `nomad job run` allows file(); files the corpus does not carry get a stand-in text.
  opts.allowFs = true
  opts.readFile = (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : `stand-in for ${path.basename(p)}\n`)
  if (/AllowFS/.test(notes)) {
    opts.allowFs = true
    opts.readFile = (p) => (path.basename(p) === 'parse_test.go' ? 'package jobspec2\n' : fs.readFileSync(p, 'utf8'))
  }
  // Nomad's parse tests (jobspec/, jobspec2/) only parse; the server would refuse some of
  // their fragments (no driver, no tasks), so only the parser's checks apply to them.
  if (/^jobspec2?__/.test(file)) opts.serverChecks = false
  // An API-docs example of a job as data (TaskGroups null, indexes zero): a server would
  // refuse to run it ("Missing job task groups"), but it is a well-formed job document.
  if (file === 'website__content__api-docs__jobs.mdx__block4.json') opts.serverChecks = false
  if (file.includes('JobWithFunctionsAndLookups')) opts.vars = {env: 'prod'}
  const unset = placeholderVars(fs.readFileSync(path.join(corpusDir, file), 'utf8'))
  if (Object.keys(unset).length && !/UnsetVariables/.test(file)) opts.vars = {...unset, ...opts.vars}
  if (file === 'e2e__jobsubmissions__input__xyz.hcl') opts.varFiles = ['x', 'y', 'z'].map((v) => path.join(corpusDir, `e2e__jobsubmissions__input__${v}.hcl`))
  if (file.includes('TestParse_VariablesSubmission')) {
    // As the Nomad test runs it: -var, NOMAD_VAR_ environment, var content and a var file.
    opts.vars = {region: 'east'}
    opts.env = {NOMAD_VAR_pool: 'default'}
    opts.varFiles = []
    opts.readFile = (p) => fs.readFileSync(p, 'utf8')
    opts.vars = {...opts.vars, datacenters: '["dc1"]', ns: 'prod'}
  }
  return opts
}

/** e2e harnesses pass values for variables without defaults; stand-ins of the right type. */
function placeholderVars(source: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of source.matchAll(/^variable\s+"([^"]+)"\s*\{/gm)) {
    let depth = 1
    let i = m.index! + m[0].length
    while (depth && i < source.length) depth += source[i] === '{' ? 1 : source[i] === '}' ? -1 : 0, i++
    const body = source.slice(m.index! + m[0].length, i - 1)
    if (/^\s*default\s*=/m.test(body)) continue
    const type = /\btype\s*=\s*(\S+)/.exec(body)?.[1] ?? 'string'
    out[m[1]!] = type.startsWith('number') ? '1' : type.startsWith('bool') ? 'true' : type.startsWith('list') || type.startsWith('set') ? '["x"]' : type.startsWith('map') ? '{}' : `test-${m[1]}`
  }
  return out
}
