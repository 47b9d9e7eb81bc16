import {parseHcl} from '../../src/jobspec/hcl-adapter.js'
import {scanSource, type ScanBlock} from '../../src/jobspec/source-scan.js'
import {UserError} from '../../src/lib/errors.js'

// Runs our HCL syntax reader and hashicorp/hcl (as @cdktn/hcl2json) on the same text and lists
// every difference: one accepts what the other refuses, or the block trees differ (types, labels,
// nesting, attribute names), or an attribute's source range is not the expression HCL saw.

type Json = Record<string, unknown>

export type Outcome = {ok: true; tree: ScanBlock; json: Json} | {ok: false; error: string}

export async function both(source: string, file = 't.hcl'): Promise<{ours: Outcome; hcl: Outcome}> {
  const ours = await attempt(async () => ({tree: scanSource(source, file), json: {}}))
  const hcl = await attempt(async () => ({tree: undefined as unknown as ScanBlock, json: await parseHcl(source, file)}))
  return {ours, hcl}
}

async function attempt(f: () => Promise<{tree: ScanBlock; json: Json}>): Promise<Outcome> {
  try {
    return {ok: true, ...(await f())}
  } catch (err) {
    // hcl2json parsed the text but cannot express the tree in JSON (blocks of one type with and
    // without labels): a limit of the conversion, not a syntax error.
    if (err instanceof UserError && /: convert to HCL: /.test(err.message)) return {ok: true, tree: undefined as unknown as ScanBlock, json: {}}
    if (err instanceof UserError) return {ok: false, error: err.message}
    throw err
  }
}

/** Differences between the two outcomes; empty when they agree. */
export async function differences(source: string, file = 't.hcl'): Promise<string[]> {
  const {ours, hcl} = await both(source, file)
  if (ours.ok !== hcl.ok) return [ours.ok ? `hcl refused, ours accepted: ${(hcl as {error: string}).error}` : `ours refused, hcl accepted: ${(ours as {error: string}).error}`]
  if (!ours.ok || !hcl.ok) return []
  // hcl2json cannot express repeated labelled blocks inside a block and gives back {}.
  if (Object.keys(hcl.json).length === 0) return []
  const out: string[] = []
  compareBody(source, ours.tree, hcl.json, '', out)
  return out
}

function compareBody(source: string, b: ScanBlock, json: Json, path: string, out: string[]): void {
  const expected: Json = Object.create(null) as Json
  for (const child of b.blocks) {
    let node: unknown = expected
    let key = child.type
    for (const label of child.labels) {
      const holder = node as Json
      holder[key] ??= Object.create(null)
      node = holder[key]
      key = label
    }
    const holder = node as Json
    holder[key] ??= []
    ;(holder[key] as ScanBlock[]).push(child)
  }
  // An attribute and a block of the same name: hcl2json keeps one of them; the decoder reports it.
  for (const n of Object.keys(b.attrs)) if (n in expected) return
  const names = new Set([...Object.keys(b.attrs), ...Object.keys(expected)])
  const have = new Set(Object.keys(json))
  for (const n of names) if (!have.has(n)) out.push(`${path}: hcl has no ${JSON.stringify(n)}`)
  for (const n of have) if (!names.has(n)) out.push(`${path}: ours has no ${JSON.stringify(n)}`)
  for (const [name, [start, end]] of Object.entries(b.ranges)) {
    if (name in expected || !have.has(name)) continue
    const problem = compareAttr(source.slice(start, end), json[name])
    if (problem) out.push(`${path}.${name}: ${problem}`)
  }
  const walk = (ours: unknown, theirs: unknown, p: string) => {
    if (Array.isArray(ours)) {
      if (!Array.isArray(theirs) || theirs.length !== ours.length) return void out.push(`${p}: ${ours.length} blocks, hcl has ${JSON.stringify(theirs)?.slice(0, 80)}`)
      ours.forEach((blk: ScanBlock, i) => compareBody(source, blk, theirs[i] as Json, `${p}[${i}]`, out))
      return
    }
    if (!theirs || typeof theirs !== 'object' || Array.isArray(theirs)) return void out.push(`${p}: labels differ`)
    const o = ours as Json
    const t = theirs as Json
    const ok = Object.keys(o).sort().join('\0') === Object.keys(t).sort().join('\0')
    if (!ok) return void out.push(`${p}: labels ${JSON.stringify(Object.keys(o))} vs hcl ${JSON.stringify(Object.keys(t))}`)
    for (const k of Object.keys(o)) walk(o[k], t[k], `${p}.${k}`)
  }
  for (const [name, v] of Object.entries(expected)) if (have.has(name)) walk(v, json[name], path ? `${path}.${name}` : name)
}

/**
 * hcl2json writes a literal as its value and any other expression as "${<its source range>}";
 * templates, heredocs and collection constructors it rewrites, so only their kind is compared.
 */
function compareAttr(raw: string, value: unknown): string | undefined {
  if (/^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(raw)) return typeof value === 'number' && value === Number(raw) ? undefined : `number ${raw} vs ${JSON.stringify(value)}`
  if (raw === 'true' || raw === 'false') return value === (raw === 'true') ? undefined : `bool ${raw} vs ${JSON.stringify(value)}`
  if (raw === 'null') return value === null ? undefined : `null vs ${JSON.stringify(value)}`
  if (raw.startsWith('"') || raw.startsWith('<<')) return typeof value === 'string' ? undefined : `template ${raw} vs ${JSON.stringify(value)}`
  if (raw.startsWith('{') && !/^\{\s*for\s/.test(raw)) return value && typeof value === 'object' && !Array.isArray(value) ? undefined : typeof value === 'string' && value === `\${${raw}}` ? undefined : `object ${raw} vs ${JSON.stringify(value)}`
  if (raw.startsWith('[') && !/^\[\s*for\s/.test(raw)) return Array.isArray(value) || value === `\${${raw}}` ? undefined : `tuple ${raw} vs ${JSON.stringify(value)}`
  return value === `\${${raw}}` ? undefined : `range ${JSON.stringify(raw)} vs hcl ${JSON.stringify(value)}`
}
