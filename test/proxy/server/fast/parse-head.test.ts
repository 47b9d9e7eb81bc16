import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {ChunkedScanner} from '../../../../src/proxy/server/fast/chunked-scanner.js'
import {parseRequestHead, parseResponseHead} from '../../../../src/proxy/server/fast/parse-head.js'

function head(text: string) {
  const buf = Buffer.from(text, 'latin1')
  return parseRequestHead(buf, buf.indexOf('\r\n\r\n'))
}

describe('parseRequestHead: what stays on the fast lane', () => {
  test('a plain GET with repeated headers', () => {
    expect(head('GET /a?b=1 HTTP/1.1\r\nHost: x.localhost\r\nCookie: a=1\r\ncookie: b=2\r\nX-A: 1\r\nx-a: 2\r\n\r\n')).toEqual({
      method: 'GET', target: '/a?b=1', contentLength: 0, close: false,
      raw: ['Host', 'x.localhost', 'Cookie', 'a=1', 'cookie', 'b=2', 'X-A', '1', 'x-a', '2'],
      lower: ['host', 'cookie', 'cookie', 'x-a', 'x-a'],
      headers: {host: 'x.localhost', cookie: 'a=1; b=2', 'x-a': '1, 2'},
    })
  })

  test('Content-Length and Connection: close are understood', () => {
    expect(head('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 12\r\nConnection: close\r\n\r\n')).toMatchObject({contentLength: 12, close: true})
  })

  test.each([
    ['HTTP/1.0', 'GET / HTTP/1.0\r\nHost: h\r\n\r\n'],
    ['chunked upload', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n'],
    ['upgrade', 'GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'],
    ['expect', 'PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n'],
    ['conflicting lengths', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'],
    ['non-numeric length', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n'],
    ['hop-by-hop names in Connection', 'GET / HTTP/1.1\r\nHost: h\r\nConnection: x-secret\r\n\r\n'],
    ['obs-fold', 'GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n'],
    ['missing host', 'GET / HTTP/1.1\r\nX: y\r\n\r\n'],
    ['absolute-form target', 'GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['bad header name', 'GET / HTTP/1.1\r\nHost: h\r\nBad Name: v\r\n\r\n'],
  ])('%s goes to node:http', (_d, text) => {
    expect(head(text)).toBeUndefined()
  })
})

describe('parseResponseHead', () => {
  test('drops hop-by-hop headers, reads framing and the keep-alive hint', () => {
    const text = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nX-B: 1\r\n\r\n'
    const buf = Buffer.from(text)
    expect(parseResponseHead(buf, buf.indexOf('\r\n\r\n'), undefined, 'x-added: 1\r\n')).toEqual({
      status: 200, head: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-B: 1\r\nx-added: 1\r\n\r\n',
      contentLength: 5, chunked: false, keepAlive: true, keepAliveMs: 5000,
    })
  })

  test('HTTP/1.0 without keep-alive is not reusable; chunked with a length is refused', () => {
    const a = Buffer.from('HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n')
    expect(parseResponseHead(a, a.indexOf('\r\n\r\n'), undefined, '')?.keepAlive).toBe(false)
    const b = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n')
    expect(parseResponseHead(b, b.indexOf('\r\n\r\n'), undefined, '')).toBeUndefined()
  })
})

describe('ChunkedScanner', () => {
  const body = '5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n'

  test('finds the end of a chunked body however it is split, leaving what follows', () => {
    const bytes = Buffer.from(`${body}NEXT`)
    fc.assert(fc.property(fc.array(fc.integer({min: 1, max: bytes.length}), {maxLength: 6}), (cuts) => {
      const points = [...new Set(cuts)].sort((a, b) => a - b)
      const s = new ChunkedScanner()
      let consumed = 0
      let prev = 0
      for (const p of [...points, bytes.length]) {
        if (s.done) break
        const piece = bytes.subarray(prev, p)
        consumed += s.scan(piece, 0)
        prev = p
      }
      expect(s.done).toBe(true)
      expect(consumed).toBe(body.length)
    }))
  })

  test.each([['bad size', 'zz\r\n'], ['missing CRLF after data', '1\r\nab']])('%s throws', (_d, text) => {
    expect(() => new ChunkedScanner().scan(Buffer.from(text), 0)).toThrow()
  })
})
