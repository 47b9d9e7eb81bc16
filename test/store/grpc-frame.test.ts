import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {decodeKeepAliveResponse, decodeVarint, encodeKeepAliveRequest, encodeVarint, frameMessage, MessageReader} from '../../src/store/grpc-frame.js'

const int64 = fc.bigInt({min: -(1n << 63n), max: (1n << 63n) - 1n})

describe('protobuf varints', () => {
  test('known encodings', () => {
    expect(encodeVarint(1n)).toEqual(Buffer.from([1]))
    expect(encodeVarint(300n)).toEqual(Buffer.from([0xac, 0x02]))
    expect(encodeVarint(-1n).length).toBe(10)
  })
  test('round-trip every int64', () => fc.assert(fc.property(int64, (v) => decodeVarint(encodeVarint(v), 0).value === v)))
  test('a truncated varint is refused', () => expect(() => decodeVarint(Buffer.from([0x80, 0x80]), 0)).toThrow(/truncated/))
})

describe('keep-alive messages', () => {
  test('request is field 1 as a varint', () => expect(encodeKeepAliveRequest('150')).toEqual(Buffer.from([0x08, 0x96, 0x01])))
  test('response: ID and TTL read past a header and unknown fields', () =>
    fc.assert(
      fc.property(fc.bigInt({min: 1n, max: (1n << 63n) - 1n}), fc.integer({min: -1, max: 1_000_000}), fc.uint8Array({maxLength: 40}), (id, ttl, header) => {
        const msg = Buffer.concat([Buffer.from([0x0a]), encodeVarint(BigInt(header.length)), Buffer.from(header), Buffer.from([0x10]), encodeVarint(id), Buffer.from([0x18]), encodeVarint(BigInt(ttl)), Buffer.from([0x25, 1, 2, 3, 4])])
        expect(decodeKeepAliveResponse(msg)).toEqual({id: id.toString(), ttl})
      }),
    ))
  test('a field running past the end is refused', () => expect(() => decodeKeepAliveResponse(Buffer.from([0x0a, 0x05, 0x01]))).toThrow(/truncated/))
})

describe('gRPC message framing', () => {
  test('messages come back whole whatever the chunking', () =>
    fc.assert(
      fc.property(fc.array(fc.uint8Array({maxLength: 30}), {maxLength: 8}), fc.array(fc.integer({min: 1, max: 7}), {minLength: 1}), (msgs, cuts) => {
        const wire = Buffer.concat(msgs.map((m) => frameMessage(Buffer.from(m))))
        const r = new MessageReader()
        const out: Buffer[] = []
        for (let i = 0, k = 0; i < wire.length; k++) {
          const n = cuts[k % cuts.length]!
          out.push(...r.push(wire.subarray(i, i + n)))
          i += n
        }
        expect(out.map((b) => [...b])).toEqual(msgs.map((m) => [...m]))
      }),
    ))
  test('a compressed message is refused', () => expect(() => new MessageReader().push(Buffer.from([1, 0, 0, 0, 0]))).toThrow(/compressed/))
})
