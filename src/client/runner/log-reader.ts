import {closeSync, openSync, readSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {listIndexes} from './log-rotator.js'

// Reading a task's rotated logs (<allocDir>/alloc/logs/<task>.<stream>.<n>) for `alloc logs`
// and `logs -f`: all kept files in order, or a follower that polls for appended bytes and
// moves on to the next file when the rotator cuts one.

export type LogStream = 'stdout' | 'stderr'

export function logFiles(allocDir: string, task: string, stream: LogStream): string[] {
  const dir = join(allocDir, 'alloc', 'logs')
  return listIndexes(dir, `${task}.${stream}`).map((i) => join(dir, `${task}.${stream}.${i}`))
}

/** Everything still kept, oldest first. */
export function readLogs(allocDir: string, task: string, stream: LogStream): Buffer {
  return Buffer.concat(logFiles(allocDir, task, stream).map((f) => readFrom(f, 0)))
}

export interface FollowOptions {
  signal: AbortSignal
  /** Start at the current end instead of the oldest kept byte. */
  fromEnd?: boolean
  pollMs?: number
}

/** Calls onChunk with new log bytes until the signal aborts. */
export async function followLogs(allocDir: string, task: string, stream: LogStream, onChunk: (b: Buffer) => void, opts: FollowOptions): Promise<void> {
  const dir = join(allocDir, 'alloc', 'logs')
  const base = `${task}.${stream}`
  let index = -1
  let offset = 0
  if (opts.fromEnd) {
    const idx = listIndexes(dir, base)
    index = idx.at(-1) ?? -1
    offset = index >= 0 ? sizeOf(join(dir, `${base}.${index}`)) : 0
  }
  while (!opts.signal.aborted) {
    const idx = listIndexes(dir, base)
    if (index < 0 || (idx.length && !idx.includes(index))) {
      const first = idx.find((i) => i > index) ?? idx[0]
      if (first !== undefined && first !== index) {
        index = first
        offset = 0
      }
    }
    if (index >= 0) {
      const chunk = readFrom(join(dir, `${base}.${index}`), offset)
      if (chunk.length) {
        offset += chunk.length
        onChunk(chunk)
        continue
      }
      const next = idx.find((i) => i > index)
      if (next !== undefined) {
        index = next
        offset = 0
        continue
      }
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 200))
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

function readFrom(path: string, offset: number): Buffer {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return Buffer.alloc(0)
  }
  try {
    const chunks: Buffer[] = []
    let pos = offset
    for (;;) {
      const buf = Buffer.alloc(64 * 1024)
      const n = readSync(fd, buf, 0, buf.length, pos)
      if (n <= 0) break
      chunks.push(buf.subarray(0, n))
      pos += n
    }
    return Buffer.concat(chunks)
  } finally {
    closeSync(fd)
  }
}
