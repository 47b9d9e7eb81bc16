import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs'
import https from 'node:https'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {buildRoutingTable} from '../../../src/proxy/config/build-routing-table.js'
import {startProxy, type ProxyHandle} from '../../../src/proxy/server/start-proxy.js'
import {ensureLocalCa} from '../../../src/proxy/tls/local-ca.js'
import {get, registration, startBackend, type Backend} from '../helpers/backends.js'

const dir = mkdtempSync(path.join(tmpdir(), 'zdev-tls-'))
const tlsDir = path.join(dir, 'tls')

function httpsGet(port: number, host: string, urlPath = '/'): Promise<{status: number; body: string; headers: Record<string, unknown>}> {
  return new Promise((resolve, reject) => {
    const req = https.request({host: '127.0.0.1', port, path: urlPath, servername: host, headers: {host}, ca: readFileSync(path.join(tlsDir, 'ca.crt'))}, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({status: res.statusCode ?? 0, body, headers: res.headers}))
    })
    req.on('error', reject)
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')))
    req.end()
  })
}

describe.each([['fast lane', true], ['node:http lane', false]])('the websecure entry point (%s)', (_lane, fastLane) => {
  let backend: Backend
  let proxy: ProxyHandle
  beforeAll(async () => {
    backend = await startBackend('b')
    proxy = await startProxy({host: '127.0.0.1', port: 0, name: 'tls', fastLane, websecure: {port: 0, tlsDir, cluster: 'demo'}})
    const tags = (name: string, extra: string[]) => [`traefik.http.routers.${name}.rule=Host(\`${name}.localhost\`)`, ...extra]
    proxy.setRoutingTable(buildRoutingTable([
      registration({ID: 's', ServiceName: 'secure', Port: backend.port, Tags: tags('secure', ['traefik.http.routers.secure.tls=true'])}),
      registration({ID: 'p', ServiceName: 'plain', Port: backend.port}),
      registration({ID: 'r', ServiceName: 'redir', Port: backend.port, Tags: [
        ...tags('redir', ['traefik.http.routers.redir.entrypoints=web', 'traefik.http.routers.redir.middlewares=to-https']),
        'traefik.http.routers.redir-secure.rule=Host(`redir.localhost`)', 'traefik.http.routers.redir-secure.tls.certresolver=le',
        'traefik.http.middlewares.to-https.redirectscheme.scheme=https', 'traefik.http.middlewares.to-https.redirectscheme.permanent=true',
      ]}),
    ]))
  })
  afterAll(async () => {
    await proxy.close()
    await backend.close()
  })

  test('a tls=true router answers over HTTPS with a certificate from the cluster CA, X-Forwarded-Proto https', async () => {
    const r = await httpsGet(proxy.websecurePort!, 'secure.localhost', '/x')
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body).headers['x-forwarded-proto']).toBe('https')
  })

  test('routers without TLS are not on websecure, TLS routers are not on web (Traefik)', async () => {
    expect((await httpsGet(proxy.websecurePort!, 'plain.localhost')).status).toBe(404)
    expect((await get(proxy.port, '/', 'secure.localhost')).status).toBe(404)
    expect((await get(proxy.port, '/', 'plain.localhost')).status).toBe(200)
  })

  test('the redirect middleware sends HTTP to the websecure port; the tls.* router serves it', async () => {
    const r = await get(proxy.port, '/a?b=1', 'redir.localhost:8080')
    expect(r.status).toBe(301)
    expect(r.headers.location).toBe(`https://redir.localhost:${proxy.websecurePort}/a?b=1`)
    expect((await httpsGet(proxy.websecurePort!, 'redir.localhost', '/a?b=1')).status).toBe(200)
  })

  test('the probes are refused on TLS as on plain HTTP', async () => {
    const tls = await import('node:tls')
    const answer = await new Promise<string>((resolve) => {
      const s = tls.connect({host: '127.0.0.1', port: proxy.websecurePort!, servername: 'secure.localhost', ca: readFileSync(path.join(tlsDir, 'ca.crt'))}, () => s.write('GET / HTTP/1.1\r\nHost: secure.localhost\r\nX-A: a\nTransfer-Encoding: chunked\r\n\r\n'))
      let data = ''
      s.on('data', (d: Buffer) => (data += d.toString('latin1')))
      s.on('end', () => resolve(data))
      s.on('error', () => resolve(data))
    })
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request')
  })
})

describe('the local CA', () => {
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  test('is kept in the state dir: key 0600, made once, the same certificate on every load', () => {
    const a = ensureLocalCa(tlsDir, 'demo')
    const b = ensureLocalCa(tlsDir, 'demo')
    expect(a.certPem).toBe(b.certPem)
    expect(statSync(path.join(tlsDir, 'ca.pem')).mode & 0o777).toBe(0o600)
    expect(readFileSync(path.join(tlsDir, 'ca.crt'), 'utf8')).toBe(a.certPem)
    expect(readFileSync(path.join(tlsDir, 'ca.crt'), 'utf8')).not.toMatch(/PRIVATE KEY/)
    expect(a.cert.subject.getField('CN').value).toBe('zdev local CA (demo)')
  })

  test('curl --cacert works out of the box', async () => {
    const backend = await startBackend('c')
    const proxy = await startProxy({host: '127.0.0.1', port: 0, name: 'curl', websecure: {port: 0, tlsDir, cluster: 'demo'}})
    try {
      proxy.setRoutingTable(buildRoutingTable([registration({ID: 'c', ServiceName: 'whoami', Port: backend.port, Tags: ['traefik.http.routers.whoami.tls=true']})]))
      // curl resolves *.localhost to loopback by itself; --resolve only pins the address.
      const out = await new Promise<string>((resolve, reject) => {
        execFile('curl', ['-sS', '--max-time', '10', '--cacert', path.join(tlsDir, 'ca.crt'), '--resolve', `whoami.localhost:${proxy.websecurePort}:127.0.0.1`, `https://whoami.localhost:${proxy.websecurePort}/hi`], {encoding: 'utf8'}, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}: ${stderr}`)) : resolve(stdout)))
      })
      expect(JSON.parse(out)).toMatchObject({id: 'c', url: '/hi'})
    } finally {
      await proxy.close()
      await backend.close()
    }
  })
})
