// The cluster's own certificate authority, kept in the state dir: `ca.pem` (key and certificate,
// 0600) and `ca.crt` (the certificate alone, for `curl --cacert` and trust stores). Several
// proxies start at once: the first to link its `ca.pem` into place wins, the others read it.
import {generateKeyPairSync, randomBytes} from 'node:crypto'
import {chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import forge from 'node-forge'

export interface LocalCa {
  /** Path of the CA certificate (PEM), safe to share. */
  certFile: string
  certPem: string
  cert: forge.pki.Certificate
  key: forge.pki.rsa.PrivateKey
}

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000

/** Load the CA from `dir`, creating it (and `dir`, 0700) when missing. */
export function ensureLocalCa(dir: string, cluster: string): LocalCa {
  mkdirSync(dir, {recursive: true, mode: 0o700})
  const pemFile = path.join(dir, 'ca.pem')
  if (!existsSync(pemFile)) {
    const tmp = path.join(dir, `.ca-${process.pid}-${randomBytes(4).toString('hex')}.pem`)
    writeFileSync(tmp, createCaPem(cluster), {mode: 0o600})
    try {
      linkSync(tmp, pemFile) // atomic create-if-absent: fails when another process was first
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    } finally {
      rmSync(tmp, {force: true})
    }
  }
  chmodSync(pemFile, 0o600)
  const pem = readFileSync(pemFile, 'utf8')
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey
  const certBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)
  if (!certBlock) throw new Error(`${pemFile} holds no certificate; remove it and a new CA is made`)
  const cert = forge.pki.certificateFromPem(certBlock[0])
  const certPem = forge.pki.certificateToPem(cert)
  const certFile = path.join(dir, 'ca.crt')
  if (!existsSync(certFile) || readFileSync(certFile, 'utf8') !== certPem) {
    const tmp = `${certFile}.${process.pid}.tmp`
    writeFileSync(tmp, certPem, {mode: 0o644})
    renameSync(tmp, certFile)
  }
  return {certFile, certPem, cert, key}
}

function createCaPem(cluster: string): string {
  const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048})
  const keyPem = privateKey.export({type: 'pkcs1', format: 'pem'}).toString()
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey
  const pub = forge.pki.setRsaPublicKey(key.n, key.e)
  const cert = forge.pki.createCertificate()
  cert.publicKey = pub
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`
  const now = Date.now()
  cert.validity.notBefore = new Date(now - 60_000)
  cert.validity.notAfter = new Date(now + TEN_YEARS_MS)
  const subject = [{name: 'commonName', value: `zdev local CA (${cluster})`}, {name: 'organizationName', value: 'zdev'}]
  cert.setSubject(subject)
  cert.setIssuer(subject)
  cert.setExtensions([
    {name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true},
    {name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
    {name: 'subjectKeyIdentifier'},
  ])
  cert.sign(key, forge.md.sha256.create())
  return `${keyPem.trim()}\n${forge.pki.certificateToPem(cert)}`
}
