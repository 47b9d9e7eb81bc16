import type net from 'node:net'
import {plainHandle, streamBinding, type WriteReq} from './stream-binding.js'

// A buffer written straight to a plain TCP socket's libuv handle, past stream.Writable. Used only
// while the stream itself holds nothing, so byte order is kept (libuv queues writes in call order,
// and a later `end()` shuts down after them); otherwise — TLS, connecting, corked, ended — `socket.write`.

function onComplete(this: WriteReq, status: number): void {
  this.buffer = null
  if (status < 0) this.socket.destroy()
}

// The request object of a write that completed at once is not kept by Node (it attaches one only
// to a write left pending), so it serves the next write: one object and one native constructor
// call fewer per write.
let spare: WriteReq | undefined

/**
 * Write `buf`; returns true when the bytes were not all taken at once (they must stay unchanged
 * until written). A failed write destroys the socket, which its 'close' handlers see.
 */
export function writeDirect(socket: net.Socket, buf: Buffer): boolean {
  const handle = streamBinding && plainHandle(socket)
  if (!handle || socket.connecting || !socket.writable || socket.writableLength > 0 || socket.writableCorked > 0) {
    socket.write(buf)
    return socket.writableLength > 0
  }
  const req = spare ?? newRequest()
  spare = undefined
  const err = handle.writeBuffer(req, buf)
  if (err !== 0) {
    socket.destroy()
    return false
  }
  if (streamBinding!.streamBaseState[streamBinding!.kLastWriteWasAsync] === 0) {
    spare = req
    return false
  }
  req.handle = handle
  req.socket = socket
  req.async = true
  req.buffer = buf // keeps the bytes alive until libuv has written them
  return true
}

function newRequest(): WriteReq {
  const req = new streamBinding!.WriteWrap()
  req.handle = undefined as unknown as WriteReq['handle']
  req.oncomplete = onComplete
  req.async = false
  req.bytes = 0
  req.buffer = null
  req.socket = undefined as unknown as net.Socket
  return req
}
