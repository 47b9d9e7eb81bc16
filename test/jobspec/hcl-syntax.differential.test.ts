import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {both, differences} from './hcl-differential.js'
import {hclDocument, mutations} from './hcl-arbitraries.js'
import {corpusDir, corpusPresent} from './corpus-cases.js'

// Our HCL syntax reader (src/jobspec/hcl-syntax/) against hashicorp/hcl itself (@cdktn/hcl2json,
// WASM; loaded only here): same accept/refuse, same block trees, same attribute source ranges.

const present = corpusPresent()
if (!present) console.log(`corpus differential skipped: ${corpusDir} not found`)

describe.skipIf(!present)('HCL reader vs hashicorp/hcl on the Nomad corpus', () => {
  test('every HCL file: same verdict, same tree, same attribute ranges', async () => {
    const files = fs.readdirSync(corpusDir).filter((f) => /\.(hcl|nomad)$/.test(f))
    expect(files.length).toBeGreaterThan(300)
    const problems: string[] = []
    for (const f of files) {
      const diffs = await differences(fs.readFileSync(path.join(corpusDir, f), 'utf8'), f)
      if (diffs.length) problems.push(`${f}:\n    ${diffs.slice(0, 5).join('\n    ')}`)
    }
    expect(problems).toEqual([])
  }, 120_000)
})

describe('HCL reader vs hashicorp/hcl on generated documents', () => {
  test('valid documents: both accept, identical trees and ranges', async () => {
    await fc.assert(
      fc.asyncProperty(hclDocument, async (doc) => {
        const {ours} = await both(doc)
        expect(ours.ok ? '' : (ours as {error: string}).error).toBe('')
        expect(await differences(doc)).toEqual([])
      }),
      {numRuns: 400},
    )
  }, 120_000)

  test('mutated documents (unclosed brace/string/heredoc, bad label, missing =): both refuse, ours with file:line:col', async () => {
    await fc.assert(
      fc.asyncProperty(hclDocument.chain((doc) => mutations(doc)), async ({doc, kind}) => {
        const {ours, hcl} = await both(doc)
        expect({kind, ours: ours.ok, hcl: hcl.ok}).toEqual({kind, ours: hcl.ok, hcl: hcl.ok})
        if (ours.ok || hcl.ok) return
        expect(ours.error).toMatch(/^t\.hcl:\d+:\d+: [A-Z][^;]+; /)
        // Where HCL names the same problem of the body, a block, a label or a string, it is on the
        // same line. Inside expressions the two may stop at different places of one mistake
        // (HCL after skipping to its recovery point, we where the token was expected; an
        // unclosed heredoc we place at its opening marker, HCL at the end of the file).
        const [, line, summary] = /^t\.hcl:(\d+):\d+: ([^;]+);/.exec(ours.error)!
        const same = [...hcl.error.matchAll(/t\.hcl:(\d+):\d+: ([^;]+);/g)].filter((m) => m[2] === summary).map((m) => m[1])
        const compared = /^(Unclosed configuration block|Invalid block definition|Argument or block definition required|Argument definition required|Missing newline after (argument|block definition)|Invalid single-argument block definition|Attribute redefined|Invalid multi-line string|Invalid escape sequence|Unterminated string literal)$/.test(summary!)
        if (same.length && compared) expect({kind, line, ours: ours.error, hcl: hcl.error}).toEqual({kind, line: same.includes(line) ? line : same[0], ours: ours.error, hcl: hcl.error})
      }),
      {numRuns: 600},
    )
  }, 120_000)
})
