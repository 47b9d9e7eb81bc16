import type net from 'node:net'
import {plainHandle, streamBinding, type StreamHandle} from './stream-binding.js'

// Every plain client socket reads into this one buffer (libuv runs one read callback at a time),
// instead of Node allocating 64 KiB per read. Whatever outlives the callback must be copied: `keep`.
const READ = Buffer.allocUnsafe(64 * 1024)

// The view handed to `onData`, kept while reads have the same length: no Buffer object per read.
let view: Buffer = READ.subarray(0, 0)

/** `chunk` itself, or a copy of it when it lies in the shared read buffer (the next read overwrites that). */
export function keep(chunk: Buffer): Buffer {
  return chunk.buffer === READ.buffer ? Buffer.from(chunk) : chunk
}


/**
 * Bytes read from a plain TCP socket go straight to `onData`, past stream.Readable (end of
 * stream and errors still take Node's own path, so 'end', 'error' and 'close' are unchanged).
 * The chunk is valid only during the call (see `keep`). Pausing must then go through
 * `pause`/`resume` here: the Readable never sees the bytes. `release` gives the socket back to its
 * Readable (hand-over to node:http), which then gets copies. For TLS sockets, or when direct IO is
 * off, the socket's 'data' event and pause/resume are used.
 */
export class ClientReader {
  private readonly handle: StreamHandle | undefined
  /** Chunks lie in the shared read buffer (direct IO); known here, cheaper than asking each chunk for its `buffer`. */
  readonly direct: boolean
  private paused = false
  private released = false

  constructor(private readonly socket: net.Socket, private readonly onData: (chunk: Buffer) => void) {
    const h = plainHandle(socket)
    this.handle = h
    this.direct = h !== undefined
    if (!h) {
      socket.on('data', onData)
      return
    }
    const original = h.onread
    const state = streamBinding!.streamBaseState
    const nread = streamBinding!.kReadBytesOrError
    // The user buffer stays with the handle for good (Node has no way to take it back), so after
    // `release` this reader still receives the bytes and pushes copies into the Readable, as Node's
    // own onread would (node:http's parser reads past both while it consumes the socket).
    h.useUserBuffer(READ)
    const reader = this
    h.onread = function (this: StreamHandle, arrayBuffer: ArrayBuffer | undefined): unknown {
      const n = state[nread]
      if (n > 0 && !socket.destroyed) {
        if (reader.released) reader.pushCopy(n)
        else {
          if (view.length !== n) view = READ.subarray(0, n)
          onData(view)
        }
        return undefined
      }
      return original.call(this, arrayBuffer)
    }
  }

  private pushCopy(n: number): void {
    const s = this.socket as net.Socket & {_unrefTimer(): void}
    s._unrefTimer() // refreshes the socket's timeout, as Node's onread does
    if (s.push(Buffer.from(READ.subarray(0, n)))) return
    const h = this.handle!
    h.reading = false
    const err = h.readStop()
    if (err) s.destroy(new Error(`read stop failed (${err})`))
  }

  pause(): void {
    const h = this.handle
    if (!h) return void this.socket.pause()
    if (this.paused || this.socket.destroyed) return
    this.paused = true
    h.reading = false
    h.readStop()
  }

  resume(): void {
    const h = this.handle
    if (!h) return void this.socket.resume()
    if (!this.paused || this.socket.destroyed) return
    this.paused = false
    h.reading = true
    h.readStart()
  }

  /** Back to the socket's own Readable, reading. */
  release(): void {
    const h = this.handle
    if (!h) return void this.socket.removeListener('data', this.onData)
    this.resume()
    this.released = true
  }
}
