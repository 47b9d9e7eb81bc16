import net from 'node:net'
import {plainHandle, streamBinding, type StreamHandle} from './stream-binding.js'

export interface UpstreamSocket extends net.Socket {
  /** The exchange currently using this socket; undefined while idle. */
  owner?: UpstreamOwner
  pool?: SocketPool
  /** Monotonic ms after which the upstream may have closed it (its Keep-Alive hint). */
  staleAt?: number
  used?: boolean
  /** The TCP connect completed (a failure before it means nothing was sent). */
  connected?: boolean
}

export interface UpstreamOwner {
  /** `chunk` is only valid during the call (a shared read buffer): copy what outlives it. */
  onUpstreamData(chunk: Buffer): void
  onUpstreamEnd(err: Error | undefined): void
}

const IDLE_MAX_MS = 30_000

/** Idle keep-alive sockets to one upstream, reused last-in first-out. Grows with the load. */
export class SocketPool {
  private readonly idle: UpstreamSocket[] = []
  closed = false

  constructor(readonly host: string, readonly port: number, private readonly now: () => number) {}

  acquire(): UpstreamSocket {
    const t = this.now()
    while (this.idle.length > 0) {
      const s = this.idle.pop()!
      // Not `readyState`: its getters read both stream states; an idle socket whose upstream ended is destroyed at once (onEnd).
      if (!s.destroyed && (s.staleAt === undefined || s.staleAt > t)) return s
      s.destroy()
    }
    return this.connect()
  }

  release(s: UpstreamSocket, keepAliveMs: number): void {
    s.owner = undefined
    s.used = true
    if (this.closed || s.destroyed) {
      s.destroy()
      return
    }
    // Leave a margin before the upstream's own idle timeout to avoid reusing a closing socket.
    s.staleAt = this.now() + (keepAliveMs > 0 ? Math.max(0, keepAliveMs - 1_000) : IDLE_MAX_MS)
    this.idle.push(s)
  }

  /** Close idle sockets past their time (called periodically; cheaper than a timer per socket). */
  sweep(): void {
    const t = this.now()
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const s = this.idle[i]
      if (s.staleAt !== undefined && s.staleAt <= t) {
        this.idle.splice(i, 1)
        s.destroy()
      }
    }
  }

  close(): void {
    this.closed = true
    for (const s of this.idle.splice(0)) s.destroy()
  }

  private connect(): UpstreamSocket {
    // onread: upstream bytes land in one reused buffer and skip the Readable machinery. Owners
    // must copy whatever they keep or hand to a write that may complete later.
    const s = net.connect({host: this.host, port: this.port, noDelay: true, onread: {buffer: READ_BUFFER, callback: (n: number) => onRead(s, n)}}) as UpstreamSocket
    // With direct IO, reads skip Node's onread too (its per-read timer refresh and symbol lookups);
    // end of stream and errors still take Node's path. The handle exists once connect() returns.
    const h = plainHandle(s)
    if (h) {
      const original = h.onread
      const state = streamBinding!.streamBaseState
      const nread = streamBinding!.kReadBytesOrError
      h.onread = function (this: StreamHandle, arrayBuffer: ArrayBuffer | undefined): unknown {
        const n = state[nread]
        if (n > 0 && !s.destroyed) return void onRead(s, n)
        return original.call(this, arrayBuffer)
      }
    }
    s.pool = this
    s.used = false
    s.connected = false
    s.once('connect', onConnect)
    s.on('end', onEnd)
    s.on('error', onError)
    s.on('close', onClose)
    return s
  }

  forget(s: UpstreamSocket): void {
    const i = this.idle.indexOf(s)
    if (i >= 0) this.idle.splice(i, 1)
  }
}

const READ_BUFFER = Buffer.allocUnsafe(64 * 1024)

// The view of the read buffer handed to owners, kept while reads have the same length: no Buffer
// object per read. Owners copy what they keep, so reusing the view is as safe as reusing the bytes.
let view: Buffer = READ_BUFFER.subarray(0, 0)

function onRead(s: UpstreamSocket, n: number): boolean {
  if (view.length !== n) view = READ_BUFFER.subarray(0, n)
  if (s.owner) s.owner.onUpstreamData(view)
  else s.destroy() // bytes on an idle socket: the upstream is confused, do not reuse
  return true
}
function onConnect(this: UpstreamSocket): void {
  this.connected = true
}
function onEnd(this: UpstreamSocket): void {
  this.destroy()
}
function onError(this: UpstreamSocket, err: Error): void {
  const owner = this.owner
  this.owner = undefined
  this.pool?.forget(this)
  owner?.onUpstreamEnd(err)
}
function onClose(this: UpstreamSocket): void {
  const owner = this.owner
  this.owner = undefined
  this.pool?.forget(this)
  owner?.onUpstreamEnd(undefined)
}
