import {execFile} from 'node:child_process'

// change_mode = "script": run the change_script's command in the task's directory and
// environment, bounded by its timeout (Nomad's default 5s).

export interface ChangeScript {
  command: string
  args: string[]
  timeoutMs: number
  failOnError: boolean
}

/** The decoded change_script block (API names, HCL names, or a duration string for the timeout). */
export function changeScriptOf(raw: unknown): ChangeScript | null {
  if (!raw || typeof raw !== 'object') return null
  const r = raw as Record<string, unknown>
  const command = r.Command ?? r.command
  if (typeof command !== 'string' || !command) return null
  const args = (r.Args ?? r.args ?? []) as unknown[]
  const t = r.Timeout ?? r.timeout
  const timeoutMs = typeof t === 'number' ? Math.round(t / 1e6) : typeof t === 'string' ? parseSeconds(t) : 5000
  return {command, args: args.map(String), timeoutMs, failOnError: (r.FailOnError ?? r.fail_on_error) === true}
}

function parseSeconds(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(s.trim())
  if (!m) return 5000
  return Number(m[1]) * {ms: 1, s: 1000, m: 60_000, h: 3_600_000}[m[2] as 'ms']
}

/** Resolves with null on success, or the failure's message. */
export function runChangeScript(s: ChangeScript, cwd: string, env: Record<string, string>): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(s.command, s.args, {cwd, env, timeout: s.timeoutMs, killSignal: 'SIGKILL'}, (err, _out, stderr) => {
      if (!err) return resolve(null)
      const e = err as NodeJS.ErrnoException & {killed?: boolean; code?: number | string}
      if (e.killed) return resolve(`change script timed out after ${s.timeoutMs} ms`)
      resolve(`change script failed: ${typeof e.code === 'number' ? `exit code ${e.code}` : e.message}${stderr ? `: ${stderr.trim().slice(0, 200)}` : ''}`)
    })
  })
}
