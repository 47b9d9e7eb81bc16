// Per-node placement scores as `nomad alloc status -verbose` lists them ("Placement Metrics"):
// one row per scored node (Nomad keeps the top five), the score names sorted, values as Go's %.3g.
import type {Allocation} from '../model/index.js'
import type {Plan} from '../model/plan.js'

/** Go's fmt %.3g: three significant digits, trailing zeros dropped, exponent for tiny/huge values. */
export function formatG3(v: number): string {
  if (v === 0) return '0'
  const exp = Math.floor(Math.log10(Math.abs(v)))
  if (exp < -4 || exp >= 3) {
    const [m, e] = v.toExponential(2).split('e')
    const mant = m!.replace(/\.?0+$/, '')
    const n = Number(e)
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`
  }
  return String(Number(v.toPrecision(3)))
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  '))
}

/** The scores behind each group's first placement in this plan. */
export function renderPlacementScores(plan: Plan, nodeName: (id: string) => string = (id) => id): string[] {
  const first = new Map<string, Allocation>()
  for (const list of Object.values(plan.NodeAllocation)) {
    for (const a of list) {
      if (a.EvalID !== plan.EvalID || !a.Metrics || a.Metrics.ScoreMetaData.length === 0) continue
      const cur = first.get(a.TaskGroup)
      if (!cur || a.Name < cur.Name) first.set(a.TaskGroup, a)
    }
  }
  const lines: string[] = []
  for (const [group, a] of [...first].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    const metas = a.Metrics!.ScoreMetaData
    const names = [...new Set(metas.flatMap((m) => Object.keys(m.Scores)))].sort()
    lines.push(`Placement scores for ${a.Name} (group "${group}", ${a.Metrics!.NodesEvaluated} nodes evaluated; chosen: ${nodeName(a.NodeID)}):`)
    const rows = [['Node', ...names, 'normalized-score'], ...metas.map((m) => [nodeName(m.NodeID), ...names.map((n) => formatG3(m.Scores[n] ?? 0)), formatG3(m.NormScore)])]
    for (const l of table(rows)) lines.push(`  ${l}`)
  }
  return lines
}
