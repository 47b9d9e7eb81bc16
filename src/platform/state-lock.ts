import {open, readFile, unlink} from 'node:fs/promises'
import path from 'node:path'
import {UserError} from '../lib/errors.js'
import {isProcessAlive} from './process-alive.js'
import {ensureStateDir} from './state.js'

/**
 * One zdev at a time may change a cluster (two concurrent `up`s would start six etcds).
 * The lock is a file holding the owner's pid; a lock whose owner died is taken over.
 */
export async function withStateLock<T>(stateDir: string, cluster: string, fn: () => Promise<T>): Promise<T> {
  await ensureStateDir(stateDir)
  const file = path.join(stateDir, 'lock')
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await open(file, 'wx')
      await fh.writeFile(String(process.pid))
      await fh.close()
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err
      const owner = Number(await readFile(file, 'utf8').catch(() => '0'))
      if (owner && isProcessAlive(owner)) {
        throw new UserError(`another zdev (pid ${owner}) is changing cluster ${cluster} right now`, {
          code: 'locked',
          hint: `wait for it to finish; if no zdev is running, remove ${file}`,
        })
      }
      await unlink(file).catch(() => undefined) // its owner died: take over
    }
  }
  try {
    return await fn()
  } finally {
    await unlink(file).catch(() => undefined) // gone already after `down --purge`
  }
}
