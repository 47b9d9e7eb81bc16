import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {buildRoutingTable} from '../../../src/proxy/config/build-routing-table.js'
import {startProxy, type ProxyHandle} from '../../../src/proxy/server/start-proxy.js'
import {registration} from '../helpers/backends.js'
import {rawExchange, startLenientUpstream, type LenientUpstream} from '../helpers/lenient-upstream.js'
import {strictRequests, type SeenRequest} from '../helpers/strict-requests.js'

// Raw-socket probes as an attacker or a sloppy client sends them, against a real proxy in each lane
// and a lenient upstream that records the bytes it got. A refused probe must be answered at once
// with nginx's status and reach the upstream not at all; an accepted one must reach it as exactly
// one well-formed request.

const H = 'Host: web.localhost\r\n'
const SMUGGLED = 'GET /smuggled HTTP/1.1\r\nHost: web.localhost\r\n\r\n'
const refused: Array<[string, string, number]> = [
  ['every line ends in bare LF', 'GET / HTTP/1.1\nHost: web.localhost\n\n', 400],
  ['bare LF hides a Transfer-Encoding', `POST / HTTP/1.1\r\n${H}X-A: 1\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n${SMUGGLED}`, 400],
  ['bare LF at the end of the head', `GET / HTTP/1.1\r\n${H}\n`, 400],
  ['CR inside a value', `GET / HTTP/1.1\r\n${H}X-A: a\rTransfer-Encoding: chunked\r\n\r\n`, 400],
  ['LF inside a value', `GET / HTTP/1.1\r\n${H}X-A: a\nb\r\n\r\n`, 400],
  ['NUL inside a value', `GET / HTTP/1.1\r\n${H}X-A: a\0b\r\n\r\n`, 400],
  ['NUL inside a name', `GET / HTTP/1.1\r\n${H}X-\0A: b\r\n\r\n`, 400],
  ['space before the colon', `GET / HTTP/1.1\r\n${H}Transfer-Encoding : chunked\r\n\r\n`, 400],
  ['obs-fold', `GET / HTTP/1.1\r\n${H}X-A: a\r\n folded\r\n\r\n`, 400],
  ['two identical Content-Lengths', `POST / HTTP/1.1\r\n${H}Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc`, 400],
  ['two different Content-Lengths', `POST / HTTP/1.1\r\n${H}Content-Length: 3\r\nContent-Length: 30\r\n\r\nabc${SMUGGLED}`, 400],
  ['Content-Length beside Transfer-Encoding', `POST / HTTP/1.1\r\n${H}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`, 400],
  ['a non-numeric Content-Length', `POST / HTTP/1.1\r\n${H}Content-Length: +3\r\n\r\nabc`, 400],
  ['a Transfer-Encoding other than chunked', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`, 501],
  ['two Host headers', `GET / HTTP/1.1\r\n${H}Host: other.localhost\r\n\r\n`, 400],
  ['no Host header', 'GET / HTTP/1.1\r\nX-A: 1\r\n\r\n', 400],
  ['a Host with a slash', 'GET / HTTP/1.1\r\nHost: web.localhost/evil\r\n\r\n', 400],
  ['absolute-form with user information', `GET http://u@web.localhost/ HTTP/1.1\r\n${H}\r\n`, 400],
  ['a 9 KiB request line', `GET /${'a'.repeat(9 * 1024)} HTTP/1.1\r\n${H}\r\n`, 414],
  ['a 20 KiB header', `GET / HTTP/1.1\r\n${H}X-Big: ${'b'.repeat(20 * 1024)}\r\n\r\n`, 431],
  ['a 64 KiB header', `GET / HTTP/1.1\r\n${H}X-Big: ${'b'.repeat(64 * 1024)}\r\n\r\n`, 431],
  ['150 header lines', `GET / HTTP/1.1\r\n${H}${'X-A: 1\r\n'.repeat(150)}\r\n`, 431],
  ['HTTP/2.0 on an HTTP/1 connection', `GET / HTTP/2.0\r\n${H}\r\n`, 505],
  ['CONNECT', `CONNECT web.localhost:443 HTTP/1.1\r\n${H}\r\n`, 405],
]

const accepted: Array<[string, string, (r: SeenRequest) => void]> = [
  ['absolute-form: the URI authority wins over Host', 'GET http://web.localhost/abs?q=1 HTTP/1.1\r\nHost: other.localhost\r\n\r\n', (r) => {
    expect(r.target).toBe('/abs?q=1')
    expect(r.header('host')).toEqual(['web.localhost'])
  }],
  ['Connection: host keeps the Host header', `GET / HTTP/1.1\r\n${H}Connection: host\r\n\r\n`, (r) => {
    expect(r.header('host')).toEqual(['web.localhost'])
  }],
  ['Connection: content-length keeps the framing', `POST / HTTP/1.1\r\n${H}Connection: content-length\r\nContent-Length: 3\r\n\r\nabc`, (r) => {
    expect(r.header('content-length')).toEqual(['3'])
    expect(r.body).toBe('abc')
  }],
  ['headers named by Connection stay behind', `GET / HTTP/1.1\r\n${H}Connection: x-secret, keep-alive\r\nX-Secret: s\r\nX-Kept: k\r\n\r\n`, (r) => {
    expect(r.header('x-secret')).toEqual([])
    expect(r.header('x-kept')).toEqual(['k'])
    expect(r.header('connection').join(',')).not.toMatch(/x-secret/i)
  }],
  ['blank lines before the request line are ignored', `\r\nGET /after-blank HTTP/1.1\r\n${H}\r\n`, (r) => {
    expect(r.target).toBe('/after-blank')
  }],
  ['a tab and obs-text inside a value pass as they are', `GET / HTTP/1.1\r\n${H}X-A: a\tb\xe9\r\n\r\n`, (r) => {
    expect(r.header('x-a')).toEqual(['a\tb\xe9'])
  }],
]

describe.each([['fast lane', true], ['node:http lane', false]])('request probes (%s)', (_lane, fastLane) => {
  let upstream: LenientUpstream
  let proxy: ProxyHandle
  beforeAll(async () => {
    upstream = await startLenientUpstream()
    proxy = await startProxy({host: '127.0.0.1', port: 0, name: 'probe', fastLane})
    proxy.setRoutingTable(buildRoutingTable([registration({ID: 'a', ServiceName: 'web', Port: upstream.port})]))
  })
  afterAll(async () => {
    await proxy.close()
    await upstream.close()
  })

  test.each(refused)('refuses %s', async (_d, bytes, status) => {
    const before = upstream.all().length
    const answer = await rawExchange(proxy.port, bytes)
    expect(answer.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${statusText(status)}`)
    expect(answer).toMatch(/\r\nconnection: close\r\n/i)
    expect(answer).not.toContain('seen ')
    expect(upstream.all().length).toBe(before)
  })

  test.each(accepted)('forwards %s as one well-formed request', async (_d, bytes, check) => {
    const before = upstream.all().length
    const answer = await rawExchange(proxy.port, bytes, /seen \d+$/)
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*seen \d+$/)
    const requests = strictRequests(upstream.all().subarray(before))
    expect(requests).toHaveLength(1)
    check(requests[0])
  })
})

function statusText(status: number): string {
  return {400: 'Bad Request', 405: 'Method Not Allowed', 414: 'URI Too Long', 431: 'Request Header Fields Too Large', 501: 'Not Implemented', 505: 'HTTP Version Not Supported'}[status] ?? ''
}
