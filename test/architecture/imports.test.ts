import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {readImportGraph} from './import-graph.js'
import {cycles, orderViolations} from './order-check.js'
import {orderLine, roomOf, ROOM_LAYERS} from './rooms.js'

// Imports point down the rooms table (ARCHITECTURE.md), and nothing imports in a circle: neither
// rooms nor files. Every import of src/ is read, type-only and dynamic ones included.

const ROOT = path.resolve(import.meta.dirname, '../..')
const graph = readImportGraph(path.join(ROOT, 'src'))
const show = (v: {from: string; line: number; to: string; why?: string}) => `src/${v.from}:${v.line} → src/${v.to}${v.why ? ` (${v.why})` : ''}`

describe('the checker', () => {
  const layers = [['top'], ['mid-a', 'mid-b'], ['base']]
  const e = (from: string, to: string) => ({from, to, line: 1, specifier: to})

  test.each([
    ['down one layer', e('top/x.ts', 'mid-a/y.ts'), []],
    ['down two layers', e('top/x.ts', 'base/y.ts'), []],
    ['inside a room', e('mid-a/x.ts', 'mid-a/deep/y.ts'), []],
    ['up', e('base/x.ts', 'top/y.ts'), ['top sits above base']],
    ['sideways to a sibling', e('mid-a/x.ts', 'mid-b/y.ts'), ['mid-a and mid-b are siblings']],
    ['from a room not in the order', e('stray/x.ts', 'base/y.ts'), ['room stray is not in the order']],
    ['to a room not in the order', e('top/x.ts', 'stray/y.ts'), ['room stray is not in the order']],
  ])('%s', (_name, edge, whys) => {
    expect(orderViolations([edge], layers).map((v) => v.why)).toEqual(whys)
  })

  test('src/*.ts files are the entry room', () => {
    expect(roomOf('agent.ts')).toBe('entry')
    expect(roomOf('proxy/server/fast/scan.ts')).toBe('proxy')
  })

  test('cycles: none in a chain, one per strongly connected component, self-loops count', () => {
    expect(cycles(['a', 'b', 'c'], [{from: 'a', to: 'b'}, {from: 'b', to: 'c'}])).toEqual([])
    expect(cycles(['a', 'b', 'c', 'd'], [
      {from: 'a', to: 'b'}, {from: 'b', to: 'a'}, {from: 'b', to: 'c'}, {from: 'c', to: 'd'}, {from: 'd', to: 'c'},
    ])).toEqual([['a', 'b'], ['c', 'd']])
    expect(cycles(['a'], [{from: 'a', to: 'a'}])).toEqual([['a']])
    // a long chain closing on itself: one component, no stack overflow
    const n = 20_000
    const chain = Array.from({length: n}, (_, i) => ({from: `f${i}`, to: `f${(i + 1) % n}`}))
    expect(cycles([], chain)).toHaveLength(1)
  })
})

describe('src/', () => {
  test('the graph was read (a broken reader would pass everything)', () => {
    expect(graph.files.length).toBeGreaterThan(300)
    expect(graph.edges.length).toBeGreaterThan(1000)
    expect(graph.edges.some((e) => e.from === 'commands/dashboard.ts' && e.specifier.startsWith('../'))).toBe(true)
  })

  test('every relative import names a file that exists', () => {
    expect(graph.unresolved.map(show)).toEqual([])
  })

  test('every room under src/ has a place in the order', () => {
    const rooms = [...new Set(graph.files.map(roomOf))].sort()
    const listed = new Set(ROOM_LAYERS.flat())
    expect(rooms.filter((r) => !listed.has(r))).toEqual([])
  })

  test('imports point down the rooms order, never up or sideways', () => {
    expect(orderViolations(graph.edges, ROOM_LAYERS).map(show)).toEqual([])
  })

  test('no cycle between rooms', () => {
    const between = graph.edges.map((e) => ({from: roomOf(e.from), to: roomOf(e.to)})).filter((e) => e.from !== e.to)
    expect(cycles([], between)).toEqual([])
  })

  test('no cycle between files at run time (type-only imports are erased and may loop)', () => {
    expect(cycles(graph.files, graph.edges.filter((e) => !e.typeOnly))).toEqual([])
  })

  test('no facade (index.ts) that nothing in src/ imports', () => {
    const imported = new Set(graph.edges.map((e) => e.to))
    expect(graph.files.filter((f) => /(^|\/)index\.tsx?$/.test(f) && !imported.has(f))).toEqual([])
  })

  test('dynamic and type-only imports are read too', () => {
    const dynamic = graph.edges.find((e) => e.from === 'commands/dashboard.ts' && !e.typeOnly && e.to.startsWith('ui/'))
    expect(dynamic).toBeDefined()
    expect(graph.edges.some((e) => e.typeOnly)).toBe(true)
  })

  test('ARCHITECTURE.md prints the order this test enforces', () => {
    const doc = readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8')
    expect(doc.includes(orderLine()), `ARCHITECTURE.md should contain the line: ${orderLine()}`).toBe(true)
  })
})
