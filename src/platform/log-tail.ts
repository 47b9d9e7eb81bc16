import {readFileSync} from 'node:fs'

/** The last `n` non-empty lines of a log file ('' when unreadable). */
export function tailLog(file: string, n = 5): string {
  try {
    const text = readFileSync(file, 'utf8')
    return text.split('\n').filter((l) => l.trim()).slice(-n).join('\n')
  } catch {
    return ''
  }
}
