import type net from 'node:net'
import {writeDirect} from './direct-write.js'

// One reused buffer in which a head (and a small body) is assembled for a single write. A write
// the socket does not finish at once (kernel buffer full, still connecting, corked) keeps a
// reference to the bytes, so the buffer is handed over to it and a fresh one taken.
const SIZE = 128 * 1024
let scratch = Buffer.allocUnsafe(SIZE)

// Views of the scratch buffer by length, two kept (a request head and a response are written in
// turn, each often the same length as the last): one typed array fewer per write.
let viewA = scratch.subarray(0, 0)
let viewB = viewA

function scratchView(n: number): Buffer {
  if (viewA.length === n) return viewA
  const b = viewB
  viewB = viewA
  viewA = b.length === n ? b : scratch.subarray(0, n)
  return viewA
}

/** A buffer of at least `size` bytes, valid until the next `writeOut`. */
export function outBuffer(size: number): Buffer {
  return size <= scratch.length ? scratch : Buffer.allocUnsafe(size)
}

/** Write `buf[0, n)`. */
export function writeOut(socket: net.Socket, buf: Buffer, n: number): void {
  if (buf !== scratch) return void writeDirect(socket, buf.subarray(0, n))
  if (writeDirect(socket, scratchView(n))) {
    scratch = Buffer.allocUnsafe(SIZE)
    viewA = viewB = scratch.subarray(0, 0)
  }
}

/** Copy `src[start, end)` to `out` at `at`; returns the offset after it. Short runs by hand: cheaper than a native call. */
export function copyRange(src: Buffer, start: number, end: number, out: Buffer, at: number): number {
  if (end - start > 64) return at + src.copy(out, at, start, end)
  for (let i = start; i < end; i++) out[at++] = src[i]
  return at
}

/** Write a latin1 string (one byte per char) at `at`; returns the offset after it. */
export function putLatin1(s: string, out: Buffer, at: number): number {
  const n = s.length
  if (n > 32) return at + out.write(s, at, n, 'latin1')
  for (let i = 0; i < n; i++) out[at++] = s.charCodeAt(i)
  return at
}
