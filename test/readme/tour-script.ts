// Pure: the shell commands of README.md's tour (between <!-- tour:begin --> and
// <!-- tour:end -->, in ```sh blocks), each with the exit codes the README announces for it
// ("(exit N …)" in its trailing comment; none announced means it must exit 0).

export interface TourCommand {
  line: number
  command: string
  comment: string
  allowedExits: number[]
}

export function tourCommands(markdown: string): TourCommand[] {
  const lines = markdown.split('\n')
  const begin = lines.findIndex((l) => l.startsWith('<!-- tour:begin'))
  const end = lines.findIndex((l) => l.startsWith('<!-- tour:end'))
  if (begin < 0 || end < begin) throw new Error('README.md has no <!-- tour:begin --> … <!-- tour:end --> section')
  const out: TourCommand[] = []
  let inSh = false
  for (let i = begin + 1; i < end; i++) {
    const l = lines[i]!
    if (!inSh && /^```(sh|bash|shell)\s*$/.test(l)) inSh = true
    else if (inSh && /^```\s*$/.test(l)) inSh = false
    else if (inSh && l.trim() && !l.trim().startsWith('#')) out.push(parseLine(l, i + 1))
  }
  return out
}

/** "cmd   # comment (exit 1 …)": a comment starts at " #" outside quotes. */
export function parseLine(l: string, line: number): TourCommand {
  let quote: string | null = null
  let cut = l.length
  for (let i = 0; i < l.length; i++) {
    const c = l[i]!
    if (quote) {
      if (c === quote) quote = null
    } else if (c === "'" || c === '"' || c === '`') quote = c
    else if (c === '#' && (i === 0 || /\s/.test(l[i - 1]!))) {
      cut = i
      break
    }
  }
  const command = l.slice(0, cut).trim()
  const comment = l.slice(cut + 1).trim()
  const allowedExits = [0, ...[...comment.matchAll(/\(exit (\d+)/g)].map((m) => Number(m[1]))]
  return {line, command, comment, allowedExits}
}
