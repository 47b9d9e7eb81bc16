import type net from 'node:net'

// Node's stream_wrap binding, which the fast lane uses to read from and write to plain TCP handles
// without the stream.Readable/Writable layers (their per-chunk bookkeeping was the largest share of
// the fast lane's user time). Undefined — and every caller falls back to the public socket API —
// when ZDEV_PROXY_DIRECT_IO=0 or the binding does not look as expected on this Node.

export interface WriteReq {
  handle: StreamHandle
  oncomplete: (this: WriteReq, status: number) => void
  async: boolean
  bytes: number
  buffer: Buffer | null
  socket: net.Socket
}

export interface StreamHandle {
  writeBuffer(req: WriteReq, buf: Buffer): number
  readStart(): number
  readStop(): number
  /** Reads land in `buf` from now on; onread then gets no ArrayBuffer, only the length. */
  useUserBuffer(buf: Buffer): number
  reading: boolean
  onread: (this: StreamHandle, arrayBuffer: ArrayBuffer | undefined) => unknown
}

interface StreamWrapBinding {
  WriteWrap: new () => WriteReq
  streamBaseState: Int32Array
  kLastWriteWasAsync: number
  kReadBytesOrError: number
}

export const streamBinding = loadBinding()

function loadBinding(): StreamWrapBinding | undefined {
  if (process.env.ZDEV_PROXY_DIRECT_IO === '0') return undefined
  try {
    const b = (process as unknown as {binding(name: string): StreamWrapBinding}).binding('stream_wrap')
    const indices = [b.kLastWriteWasAsync, b.kReadBytesOrError]
    return typeof b.WriteWrap === 'function' && b.streamBaseState instanceof Int32Array && indices.every((i) => typeof i === 'number') ? b : undefined
  } catch {
    return undefined
  }
}

/** The plain TCP handle of `socket` when direct IO may be used on it. */
export function plainHandle(socket: net.Socket): StreamHandle | undefined {
  if (streamBinding === undefined || (socket as {encrypted?: boolean}).encrypted) return undefined
  const h = (socket as unknown as {_handle?: StreamHandle | null})._handle
  return h && typeof h.writeBuffer === 'function' && typeof h.readStop === 'function' && typeof h.useUserBuffer === 'function' && typeof h.onread === 'function' ? h : undefined
}
