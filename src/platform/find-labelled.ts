import {readdirSync, readFileSync} from 'node:fs'

export interface LabelledProcess {
  pid: number
  component: string
}

/**
 * Processes carrying this state dir's labels (ZDEV_STATE_DIR in their environment), found through
 * /proc: cleanup finds leftovers even when state.json lost track of them. Linux only; [] elsewhere.
 */
export function findLabelledProcesses(stateDir: string): LabelledProcess[] {
  if (process.platform !== 'linux') return []
  const out: LabelledProcess[] = []
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue
    let env: string[]
    try {
      env = readFileSync(`/proc/${e}/environ`, 'utf8').split('\0')
    } catch {
      continue // not ours to read, or gone
    }
    if (!env.includes(`ZDEV_STATE_DIR=${stateDir}`)) continue
    const comp = env.find((v) => v.startsWith('ZDEV_COMPONENT='))?.slice('ZDEV_COMPONENT='.length) ?? '?'
    out.push({pid: Number(e), component: comp})
  }
  return out
}
