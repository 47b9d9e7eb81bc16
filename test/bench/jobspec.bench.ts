import fs from 'node:fs'
import path from 'node:path'
import {test} from 'vitest'
import {parseHcl} from '../../src/jobspec/hcl-adapter.js'
import {parseJobSource, toApiJson} from '../../src/jobspec/index.js'
import {corpusDir, corpusPresent, readCorpus} from '../jobspec/corpus-cases.js'

// Parse + canonicalize time per corpus file: the first call and warm calls. Baselines from the
// same run: hashicorp/hcl alone (hcl2json, WASM: syntax and JSON only, no evaluation; zdev no
// longer loads it, it is the reference for our own reader) on the same text, and the same job
// from its API JSON.

const WARM_RUNS = 5
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!
const fmt = (n: number) => n.toFixed(2).padStart(8)

test.skipIf(!corpusPresent())('jobspec parse + canonicalize over the corpus', async () => {
  const cases = readCorpus().filter((c) => c.expectValid)
  const rows: Array<{file: string; bytes: number; first: number; warm: number; hcl: number; json: number}> = []
  let coldStart = 0
  for (const c of cases) {
    const source = fs.readFileSync(path.join(corpusDir, c.file), 'utf8')
    let t0 = process.hrtime.bigint()
    let job
    try {
      job = await parseJobSource(source, c.file, c.opts)
    } catch {
      continue
    }
    const first = ms(t0)
    if (rows.length === 0) coldStart = first
    const warm: number[] = []
    for (let i = 0; i < WARM_RUNS; i++) {
      t0 = process.hrtime.bigint()
      await parseJobSource(source, c.file, c.opts)
      warm.push(ms(t0))
    }
    const hcl: number[] = []
    if (c.kind === 'hcl') {
      for (let i = 0; i < WARM_RUNS; i++) {
        t0 = process.hrtime.bigint()
        await parseHcl(source, c.file)
        hcl.push(ms(t0))
      }
    }
    const apiJson = JSON.stringify(toApiJson(job))
    const json: number[] = []
    for (let i = 0; i < WARM_RUNS; i++) {
      t0 = process.hrtime.bigint()
      await parseJobSource(apiJson, `${c.file}.json`, {serverChecks: c.opts.serverChecks})
      json.push(ms(t0))
    }
    rows.push({file: c.file, bytes: source.length, first, warm: pct(warm, 50), hcl: hcl.length ? pct(hcl, 50) : NaN, json: pct(json, 50)})
  }
  console.log(`jobspec bench: ${rows.length} files, ${WARM_RUNS} warm runs each (median shown), times in ms`)
  console.log(`${'first'.padStart(8)} ${'warm'.padStart(8)} ${'hcl2json'.padStart(8)} ${'ratio'.padStart(6)}  bytes  file`)
  for (const r of rows) console.log(`${fmt(r.first)} ${fmt(r.warm)} ${fmt(r.hcl)} ${(r.warm / r.hcl).toFixed(2).padStart(6)} ${String(r.bytes).padStart(6)}  ${r.file}`)
  const warm = rows.map((r) => r.warm)
  const first = rows.slice(1).map((r) => r.first)
  const hclRows = rows.filter((r) => !Number.isNaN(r.hcl))
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  console.log(`first call of the process (module loading included): ${coldStart.toFixed(1)} ms`)
  console.log(`first call per file (after start): p50 ${pct(first, 50).toFixed(2)} p95 ${pct(first, 95).toFixed(2)} max ${Math.max(...first).toFixed(2)} ms`)
  console.log(`warm call per file: p50 ${pct(warm, 50).toFixed(2)} p95 ${pct(warm, 95).toFixed(2)} max ${Math.max(...warm).toFixed(2)} ms, all files ${sum(warm).toFixed(0)} ms`)
  console.log(`baseline hcl2json alone: all HCL files ${sum(hclRows.map((r) => r.hcl)).toFixed(0)} ms; full pipeline / hcl2json = ${(sum(hclRows.map((r) => r.warm)) / sum(hclRows.map((r) => r.hcl))).toFixed(2)}x`)
  console.log(`baseline same jobs from API JSON: all files ${sum(rows.map((r) => r.json)).toFixed(0)} ms; HCL / API JSON = ${(sum(warm) / sum(rows.map((r) => r.json))).toFixed(1)}x`)
}, 600_000)
