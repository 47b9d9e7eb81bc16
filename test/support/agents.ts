import {spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const AGENT = process.env.ZDEV_AGENT_ENTRY ?? path.resolve(import.meta.dirname, '../../dist/agent.js')

export interface AgentProc {
  name: string
  proc: ChildProcess
  logFile: string
  kill(signal?: NodeJS.Signals): Promise<void>
}

/** Real agent processes (from the built dist/agent.js), each in its own process group. */
export class AgentSet {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-e2e-'))
  private readonly procs: AgentProc[] = []

  constructor() {
    if (!fs.existsSync(AGENT)) throw new Error(`${AGENT} is missing: run \`npm run build\` first (npm test does)`)
  }

  start(kind: 'server' | 'node' | 'proxy', name: string, cfg: Record<string, unknown>): AgentProc {
    const logFile = path.join(this.dir, `${name}.log`)
    const fd = fs.openSync(logFile, 'a')
    const proc = spawn(process.execPath, [AGENT, kind, JSON.stringify({name, ...cfg})], {stdio: ['ignore', fd, fd], detached: true})
    fs.closeSync(fd)
    const a: AgentProc = {
      name,
      proc,
      logFile,
      async kill(signal = 'SIGKILL') {
        if (proc.exitCode !== null || proc.signalCode !== null) return
        const exited = new Promise((r) => proc.once('exit', r))
        try {
          process.kill(signal === 'SIGKILL' ? proc.pid! : proc.pid!, signal)
        } catch {
          return
        }
        await exited
      },
    }
    this.procs.push(a)
    return a
  }

  log(name: string): string {
    const a = this.procs.find((p) => p.name === name)
    return a ? fs.readFileSync(a.logFile, 'utf8') : ''
  }

  /** Kill every agent's whole process group (tasks included), then remove the temp dir. */
  async cleanup(): Promise<void> {
    for (const a of this.procs) {
      try {
        process.kill(-a.proc.pid!, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 100))
    fs.rmSync(this.dir, {recursive: true, force: true})
  }
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ''}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
