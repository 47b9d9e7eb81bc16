import fc from 'fast-check'
import {expect, test} from 'vitest'
import {parseResponseHead} from '../../../../src/proxy/server/fast/parse-head.js'
import {scanRequestHead, type HeadArrays} from '../../../../src/proxy/server/fast/scan-request-head.js'

// A connection lends the same arrays to every head it scans: whatever came before (more lines,
// fewer, a refused or partial head), a scan with them must equal a scan with fresh ones.
const name = fc.constantFrom('Host', 'host', 'Cookie', 'X-A', 'Content-Length', 'Connection', 'Accept', 'x-forwarded-for', 'Te')
const value = fc.constantFrom('h', 'x.localhost', 'a=1', '12', 'close', 'keep-alive, X-A', '', ' 1 ', '\x01', 'a\rb')
const requestHead = fc.tuple(fc.constantFrom('GET', 'POST', 'HEAD'), fc.array(fc.tuple(name, value), {maxLength: 12}), fc.boolean())
  .map(([method, lines, complete]) => `${method} / HTTP/1.1\r\n${lines.map(([n, v]) => `${n}: ${v}\r\n`).join('')}${complete ? '\r\n' : ''}`)

test('scanRequestHead with lent arrays answers as with fresh ones, head after head', () => {
  fc.assert(fc.property(fc.array(requestHead, {minLength: 1, maxLength: 8}), (heads) => {
    const lent: HeadArrays = {raw: [], lower: [], spans: []}
    for (const text of heads) {
      const buf = Buffer.from(text, 'latin1')
      const fresh = scanRequestHead(buf)
      const reused = scanRequestHead(buf, lent)
      expect(reused).toEqual(fresh)
      if (reused.kind === 'head') expect(reused.head.raw).toBe(lent.raw)
    }
  }))
})

const responseLine = fc.constantFrom('Content-Type: text/plain', 'Connection: keep-alive', 'Keep-Alive: timeout=5', 'X-B: 1', 'Content-Length: 3', 'Proxy-Connection: x', 'x-drop: y')
const responseHead = fc.array(responseLine, {maxLength: 10}).map((lines) => `HTTP/1.1 200 OK\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`)

test('parseResponseHead with lent parts answers as with fresh ones, head after head', () => {
  fc.assert(fc.property(fc.array(responseHead, {minLength: 1, maxLength: 8}), fc.boolean(), (heads, dropSome) => {
    const parts: number[] = []
    const drop = dropSome ? new Set(['x-drop']) : undefined
    for (const text of heads) {
      const buf = Buffer.from(text, 'latin1')
      const end = buf.indexOf('\r\n\r\n')
      expect(parseResponseHead(buf, end, drop, '', parts)).toEqual(parseResponseHead(buf, end, drop, ''))
    }
  }))
})

// Methods, versions and common header names are answered with shared strings: they must read as the bytes do.
test('names, methods and versions read as their bytes, whatever their case', () => {
  const word = fc.constantFrom('Host', 'User-Agent', 'Accept', 'Accept-Encoding', 'Accept-Language', 'Connection', 'Content-Length', 'Content-Type', 'Cookie', 'X-Y', 'Hosts', 'Hos')
  const cased = fc.tuple(word, fc.array(fc.boolean(), {minLength: 16, maxLength: 16})).map(([w, up]) => [...w].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join(''))
  const method = fc.constantFrom('GET', 'get', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'GETS', 'PUSH')
  fc.assert(fc.property(method, fc.constantFrom('HTTP/1.1', 'HTTP/1.0'), fc.array(cased, {minLength: 1, maxLength: 6}), (m, version, names) => {
    const r = scanRequestHead(Buffer.from(`${m} / ${version}\r\n${names.map((n, i) => `${n}: v${i}\r\n`).join('')}\r\n`, 'latin1'))
    if (r.kind !== 'head') return // e.g. two Host lines, or none
    expect(r.head.method).toBe(m)
    expect(r.head.http10).toBe(version === 'HTTP/1.0')
    expect(r.head.raw.filter((_, i) => i % 2 === 0)).toEqual(names)
    expect(r.head.lower).toEqual(names.map((n) => n.toLowerCase()))
  }))
})
