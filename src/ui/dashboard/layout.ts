// How many rows each section of panels gets on a terminal of a given height. Sections that
// cannot get a title and one row are hidden, lowest priority first; the focused one is kept.

export interface SectionNeed {
  id: string
  priority: number // lower is more important
  want: number // content rows it could use
  focused: boolean
}

const FIRST_PASS_CAP = 6

/** Content rows per section id (0 = hidden); each visible section also costs one title row. */
export function allocateRows(sections: readonly SectionNeed[], budget: number): Map<string, number> {
  const order = [...sections].sort((a, b) => Number(b.focused) - Number(a.focused) || a.priority - b.priority)
  const rows = new Map<string, number>(sections.map((s) => [s.id, 0]))
  let left = budget
  for (const s of order) {
    if (left < 2) break
    rows.set(s.id, 1)
    left -= 2
  }
  for (const cap of [FIRST_PASS_CAP, Number.POSITIVE_INFINITY]) {
    for (const s of order) {
      const have = rows.get(s.id) ?? 0
      if (have === 0) continue
      const add = Math.min(Math.max(0, Math.min(s.want, cap) - have), left)
      rows.set(s.id, have + add)
      left -= add
    }
  }
  return rows
}

/** First row to show so that `selected` stays visible in a window of `height` rows. */
export function windowStart(total: number, height: number, selected: number): number {
  if (total <= height) return 0
  return Math.min(Math.max(0, selected - height + 1), total - height)
}
