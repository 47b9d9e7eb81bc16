import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {ChunkedScanner} from '../../../../src/proxy/server/fast/chunked-scanner.js'
import {parseResponseHead, responseHeadText} from '../../../../src/proxy/server/fast/parse-head.js'
import {scanRequestHead} from '../../../../src/proxy/server/fast/scan-request-head.js'

function scan(text: string) {
  return scanRequestHead(Buffer.from(text, 'latin1'))
}

describe('scanRequestHead: the gate', () => {
  test('a plain GET with repeated headers stays on the fast lane, lines kept apart', () => {
    const r = scan('GET /a?b=1 HTTP/1.1\r\nHost: x.localhost\r\nCookie: a=1\r\ncookie: b=2\r\nX-A:  1 \r\n\r\nNEXT')
    expect(r).toMatchObject({kind: 'head', lane: 'fast', end: 78})
    if (r.kind !== 'head') return
    expect(r.head).toMatchObject({
      method: 'GET', target: '/a?b=1', host: 'x.localhost', contentLength: 0, close: false, absoluteForm: false,
      raw: ['Host', 'x.localhost', 'Cookie', 'a=1', 'cookie', 'b=2', 'X-A', '1'],
      lower: ['host', 'cookie', 'cookie', 'x-a'],
    })
  })

  test('Content-Length, Connection: close and hop-by-hop names are understood', () => {
    const r = scan('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 12\r\nConnection: close, X-Secret, Host\r\n\r\n')
    expect(r).toMatchObject({kind: 'head', lane: 'fast', head: {contentLength: 12, close: true, hopByHop: new Set(['x-secret'])}})
  })

  test.each([
    ['HTTP/1.0', 'GET / HTTP/1.0\r\nHost: h\r\n\r\n'],
    ['chunked upload', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n'],
    ['upgrade', 'GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'],
    ['expect', 'PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n'],
    ['OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n'],
  ])('%s goes to node:http', (_d, text) => {
    expect(scan(text)).toMatchObject({kind: 'head', lane: 'node'})
  })

  test('an incomplete head waits, a wrong one is refused before it completes', () => {
    expect(scan('GET / HTTP/1.1\r\nHost: h\r\n')).toEqual({kind: 'partial'})
    expect(scan('GET / HTTP/1.1\r')).toEqual({kind: 'partial'})
    expect(scan('GET / HTTP/1.1\nHo')).toMatchObject({kind: 'reject', status: 400})
    expect(scan(`GET /${'a'.repeat(9000)}`)).toMatchObject({kind: 'reject', status: 414})
    expect(scan(`GET / HTTP/1.1\r\nX: ${'a'.repeat(17_000)}`)).toMatchObject({kind: 'reject', status: 431})
  })

  test('any control byte but HTAB anywhere in a header line is refused, never forwarded', () => {
    fc.assert(fc.property(fc.integer({min: 0, max: 31}).filter((c) => c !== 9), fc.boolean(), (c, inName) => {
      const ch = String.fromCharCode(c)
      const line = inName ? `X${ch}A: v` : `X-A: v${ch}w`
      const r = scan(`GET / HTTP/1.1\r\nHost: h\r\n${line}\r\n\r\n`)
      expect(r).toMatchObject({kind: 'reject', status: 400})
    }))
  })

  test('a request cut anywhere is partial, never refused, and whole it is accepted', () => {
    const text = 'POST /x HTTP/1.1\r\nHost: h.localhost\r\nContent-Length: 2\r\nX-A: b\r\n\r\n'
    for (let i = 0; i < text.length; i++) expect(scan(text.slice(0, i))).toEqual({kind: 'partial'})
    expect(scan(text)).toMatchObject({kind: 'head', end: text.length})
  })
})

describe('parseResponseHead', () => {
  test('drops hop-by-hop headers, reads framing and the keep-alive hint', () => {
    const text = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nX-B: 1\r\n\r\n'
    const buf = Buffer.from(text)
    const resp = parseResponseHead(buf, buf.indexOf('\r\n\r\n'), undefined, 'x-added: 1\r\n')
    expect(resp).toMatchObject({status: 200, contentLength: 5, chunked: false, keepAlive: true, keepAliveMs: 5000})
    expect(responseHeadText(resp!, buf)).toBe('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-B: 1\r\nx-added: 1\r\n\r\n')
    expect(responseHeadText(resp!, buf, true)).toBe('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-B: 1\r\nx-added: 1\r\nconnection: close\r\n\r\n')
    expect(resp!.length).toBe(responseHeadText(resp!, buf).length)
  })

  test('kept lines between dropped ones, a status line without a reason, a head ending in a dropped line', () => {
    const buf = Buffer.from('HTTP/1.0 204\r\nA: 1\r\nKeep-Alive: timeout=3\r\nB: 2\r\nC: 3\r\nConnection: keep-alive\r\n\r\nBODY')
    const resp = parseResponseHead(buf, buf.indexOf('\r\n\r\n'), new Set(['c']), '')
    expect(resp).toMatchObject({status: 204, keepAlive: true, keepAliveMs: 3000})
    expect(responseHeadText(resp!, buf)).toBe('HTTP/1.1 204\r\nA: 1\r\nB: 2\r\n\r\n')
    expect(resp!.length).toBe(responseHeadText(resp!, buf).length)
  })

  test('HTTP/1.0 without keep-alive is not reusable; chunked with a length is refused', () => {
    const a = Buffer.from('HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n')
    expect(parseResponseHead(a, a.indexOf('\r\n\r\n'), undefined, '')?.keepAlive).toBe(false)
    const b = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n')
    expect(parseResponseHead(b, b.indexOf('\r\n\r\n'), undefined, '')).toBeUndefined()
  })

  test.each([['bare LF', 'HTTP/1.1 200 OK\r\nX-A: 1\nSet-Cookie: evil=1\r\nContent-Length: 0'], ['NUL', 'HTTP/1.1 200 OK\r\nX-A: 1\0\r\nContent-Length: 0'], ['CR', 'HTTP/1.1 200 OK\r\nX-A: 1\r2\r\nContent-Length: 0']])('a response head with a %s is refused', (_d, text) => {
    const b = Buffer.from(`${text}\r\n\r\n`, 'latin1')
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
