import {createKvClient, type KvClient} from '../store/client.js'
import {b64, prefixEnd} from '../store/etcd-json.js'
import type {KvCredentials} from './credentials.js'

const ignoreExists = (err: unknown) => {
  if (!/already exists|already granted/i.test(err instanceof Error ? err.message : String(err))) throw err
}

const call = (c: KvClient, path: string, body: unknown) => c.transport.call(`/v3/auth/${path}`, body)
const addUser = (c: KvClient, name: string, password: string) => call(c, 'user/add', {name, password}).catch(ignoreExists)
const grantRole = (c: KvClient, user: string, role: string) => call(c, 'user/grant', {user, role}).catch(ignoreExists)
const addRole = (c: KvClient, name: string) => call(c, 'role/add', {name}).catch(ignoreExists)
const permitPrefix = (c: KvClient, role: string, prefix: string) => call(c, 'role/grant', {name: role, perm: {permType: 'READWRITE', key: b64(prefix), range_end: b64(prefixEnd(prefix))}})

/**
 * Turn on etcd's authentication for the cluster (idempotent): users root, zdev and task, roles
 * that confine zdev to the platform's prefixes (/zdev/<cluster>/ and its election's) and task to its data/ space, then auth enable. After
 * this an unauthenticated request is refused.
 */
export async function enableKvAuth(endpoints: string[], grant: {platform: string[]; data: string}, creds: KvCredentials, timeoutMs = 5000): Promise<'enabled' | 'already'> {
  const anon = createKvClient(endpoints, {callTimeoutMs: timeoutMs})
  try {
    await anon.range('/zdev-auth-probe')
  } catch (err) {
    anon.close()
    if (/user name is empty|permission denied|authentication|invalid auth token/i.test(err instanceof Error ? err.message : String(err))) return 'already'
    throw err
  }
  try {
    // two rounds of independent calls (each call a round trip through raft), then auth enable:
    // users and roles exist before any grant names them
    await Promise.all([
      addUser(anon, creds.root.username, creds.root.password),
      addUser(anon, creds.zdev.username, creds.zdev.password),
      addUser(anon, creds.task.username, creds.task.password),
      addRole(anon, 'zdev'),
      addRole(anon, 'task'),
    ])
    await Promise.all([
      grantRole(anon, creds.root.username, 'root'),
      ...grant.platform.map((p) => permitPrefix(anon, 'zdev', p)),
      grantRole(anon, creds.zdev.username, 'zdev'),
      permitPrefix(anon, 'task', grant.data),
      grantRole(anon, creds.task.username, 'task'),
    ])
    await call(anon, 'enable', {})
    return 'enabled'
  } finally {
    anon.close()
  }
}
