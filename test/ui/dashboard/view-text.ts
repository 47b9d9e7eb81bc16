// Plain text of a View, laid out as Screen lays it out (panels side by side with one space
// between). Lets view-model tests check sizes without rendering through Ink.
import type {Segment, View} from '../../../src/ui/dashboard/view-types.js'

const text = (segs: readonly Segment[]) => segs.map((s) => s.text).join('')

export function viewText(view: View): string[] {
  if (view.summary) return view.summary.map(text)
  const lines = [text(view.header)]
  if (view.banner) lines.push(text(view.banner))
  const o = view.overlay
  if (o?.type === 'help') lines.push(...o.lines.map(text))
  if (o?.type === 'logs') lines.push(text(o.title), ...o.lines)
  for (const section of view.sections) {
    const columns = section.map((p) => [text(p.title) + (p.more > 0 ? ` +${p.more} more` : ''), ...(p.placeholder ? [`  ${p.placeholder}`] : []), ...p.rows.map((r) => text(r.segments))])
    const height = Math.max(...columns.map((c) => c.length))
    for (let i = 0; i < height; i++) lines.push(section.map((p, j) => (columns[j]![i] ?? '').slice(0, p.width).padEnd(p.width)).join(' ').trimEnd())
  }
  if (o?.type === 'confirm') lines.push('╭', `│ ${o.question}`, `│ ${o.detail}`, '╰')
  else lines.push(text(view.footer))
  return lines
}
