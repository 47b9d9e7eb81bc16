import {test} from 'vitest'
import {compileFilter, parseFilter} from '../../src/api/filter/index.js'

// ?filter= evaluation over 10,000 job-list-shaped objects vs the same predicate hand-written
// in TypeScript (the floor), interleaved rounds; and the parse cost of one expression.
const N = 10_000
const ROUNDS = 7
const jobs = Array.from({length: N}, (_, i) => ({
  ID: `job-${i}`, Name: i % 3 ? `web-${i}` : `api-${i}`, Status: i % 5 ? 'running' : 'dead', Priority: 50 + (i % 10),
  Datacenters: ['dc1'], Meta: {team: i % 2 ? 'x' : 'y'}, Tags: i % 4 ? ['web'] : [],
}))
const SRC = 'Status == "running" and Meta.team == "x" and ("web" in Tags or Name matches "^api")'
const hand = (j: (typeof jobs)[number]) => j.Status === 'running' && j.Meta.team === 'x' && (j.Tags.includes('web') || j.Name.startsWith('api'))

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return {min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s.at(-1)!}
}

test('filter evaluation vs a hand-written predicate', () => {
  const pred = compileFilter(parseFilter(SRC))
  const [tFilter, tHand, tParse]: number[][] = [[], [], []]
  let kept = 0
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now()
    kept = jobs.filter((j) => pred(j)).length
    tFilter.push(performance.now() - t)
    t = performance.now()
    const k2 = jobs.filter(hand).length
    tHand.push(performance.now() - t)
    if (k2 !== kept) throw new Error(`filter kept ${kept}, hand-written ${k2}`)
    t = performance.now()
    for (let i = 0; i < 100; i++) compileFilter(parseFilter(SRC))
    tParse.push((performance.now() - t) / 100)
  }
  const [f, h, p] = [stats(tFilter), stats(tHand), stats(tParse)]
  console.log(`${N} objects, ${kept} kept, ${ROUNDS} interleaved rounds (ms):`)
  console.log(`  filter        min ${f.min.toFixed(2)} median ${f.median.toFixed(2)} max ${f.max.toFixed(2)}  ×${(f.median / h.median).toFixed(1)} of hand-written`)
  console.log(`  hand-written  min ${h.min.toFixed(2)} median ${h.median.toFixed(2)} max ${h.max.toFixed(2)}`)
  console.log(`  parse+compile min ${p.min.toFixed(3)} median ${p.median.toFixed(3)} max ${p.max.toFixed(3)} per expression`)
})
