// A task's rotated log files on this laptop: <node state dir>/allocs/<alloc>/alloc/logs/
// <task>.<stdout|stderr>.<n>, higher n newer. Reading everything kept, the current end, and
// following from a position across rotations (polling the size).
import {closeSync, openSync, readSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {listIndexes} from '../client/runner/log-rotator.js'
import {sleep} from './clock.js'

export type LogStream = 'stdout' | 'stderr'

export interface LogPosition {
  index: number // -1: before the first file
  offset: number
}

export function allocLogDir(nodeDir: string, allocId: string): string {
  return join(nodeDir, 'allocs', allocId, 'alloc', 'logs')
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

/** Everything still kept (oldest file first) and the position right after it. */
export function readAllLogs(dir: string, task: string, stream: LogStream): {data: Buffer; end: LogPosition} {
  const base = `${task}.${stream}`
  const idx = listIndexes(dir, base)
  const parts = idx.map((i) => readFrom(join(dir, `${base}.${i}`), 0))
  const last = idx.at(-1)
  return {data: Buffer.concat(parts), end: last === undefined ? {index: -1, offset: 0} : {index: last, offset: parts.at(-1)!.length}}
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return -1
  }
}

/** Calls onChunk with bytes written after `from` until the signal aborts; moves on when a file is rotated. */
export async function followLogFrom(dir: string, task: string, stream: LogStream, from: LogPosition, onChunk: (b: Buffer) => void, opts: {signal: AbortSignal; pollMs?: number}): Promise<void> {
  const base = `${task}.${stream}`
  let {index, offset} = from
  while (!opts.signal.aborted) {
    const idx = listIndexes(dir, base)
    if (index < 0 || !idx.includes(index)) {
      // not started yet, or our file was pruned: continue with the next newer one
      const next = idx.find((i) => i > index)
      if (next !== undefined) (index = next), (offset = 0)
    }
    if (index >= 0) {
      const file = join(dir, `${base}.${index}`)
      if (sizeOf(file) > offset) {
        const chunk = readFrom(file, offset)
        offset += chunk.length
        if (chunk.length) onChunk(chunk)
        continue
      }
      const next = idx.find((i) => i > index)
      if (next !== undefined) {
        index = next
        offset = 0
        continue
      }
    }
    await sleep(opts.pollMs ?? 250, opts.signal)
  }
}
