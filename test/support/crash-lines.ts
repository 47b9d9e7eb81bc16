import fs from 'node:fs'
import path from 'node:path'
import {UNHANDLED_MARKER} from '../../src/lib/crash-guard.js'

/** Every line under `dir`'s *.log files where an agent logged an unhandled rejection or exception. */
export function crashLines(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(d, {withFileTypes: true})
    } catch {
      return
    }
    for (const e of entries) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.log')) {
        for (const line of fs.readFileSync(p, 'utf8').split('\n')) if (line.includes(UNHANDLED_MARKER)) out.push(`${path.relative(dir, p)}: ${line}`)
      }
    }
  }
  walk(dir)
  return out
}
