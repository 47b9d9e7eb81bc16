import {setFlagsFromString} from 'node:v8'
import {UserError, UserErrors} from '../lib/errors.js'

// The only door to @cdktn/hcl2json (hashicorp/hcl v2 compiled to WASM). zdev reads HCL with its
// own reader (hcl-syntax/); this adapter is the reference that reader is tested against
// (test/jobspec/hcl-syntax.differential.test.ts) and the jobspec bench's baseline. Its type
// declarations pull in the DOM library, so the module is imported dynamically with a local
// type, and its error strings ("file:line,col-col: summary; detail") become UserErrors.

type ParseFn = (filename: string, contents: string) => Promise<Record<string, unknown>>

const MODULE = '@cdktn/hcl2json'
let parser: Promise<ParseFn> | undefined

async function loadParser(): Promise<ParseFn> {
  // The module compiles and starts Go's WASM runtime as it is imported. V8's baseline compiler
  // alone (no optimizing tier-up) costs a third of the CPU and 60 MB less for the same parse of a
  // job file (test/bench/cli-start.bench.ts); this process runs no other WebAssembly.
  if (!parser) setFlagsFromString('--liftoff-only')
  parser ??= import(MODULE).then((m: {parse?: ParseFn; default?: {parse: ParseFn}}) => (m.parse ?? m.default!.parse) as ParseFn)
  return parser
}

/** Parses HCL2 source into hcl2json's generic JSON (blocks as arrays, expressions as strings). */
export async function parseHcl(source: string, file: string): Promise<Record<string, unknown>> {
  const parse = await loadParser()
  try {
    return await parse(file, source)
  } catch (err) {
    const message = String((err as Error).message ?? err)
    // hcl2json parsed the file (syntax is fine) but cannot express repeated labelled blocks
    // in JSON; the source scanner and our expression evaluator carry the values instead.
    if (/^convert to HCL: .*Unable to convert Block/.test(message)) return {}
    throw toUserErrors(message, file)
  }
}

const DIAG = /(\S+?):(\d+),(\d+)(?:-(?:\d+,)?\d+)?: ([^;]+); ([\s\S]*?)(?=\s\S+?:\d+,\d+(?:-(?:\d+,)?\d+)?: |\]?$)/g

export function toUserErrors(message: string, file: string): UserError {
  const body = message.replace(/^parse config: \[/, '').replace(/\]$/, '')
  const errors: UserError[] = []
  for (const m of body.matchAll(DIAG)) {
    const [, , line, column, summary, detail] = m
    errors.push(new UserError(`${file}:${line}:${column}: ${summary}; ${detail!.trim()}`, {code: 'hcl_syntax', file, line: Number(line), column: Number(column)}))
  }
  if (errors.length === 0) {
    const conv = /Unable to convert Block/.test(message)
    const text = conv ? 'repeated labelled blocks inside a block body cannot be converted' : message
    return new UserError(`${file}: ${text}`, {code: 'hcl_syntax', file, line: 1})
  }
  if (errors.length === 1) return errors[0]!
  return new UserErrors(`${file}: ${errors.length} syntax errors`, errors, {code: 'hcl_syntax'})
}
