// Pure checks over an import graph: imports against the rooms' order, and cycles (Tarjan's
// strongly connected components) between rooms or between files.
import {layerOf, roomOf} from './rooms.js'
import type {ImportEdge} from './import-graph.js'

export type Violation = ImportEdge & {fromRoom: string; toRoom: string; why: string}

/** Imports that point up the order or sideways to a sibling room; rooms missing from the order. */
export function orderViolations(edges: readonly ImportEdge[], layers: readonly (readonly string[])[]): Violation[] {
  const out: Violation[] = []
  for (const e of edges) {
    const fromRoom = roomOf(e.from)
    const toRoom = roomOf(e.to)
    if (fromRoom === toRoom) continue
    const a = layerOf(fromRoom, layers)
    const b = layerOf(toRoom, layers)
    let why: string | undefined
    if (a === undefined) why = `room ${fromRoom} is not in the order`
    else if (b === undefined) why = `room ${toRoom} is not in the order`
    else if (b < a) why = `${toRoom} sits above ${fromRoom}`
    else if (b === a) why = `${fromRoom} and ${toRoom} are siblings`
    if (why) out.push({...e, fromRoom, toRoom, why})
  }
  return out
}

/** Strongly connected components with more than one member (or a self-loop), each sorted. */
export function cycles(nodes: readonly string[], edges: readonly {from: string; to: string}[]): string[][] {
  const next = new Map<string, Set<string>>(nodes.map((n) => [n, new Set()]))
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, new Set())
    if (!next.has(e.to)) next.set(e.to, new Set())
    next.get(e.from)!.add(e.to)
  }
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const found: string[][] = []
  let counter = 0
  // Iterative Tarjan, so a long import chain cannot overflow the call stack.
  for (const root of next.keys()) {
    if (index.has(root)) continue
    const work: {node: string; it: Iterator<string>}[] = []
    const open = (n: string) => {
      index.set(n, counter)
      low.set(n, counter++)
      stack.push(n)
      onStack.add(n)
      work.push({node: n, it: next.get(n)!.values()})
    }
    open(root)
    while (work.length > 0) {
      const top = work[work.length - 1]!
      const step = top.it.next()
      if (!step.done) {
        const m = step.value
        if (!index.has(m)) open(m)
        else if (onStack.has(m)) low.set(top.node, Math.min(low.get(top.node)!, index.get(m)!))
        continue
      }
      work.pop()
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!))
      }
      if (low.get(top.node) === index.get(top.node)) {
        const scc: string[] = []
        let m: string
        do {
          m = stack.pop()!
          onStack.delete(m)
          scc.push(m)
        } while (m !== top.node)
        if (scc.length > 1 || next.get(top.node)!.has(top.node)) found.push(scc.sort())
      }
    }
  }
  return found.sort((x, y) => x[0]!.localeCompare(y[0]!))
}
