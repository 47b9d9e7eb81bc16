import type net from 'node:net'

// A buffer written straight to a plain TCP socket's libuv handle, past stream.Writable (its
// per-write bookkeeping and nextTick were the largest share of the fast lane's user time). Used
// only while the stream itself holds nothing, so byte order is kept (libuv queues writes in call
// order, and a later `end()` shuts down after them); otherwise — TLS, connecting, corked, ended,
// or a Node whose internals do not look as expected here — `socket.write`.
// ZDEV_PROXY_DIRECT_WRITE=0 turns it off.

interface WriteReq {
  handle: StreamHandle
  oncomplete: (this: WriteReq, status: number) => void
  async: boolean
  bytes: number
  buffer: Buffer | null
  socket: net.Socket
}
interface StreamHandle {
  writeBuffer(req: WriteReq, buf: Buffer): number
}
interface StreamWrapBinding {
  WriteWrap: new () => WriteReq
  streamBaseState: Int32Array
  kLastWriteWasAsync: number
}

const binding = loadBinding()

function loadBinding(): StreamWrapBinding | undefined {
  if (process.env.ZDEV_PROXY_DIRECT_WRITE === '0') return undefined
  try {
    const b = (process as unknown as {binding(name: string): StreamWrapBinding}).binding('stream_wrap')
    return typeof b.WriteWrap === 'function' && b.streamBaseState instanceof Int32Array && typeof b.kLastWriteWasAsync === 'number' ? b : undefined
  } catch {
    return undefined
  }
}

function onComplete(this: WriteReq, status: number): void {
  this.buffer = null
  if (status < 0) this.socket.destroy()
}

/**
 * Write `buf`; returns true when the bytes were not all taken at once (they must stay unchanged
 * until written). A failed write destroys the socket, which its 'close' handlers see.
 */
export function writeDirect(socket: net.Socket, buf: Buffer): boolean {
  const handle = (socket as unknown as {_handle?: StreamHandle | null})._handle
  if (binding === undefined || !handle || typeof handle.writeBuffer !== 'function' || socket.connecting || !socket.writable || socket.writableLength > 0 || socket.writableCorked > 0 || (socket as {encrypted?: boolean}).encrypted) {
    socket.write(buf)
    return socket.writableLength > 0
  }
  const req = new binding.WriteWrap()
  req.handle = handle
  req.oncomplete = onComplete
  req.async = false
  req.bytes = 0
  req.buffer = null
  req.socket = socket
  const err = handle.writeBuffer(req, buf)
  if (err !== 0) {
    socket.destroy()
    return false
  }
  if (binding.streamBaseState[binding.kLastWriteWasAsync] === 0) return false
  req.async = true
  req.buffer = buf // keeps the bytes alive until libuv has written them
  return true
}
