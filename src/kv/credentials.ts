import {randomBytes} from 'node:crypto'
import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

// etcd's users for one cluster, kept in <state>/secrets/kv-credentials.json (dir 0700, file 0600):
//   root   etcd's administrator (enables auth, manages users); used only by `up`
//   zdev   the platform: servers, nodes, proxies and the CLI (read/write under /zdev/<cluster>/)
//   task   workloads the platform file grants the KV (`kv: true`): read/write under …/data/ only

export interface KvAuth {
  username: string
  password: string
}

export interface KvCredentials {
  root: KvAuth
  zdev: KvAuth
  task: KvAuth
}

export function kvCredentialsFile(stateDir: string): string {
  return path.join(stateDir, 'secrets', 'kv-credentials.json')
}

export function readKvCredentials(stateDir: string): KvCredentials | undefined {
  return readKvCredentialsFile(kvCredentialsFile(stateDir))
}

export function readKvCredentialsFile(file: string): KvCredentials | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as KvCredentials
  } catch {
    return undefined
  }
}

/** The cluster's credentials, created (random passwords) on first use. */
export function ensureKvCredentials(stateDir: string): KvCredentials {
  const have = readKvCredentials(stateDir)
  if (have) return have
  const pw = () => randomBytes(18).toString('base64url')
  const creds: KvCredentials = {root: {username: 'root', password: pw()}, zdev: {username: 'zdev', password: pw()}, task: {username: 'task', password: pw()}}
  const file = kvCredentialsFile(stateDir)
  mkdirSync(path.dirname(file), {recursive: true, mode: 0o700})
  chmodSync(path.dirname(file), 0o700)
  writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', {mode: 0o600})
  return creds
}
