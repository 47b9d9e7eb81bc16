import {Etcd3, Range} from 'etcd3'
import type {KvCredentials} from './credentials.js'

const ignoreExists = (err: unknown) => {
  if (!/already exists|already granted/i.test(err instanceof Error ? err.message : String(err))) throw err
}

/**
 * Turn on etcd's authentication for the cluster (idempotent): users root, zdev and task, roles
 * that confine zdev to the platform's prefixes (/zdev/<cluster>/ and its election's) and task to its data/ space, then auth enable. After
 * this an unauthenticated request is refused.
 */
export async function enableKvAuth(endpoints: string[], grant: {platform: string[]; data: string}, creds: KvCredentials, timeoutMs = 5000): Promise<'enabled' | 'already'> {
  const anon = new Etcd3({hosts: endpoints, dialTimeout: 2000, defaultCallOptions: () => ({deadline: Date.now() + timeoutMs})})
  try {
    await anon.get('/zdev-auth-probe').exec()
  } catch (err) {
    anon.close()
    if (/user name is empty|permission denied|authentication|invalid auth token/i.test(err instanceof Error ? err.message : String(err))) return 'already'
    throw err
  }
  try {
    // three independent chains at once (each a few round trips through raft), then auth enable
    await Promise.all([
      (async () => {
        await anon.user(creds.root.username).create(creds.root.password).catch(ignoreExists)
        await anon.user(creds.root.username).addRole('root').catch(ignoreExists)
      })(),
      (async () => {
        await anon.role('zdev').create().catch(ignoreExists)
        await Promise.all(grant.platform.map((p) => anon.role('zdev').grant({permission: 'Readwrite', range: Range.prefix(p)})))
        await anon.user(creds.zdev.username).create(creds.zdev.password).catch(ignoreExists)
        await anon.user(creds.zdev.username).addRole('zdev').catch(ignoreExists)
      })(),
      (async () => {
        await anon.role('task').create().catch(ignoreExists)
        await anon.role('task').grant({permission: 'Readwrite', range: Range.prefix(grant.data)})
        await anon.user(creds.task.username).create(creds.task.password).catch(ignoreExists)
        await anon.user(creds.task.username).addRole('task').catch(ignoreExists)
      })(),
    ])
    await anon.auth.authEnable()
    return 'enabled'
  } finally {
    anon.close()
  }
}
