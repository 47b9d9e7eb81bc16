// The few protobuf and gRPC wire pieces a lease keep-alive stream needs (etcd's rpc.proto:
// LeaseKeepAliveRequest{ID int64 = 1}, LeaseKeepAliveResponse{header = 1, ID int64 = 2, TTL int64 = 3}).

const U64 = (1n << 64n) - 1n

/** A protobuf varint of an int64 (negative values as their 64-bit two's complement, ten bytes). */
export function encodeVarint(v: bigint): Buffer {
  let u = v & U64
  const out: number[] = []
  while (u > 0x7fn) {
    out.push(Number(u & 0x7fn) | 0x80)
    u >>= 7n
  }
  out.push(Number(u))
  return Buffer.from(out)
}

/** The varint at `at`: its value as an int64 and the offset after it. */
export function decodeVarint(buf: Buffer, at: number): {value: bigint; next: number} {
  let u = 0n
  for (let shift = 0n, i = at; i < buf.length && shift < 70n; i++, shift += 7n) {
    const b = buf[i]!
    u |= BigInt(b & 0x7f) << shift
    if ((b & 0x80) === 0) return {value: BigInt.asIntN(64, u & U64), next: i + 1}
  }
  throw new RangeError('truncated protobuf varint')
}

export function encodeKeepAliveRequest(id: string): Buffer {
  return Buffer.concat([Buffer.from([0x08]), encodeVarint(BigInt(id))])
}

export interface KeepAliveResponse {
  id: string
  ttl: number
}

/** Fields 2 (ID) and 3 (TTL); the header and any unknown field are skipped. */
export function decodeKeepAliveResponse(buf: Buffer): KeepAliveResponse {
  let id = 0n
  let ttl = 0n
  let i = 0
  while (i < buf.length) {
    const tag = decodeVarint(buf, i)
    i = tag.next
    const field = Number(tag.value >> 3n)
    const wire = Number(tag.value & 7n)
    if (wire === 0) {
      const v = decodeVarint(buf, i)
      i = v.next
      if (field === 2) id = v.value
      if (field === 3) ttl = v.value
    } else if (wire === 2) {
      const len = decodeVarint(buf, i)
      i = len.next + Number(len.value)
    } else if (wire === 1) i += 8
    else if (wire === 5) i += 4
    else throw new RangeError(`unsupported protobuf wire type ${wire}`)
    if (i > buf.length) throw new RangeError('truncated protobuf field')
  }
  return {id: id.toString(), ttl: Number(ttl)}
}

/** One gRPC message on the wire: uncompressed flag, 4-byte big-endian length, the message. */
export function frameMessage(msg: Buffer): Buffer {
  const head = Buffer.alloc(5)
  head.writeUInt32BE(msg.length, 1)
  return Buffer.concat([head, msg])
}

/** Splits a byte stream back into gRPC messages, whatever the chunking. */
export class MessageReader {
  private pending: Buffer = Buffer.alloc(0)

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk
    const out: Buffer[] = []
    while (this.pending.length >= 5) {
      if (this.pending[0] !== 0) throw new RangeError('compressed gRPC message (none was asked for)')
      const len = this.pending.readUInt32BE(1)
      if (this.pending.length < 5 + len) break
      out.push(this.pending.subarray(5, 5 + len))
      this.pending = this.pending.subarray(5 + len)
    }
    return out
  }
}
