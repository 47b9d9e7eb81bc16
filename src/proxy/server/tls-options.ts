import tls from 'node:tls'
import {CertIssuer} from '../tls/issue-cert.js'
import {ensureLocalCa} from '../tls/local-ca.js'
import {hostMatchesWildcard, hostPattern} from '../rules/host-wildcard.js'
import {isValidHost} from './request-target.js'

/**
 * TLS for the websecure entry point: certificates from the cluster's CA, one per name asked for
 * by SNI when the name is a router's host (or matches its Host wildcard) or a `*.localhost` name (curl and OpenSSL refuse a
 * `*.localhost` wildcard, so each name gets its own); anything else gets the localhost one.
 */
/** A router's host names `name`, exactly or by a Host wildcard (*.example.com, **.example.com). */
function namedBy(hosts: ReadonlySet<string>, name: string): boolean {
  if (hosts.has(name)) return true
  for (const h of hosts) {
    if (!h.startsWith('*')) continue
    const p = hostPattern(h)
    if (typeof p !== 'string' && p.kind !== 'exact' && hostMatchesWildcard(name, p.kind, p.suffix)) return true
  }
  return false
}

export function websecureTlsOptions(tlsDir: string, cluster: string, tlsHosts: () => ReadonlySet<string>): tls.TlsOptions {
  const issuer = new CertIssuer(ensureLocalCa(tlsDir, cluster))
  const contexts = new Map<string, tls.SecureContext>()
  const contextFor = (names: string[]): tls.SecureContext => {
    const id = names.join(',')
    let ctx = contexts.get(id)
    if (!ctx) {
      ctx = tls.createSecureContext(issuer.issue(names))
      if (contexts.size > 1000) contexts.clear()
      contexts.set(id, ctx)
    }
    return ctx
  }
  const fallback = ['localhost', '127.0.0.1', '::1']
  const base = issuer.issue(fallback)
  return {
    key: base.key,
    cert: base.cert,
    minVersion: 'TLSv1.2',
    ALPNProtocols: ['http/1.1'],
    SNICallback(servername, cb) {
      const name = servername.toLowerCase()
      const known = isValidHost(name) && !name.includes(':') && !name.includes('*') && (name === 'localhost' || name.endsWith('.localhost') || namedBy(tlsHosts(), name))
      try {
        cb(null, contextFor(known ? [name] : fallback))
      } catch (err) {
        cb(err as Error)
      }
    },
  }
}
