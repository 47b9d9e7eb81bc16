import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {b64, decodeKv, encodeTxn, errorFromBody, int64, LineSplitter, prefixEnd, str64, unb64, unb64Text} from '../../src/store/etcd-json.js'

describe('bytes and int64 in gateway JSON', () => {
  test('base64 round-trips any bytes and any text', () => {
    fc.assert(fc.property(fc.uint8Array({maxLength: 300}), (a) => unb64(b64(Buffer.from(a))).equals(Buffer.from(a))))
    fc.assert(fc.property(fc.string({unit: 'grapheme', maxLength: 100}), (s) => unb64Text(b64(s)) === s))
  })

  test('missing fields are their zero value', () => {
    expect(unb64(undefined).length).toBe(0)
    expect(unb64Text('')).toBe('')
    expect(int64(undefined)).toBe(0)
    expect(int64('')).toBe(0)
    expect(int64('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER)
    expect(str64(42)).toBe('42')
    expect(str64(2n ** 62n)).toBe('4611686018427387904')
  })

  test('a kv as etcd answers it (zero fields left out)', () => {
    expect(decodeKv({key: 'L2EvYg==', create_revision: '2', mod_revision: '5', version: '3', value: 'MQ=='})).toEqual({key: '/a/b', value: '1', createRevision: 2, modRevision: 5, version: 3, lease: '0'})
    // a DELETE event's kv: key and mod revision only
    expect(decodeKv({key: 'L2EvYg==', mod_revision: '7'})).toEqual({key: '/a/b', value: '', createRevision: 0, modRevision: 7, version: 0, lease: '0'})
  })
})

describe('prefixEnd', () => {
  test('examples', () => {
    expect(prefixEnd('/a/').toString()).toBe('/a0')
    expect(prefixEnd('abc')).toEqual(Buffer.from('abd'))
    expect(prefixEnd(Buffer.from([0x61, 0xff, 0xff]))).toEqual(Buffer.from([0x62]))
    expect(prefixEnd(Buffer.from([0xff]))).toEqual(Buffer.from([0]))
    expect(prefixEnd('')).toEqual(Buffer.from([0]))
  })

  test('every key with the prefix sorts inside [prefix, end), and the end itself does not have it', () => {
    fc.assert(
      fc.property(fc.uint8Array({minLength: 1, maxLength: 12}), fc.uint8Array({maxLength: 12}), (p, rest) => {
        const prefix = Buffer.from(p)
        const end = prefixEnd(prefix)
        if (prefix.every((x) => x === 0xff)) {
          expect(end).toEqual(Buffer.from([0])) // "to the end of the keyspace"
          return
        }
        const key = Buffer.concat([prefix, Buffer.from(rest)])
        expect(Buffer.compare(prefix, key)).toBeLessThanOrEqual(0)
        expect(Buffer.compare(key, end)).toBeLessThan(0)
        expect(end.subarray(0, prefix.length).equals(prefix)).toBe(false)
      }),
    )
  })

  test('does not change its input', () => {
    const b = Buffer.from('ab')
    prefixEnd(b)
    expect(b.toString()).toBe('ab')
  })
})

describe('txn encoding', () => {
  test('compares carry the target field of their target, enums upper-case, int64 as strings', () => {
    const j = encodeTxn({
      compare: [
        {key: Buffer.from('/k'), target: 'Mod', result: 'Equal', mod_revision: 0},
        {key: '/p/', range_end: prefixEnd('/p/'), target: 'Mod', result: 'Less', mod_revision: 12},
        {key: '/n', target: 'Version', result: 'Greater', version: 0},
        {key: '/c', target: 'Create', result: 'NotEqual', create_revision: 3},
        {key: '/v', target: 'Value', result: 'Equal', value: 'x'},
      ],
      success: [{request_put: {key: '/k', value: Buffer.from('{}'), lease: '77'}}, {request_delete_range: {key: '/d'}}],
      failure: [{request_range: {key: '/k'}}],
    })
    expect(j).toEqual({
      compare: [
        {key: b64('/k'), target: 'MOD', result: 'EQUAL', mod_revision: '0'},
        {key: b64('/p/'), range_end: b64('/p0'), target: 'MOD', result: 'LESS', mod_revision: '12'},
        {key: b64('/n'), target: 'VERSION', result: 'GREATER', version: '0'},
        {key: b64('/c'), target: 'CREATE', result: 'NOT_EQUAL', create_revision: '3'},
        {key: b64('/v'), target: 'VALUE', result: 'EQUAL', value: b64('x')},
      ],
      success: [{request_put: {key: b64('/k'), value: b64('{}'), lease: '77'}}, {request_delete_range: {key: b64('/d')}}],
      failure: [{request_range: {key: b64('/k')}}],
    })
  })

  test('no lease (or lease 0) is left out of a put', () => {
    expect(encodeTxn({compare: [], success: [{request_put: {key: 'a', value: 'b', lease: '0'}}]})).toEqual({compare: [], success: [{request_put: {key: b64('a'), value: b64('b')}}], failure: []})
  })
})

describe('watch stream line framing', () => {
  test('lines split across chunks come out whole, once, in order', () => {
    const s = new LineSplitter()
    expect(s.push('{"result":{"a":')).toEqual([])
    expect(s.push('1}}\n{"res')).toEqual(['{"result":{"a":1}}'])
    expect(s.push('ult":2}\n\n{"x":3}\n')).toEqual(['{"result":2}', '{"x":3}'])
    expect(s.end()).toEqual([])
  })

  test('a last line without its newline is given at the end', () => {
    const s = new LineSplitter()
    expect(s.push('{"a":1}\n{"b"')).toEqual(['{"a":1}'])
    expect(s.end()).toEqual(['{"b"'])
  })

  test('any chunking of a stream yields the same lines', () => {
    const lineArb = fc.array(fc.json().map((j) => j.replace(/\n/g, '')).filter((j) => j.trim() !== ''), {maxLength: 8})
    fc.assert(
      fc.property(lineArb, fc.array(fc.nat(40), {maxLength: 10}), (lines, cuts) => {
        const text = lines.map((l) => l + '\n').join('')
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
        const s = new LineSplitter()
        const out: string[] = []
        let at = 0
        for (const p of [...points, text.length]) {
          out.push(...s.push(text.slice(at, p)))
          at = p
        }
        out.push(...s.end())
        expect(out).toEqual(lines)
      }),
    )
  })
})

describe('gateway errors', () => {
  test('unary error bodies keep etcd\'s message and code', () => {
    const e = errorFromBody(404, '{"error":"etcdserver: requested lease not found","message":"etcdserver: requested lease not found","code":5}')
    expect([e.message, e.code, e.httpStatus, e.retryable]).toEqual(['etcdserver: requested lease not found', 5, 404, false])
    const u = errorFromBody(503, '{"error":"etcdserver: no leader","code":14}')
    expect([u.message, u.retryable]).toEqual(['etcdserver: no leader', true])
    expect(errorFromBody(401, '{"error":"etcdserver: invalid auth token","code":16}').authExpired).toBe(true)
    expect(errorFromBody(400, '{"error":"etcdserver: permission denied","code":7}').authExpired).toBe(false)
  })

  test('stream error lines and bodies that are not JSON', () => {
    expect(errorFromBody(200, '{"error":{"grpc_code":14,"http_code":503,"message":"etcdserver: no leader","code":14}}').message).toBe('etcdserver: no leader')
    const e = errorFromBody(502, 'Bad Gateway\n')
    expect([e.message, e.code]).toEqual(['Bad Gateway', 2])
    expect(errorFromBody(503, '').message).toBe('HTTP 503')
  })
})
