import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {parseJobSource} from '../../src/jobspec/index.js'
import {UserError, UserErrors} from '../../src/lib/errors.js'
import {corpusDir, corpusPresent, readCorpus} from './corpus-cases.js'

// Every Nomad job file of the shared corpus: the ones Nomad accepts must load, the broken
// ones must be refused with a location.

const present = corpusPresent()
if (!present) console.log(`corpus test skipped: ${corpusDir} not found`)

async function tryLoad(file: string, opts: Parameters<typeof parseJobSource>[2]): Promise<UserError | undefined> {
  const source = fs.readFileSync(path.join(corpusDir, file), 'utf8')
  try {
    await parseJobSource(source, file, opts)
    return undefined
  } catch (err) {
    if (err instanceof UserError) return err
    throw new Error(`${file}: crashed instead of a UserError: ${(err as Error).stack}`)
  }
}

function hasLocation(err: UserError): boolean {
  const all = err instanceof UserErrors ? err.errors : [err]
  return all.every((e) => e.location.file !== undefined && /:\d+/.test(e.message))
}

describe.skipIf(!present)('Nomad corpus', () => {
  test('accepts what Nomad accepts and rejects the rest with a location', async () => {
    const cases = readCorpus()
    const valid = cases.filter((c) => c.expectValid)
    const invalid = cases.filter((c) => !c.expectValid)
    const refusedValid: string[] = []
    for (const c of valid) {
      const err = await tryLoad(c.file, c.opts)
      if (err) refusedValid.push(`${c.file}\n    ${err.message.split('\n').join('\n    ')}`)
    }
    const acceptedInvalid: string[] = []
    const syntaxWithoutLocation: string[] = []
    for (const c of invalid) {
      const err = await tryLoad(c.file, c.opts)
      if (!err) acceptedInvalid.push(`${c.file} (${c.notes})`)
      else if (!c.syntaxOk && !hasLocation(err)) syntaxWithoutLocation.push(c.file)
    }
    const accepted = valid.length - refusedValid.length
    const rejected = invalid.length - acceptedInvalid.length
    console.log(`accepted ${accepted}/${valid.length} expected-valid`)
    console.log(`rejected ${rejected}/${invalid.length} expected-invalid`)
    if (refusedValid.length) console.log(`refused expected-valid:\n  ${refusedValid.join('\n  ')}`)
    if (acceptedInvalid.length) console.log(`accepted expected-invalid:\n  ${acceptedInvalid.join('\n  ')}`)
    expect(accepted / valid.length).toBeGreaterThanOrEqual(0.97)
    expect(syntaxWithoutLocation).toEqual([])
  }, 120_000)
})
