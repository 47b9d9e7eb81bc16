import {readFileSync, renameSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import type {Platform} from './types.js'

// The platform `up` loaded, as JSON in its state dir, for the agents it starts: each of them
// parsing the YAML again (and loading the YAML parser, ~35 ms of CPU per agent while the machine
// is busiest) would give the same object. An agent takes the copy only while the platform file
// is the one `up` read (same size and modification time); otherwise it loads the file itself.

interface Copy {
  file: string
  size: number
  mtimeMs: number
  platform: Platform
}

const copyFile = (stateDir: string) => path.join(stateDir, 'platform.json')

export function writePlatformCopy(p: Platform): void {
  const st = statSync(p.file)
  const copy: Copy = {file: p.file, size: st.size, mtimeMs: st.mtimeMs, platform: p}
  const f = copyFile(p.stateDir)
  const tmp = `${f}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(copy), {mode: 0o600})
  renameSync(tmp, f)
}

/** The copy of `file` in `stateDir`, when there is one of the file as it is now. */
export function readPlatformCopy(file: string, stateDir: string | undefined): Platform | undefined {
  if (!stateDir) return undefined
  try {
    const copy = JSON.parse(readFileSync(copyFile(stateDir), 'utf8')) as Copy
    const st = statSync(file)
    return copy.file === file && copy.size === st.size && copy.mtimeMs === st.mtimeMs ? copy.platform : undefined
  } catch {
    return undefined
  }
}
