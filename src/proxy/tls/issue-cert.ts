// Leaf certificates signed by the cluster CA, one per host name, made when first asked for.
// One RSA key serves every leaf of a proxy process; nothing of it is written to disk.
import {generateKeyPairSync, randomBytes} from 'node:crypto'
import net from 'node:net'
import forge from 'node-forge'
import type {LocalCa} from './local-ca.js'

export interface LeafCert {
  key: string
  cert: string
}

const LEAF_DAYS = 397 // the longest validity browsers accept

export class CertIssuer {
  private readonly keyPem: string
  private readonly key: forge.pki.rsa.PrivateKey
  private readonly cache = new Map<string, LeafCert>()

  constructor(private readonly ca: LocalCa) {
    const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048})
    this.keyPem = privateKey.export({type: 'pkcs1', format: 'pem'}).toString()
    this.key = forge.pki.privateKeyFromPem(this.keyPem) as forge.pki.rsa.PrivateKey
  }

  /** A certificate for `names` (host names or IP addresses), the first being its subject. */
  issue(names: readonly string[]): LeafCert {
    const id = names.join(',')
    const hit = this.cache.get(id)
    if (hit) return hit
    const cert = forge.pki.createCertificate()
    cert.publicKey = forge.pki.setRsaPublicKey(this.key.n, this.key.e)
    cert.serialNumber = `01${randomBytes(15).toString('hex')}`
    const now = Date.now()
    cert.validity.notBefore = new Date(now - 60_000)
    cert.validity.notAfter = new Date(now + LEAF_DAYS * 24 * 3600 * 1000)
    cert.setSubject([{name: 'commonName', value: names[0]}])
    cert.setIssuer(this.ca.cert.subject.attributes)
    cert.setExtensions([
      {name: 'basicConstraints', cA: false},
      {name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
      {name: 'extKeyUsage', serverAuth: true},
      {name: 'subjectAltName', altNames: names.map((n) => (net.isIP(n) ? {type: 7, ip: n} : {type: 2, value: n}))},
    ])
    cert.sign(this.ca.key, forge.md.sha256.create())
    const leaf = {key: this.keyPem, cert: `${forge.pki.certificateToPem(cert)}${this.ca.certPem}`}
    if (this.cache.size > 1000) this.cache.clear()
    this.cache.set(id, leaf)
    return leaf
  }
}
