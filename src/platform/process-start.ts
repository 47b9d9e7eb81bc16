import {spawn} from 'node:child_process'
import {closeSync, mkdirSync, openSync} from 'node:fs'
import path from 'node:path'
import {UserError} from '../lib/errors.js'
import type {ProcessSpec} from './spec.js'

/**
 * Start `spec` detached in its own process group (so `down` can signal the whole group), with
 * stdout/stderr appended to its log file. The process outlives zdev.
 */
export async function startProcess(spec: ProcessSpec): Promise<number> {
  mkdirSync(path.dirname(spec.logFile), {recursive: true})
  mkdirSync(spec.cwd, {recursive: true})
  if (spec.dataDir) mkdirSync(spec.dataDir, {recursive: true, mode: 0o700})
  const fd = openSync(spec.logFile, 'a')
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: {...process.env, ...spec.env},
      detached: true,
      stdio: ['ignore', fd, fd],
    })
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject)
      child.once('spawn', () => resolve(child.pid!))
    })
    child.unref()
    return pid
  } catch (err) {
    throw new UserError(`could not start ${spec.name} (${spec.command}): ${(err as Error).message}`, {code: 'spawn_failed', cause: err})
  } finally {
    closeSync(fd)
  }
}
