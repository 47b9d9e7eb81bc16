import {link, readFile, rename, unlink, writeFile} from 'node:fs/promises'
import {randomBytes} from 'node:crypto'
import path from 'node:path'
import {UserError} from '../lib/errors.js'
import {isProcessAlive} from './process-alive.js'
import {ensureStateDir} from './state.js'

const ownerOf = async (file: string): Promise<number> => Number(await readFile(file, 'utf8').catch(() => '0')) || 0

/**
 * One zdev at a time may change a cluster (two concurrent `up`s would start six etcds).
 * The lock is a file holding the owner's pid, created whole (a pid file hard-linked into place),
 * so no other zdev ever reads it empty; a lock whose owner died is taken over.
 */
export async function withStateLock<T>(stateDir: string, cluster: string, fn: () => Promise<T>): Promise<T> {
  await ensureStateDir(stateDir)
  const file = path.join(stateDir, 'lock')
  const mine = path.join(stateDir, `lock.${process.pid}.${randomBytes(4).toString('hex')}`)
  await writeFile(mine, String(process.pid))
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(mine, file)
        break
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err
        const owner = await ownerOf(file)
        if (owner && isProcessAlive(owner)) {
          throw new UserError(`another zdev (pid ${owner}) is changing cluster ${cluster} right now`, {
            code: 'locked',
            hint: `wait for it to finish; if no zdev is running, remove ${file}`,
          })
        }
        await takeOver(file, owner)
      }
    }
  } finally {
    await unlink(mine).catch(() => undefined)
  }
  try {
    return await fn()
  } finally {
    await unlink(file).catch(() => undefined) // gone already after `down --purge`
  }
}

/**
 * Remove a dead owner's lock. Moved aside first (atomic), then checked: if another zdev took it
 * over between our read and the move, its lock goes back in place and our next attempt sees it.
 */
async function takeOver(file: string, deadOwner: number): Promise<void> {
  const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`
  try {
    await rename(file, aside)
  } catch {
    return // gone already: someone else removed it
  }
  const moved = await ownerOf(aside)
  if (moved !== deadOwner && moved && isProcessAlive(moved)) await link(aside, file).catch(() => undefined)
  await unlink(aside).catch(() => undefined)
}
