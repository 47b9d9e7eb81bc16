import type net from 'node:net'
import {plainHandle, streamBinding, type StreamHandle} from './stream-binding.js'

/**
 * Bytes read from a plain TCP socket go straight to `onData`, past stream.Readable (end of
 * stream and errors still take Node's own path, so 'end', 'error' and 'close' are unchanged).
 * Pausing must then go through `pause`/`resume` here: the Readable never sees the bytes.
 * `release` gives the socket back to its Readable (hand-over to node:http). For TLS sockets, or
 * when direct IO is off, the socket's 'data' event and pause/resume are used.
 */
export class ClientReader {
  private readonly handle: StreamHandle | undefined
  private readonly original: StreamHandle['onread'] | undefined
  private paused = false

  constructor(private readonly socket: net.Socket, private readonly onData: (chunk: Buffer) => void) {
    const h = plainHandle(socket)
    this.handle = h
    if (!h) {
      socket.on('data', onData)
      return
    }
    const original = h.onread
    this.original = original
    const state = streamBinding!.streamBaseState
    const nread = streamBinding!.kReadBytesOrError
    const offset = streamBinding!.kArrayBufferOffset
    h.onread = function (this: StreamHandle, arrayBuffer: ArrayBuffer): unknown {
      const n = state[nread]
      if (n > 0 && !socket.destroyed) {
        onData(Buffer.from(arrayBuffer, state[offset], n))
        return undefined
      }
      return original.call(this, arrayBuffer)
    }
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
    h.onread = this.original!
  }
}
