import {closeSync, fstatSync, openSync, readdirSync, rmSync, writeSync} from 'node:fs'
import {join} from 'node:path'
import type {LogSink} from '../../drivers/driver.js'

// Nomad's log files: <alloc>/alloc/logs/<task>.stdout.<n>. The index only grows; a file is
// cut exactly at MaxFileSizeMB and the oldest files beyond MaxFiles are deleted. A restarted
// task (or agent) appends to the newest file.

export interface RotatorOptions {
  dir: string
  base: string // e.g. "web.stdout"
  maxFiles: number
  maxBytes: number
}

export class RotatingLog implements LogSink {
  private fd: number | null = null
  private index: number
  private size = 0

  constructor(private readonly opts: RotatorOptions) {
    this.index = Math.max(0, ...listIndexes(opts.dir, opts.base))
  }

  /** Path of the file currently written to. */
  get currentPath(): string {
    return join(this.opts.dir, `${this.opts.base}.${this.index}`)
  }

  write(chunk: Buffer | string): void {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    while (buf.length > 0) {
      this.open()
      const room = this.opts.maxBytes - this.size
      if (room <= 0) {
        this.rotate()
        continue
      }
      const part = buf.subarray(0, room)
      writeSync(this.fd!, part)
      this.size += part.length
      buf = buf.subarray(part.length)
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
  }

  private open(): void {
    if (this.fd !== null) return
    this.fd = openSync(this.currentPath, 'a')
    this.size = fstatSync(this.fd).size
  }

  private rotate(): void {
    this.close()
    this.index++
    this.size = 0
    this.prune()
  }

  private prune(): void {
    const keepFrom = this.index - Math.max(1, this.opts.maxFiles) + 1
    for (const i of listIndexes(this.opts.dir, this.opts.base)) {
      if (i < keepFrom) rmSync(join(this.opts.dir, `${this.opts.base}.${i}`), {force: true})
    }
  }
}

/** Indexes n of the existing files `<base>.<n>` in `dir`. */
export function listIndexes(dir: string, base: string): number[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const out: number[] = []
  for (const n of names) {
    if (!n.startsWith(`${base}.`)) continue
    const rest = n.slice(base.length + 1)
    if (/^\d+$/.test(rest)) out.push(Number(rest))
  }
  return out.sort((a, b) => a - b)
}
