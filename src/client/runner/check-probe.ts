import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import {signalGroup} from '../../drivers/process-group.js'
import {guardGroup, releaseGroup} from '../../drivers/reaper.js'
import type {ResolvedCheck} from './services.js'

// One run of a check. http: the request answers 2xx within the timeout. tcp: a connection
// opens. script: the command exits 0 (run in the task's environment and directory; for a
// docker task inside its container, through the driver's exec).

export interface ProbeResult {
  ok: boolean
  output: string
}

export interface ScriptContext {
  env: Record<string, string>
  cwd: string
  /** The task's own exec (docker tasks: inside the container, as Nomad runs their script checks). */
  exec?: (command: string, args: string[], timeoutMs: number) => Promise<{exitCode: number | null; output: string; timedOut: boolean}>
}

export async function probeCheck(c: ResolvedCheck, script?: ScriptContext): Promise<ProbeResult> {
  switch (c.type) {
    case 'http':
      return probeHttp(c)
    case 'tcp':
      return probeTcp(c)
    case 'script':
      if (!script) return {ok: false, output: `script check "${c.name}" has no task to run in`}
      return probeScript(c, script)
    default:
      return {ok: false, output: `check type "${c.type}" is not supported by zdev (use http, tcp or script)`}
  }
}

// node:http, not fetch: fetch loads undici on a node agent's first check (~30 ms of CPU and
// more of wall time, on the path of `up`) and costs more per request
function probeHttp(c: ResolvedCheck): Promise<ProbeResult> {
  const host = c.address.includes(':') ? `[${c.address}]` : c.address
  const url = `${c.protocol}://${host}:${c.port}${c.path.startsWith('/') ? '' : '/'}${c.path}`
  const headers: Record<string, string[]> = {}
  for (const [k, vs] of Object.entries(c.headers)) headers[k] = [...(headers[k] ?? []), ...vs]
  return new Promise((resolve) => {
    let settled = false
    const finish = (ok: boolean, output: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      req.destroy()
      resolve({ok, output})
    }
    const request = c.protocol === 'https' ? https.request : http.request
    let req: http.ClientRequest
    try {
      req = request(url, {method: c.method, headers, agent: false}, (res) => {
        const status = res.statusCode ?? 0
        res.resume()
        finish(status >= 200 && status < 300, `HTTP ${c.method} ${url}: ${status} ${res.statusMessage ?? ''}`.trimEnd())
      })
    } catch (err) {
      return resolve({ok: false, output: `HTTP ${c.method} ${url}: ${describe(err)}`})
    }
    const timer = setTimeout(() => finish(false, `HTTP ${c.method} ${url}: timed out`), c.timeoutMs)
    req.once('error', (err) => finish(false, `HTTP ${c.method} ${url}: ${describe(err)}`))
    req.end()
  })
}

function probeTcp(c: ResolvedCheck): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const sock = net.connect({host: c.address, port: c.port})
    const finish = (ok: boolean, output: string) => {
      sock.destroy()
      clearTimeout(timer)
      resolve({ok, output})
    }
    const timer = setTimeout(() => finish(false, `TCP connect ${c.address}:${c.port}: timed out after ${c.timeoutMs}ms`), c.timeoutMs)
    sock.once('connect', () => finish(true, `TCP connect ${c.address}:${c.port}: Success`))
    sock.once('error', (err) => finish(false, `TCP connect ${c.address}:${c.port}: ${describe(err)}`))
  })
}

async function probeInTask(c: ResolvedCheck, exec: NonNullable<ScriptContext['exec']>): Promise<ProbeResult> {
  const r = await exec(c.command, c.args, c.timeoutMs)
  if (r.timedOut) return {ok: false, output: `script timed out after ${c.timeoutMs}ms`}
  const out = r.output.trim()
  return {ok: r.exitCode === 0, output: out || `exit code ${r.exitCode}`}
}

async function probeScript(c: ResolvedCheck, ctx: ScriptContext): Promise<ProbeResult> {
  if (ctx.exec) return probeInTask(c, ctx.exec)
  // Its own process group, guarded like a task: a timed-out or orphaned check leaves nothing.
  const {execa} = await import('execa') // ~100 modules: loaded by the first script check, not by every node
  const child = execa(c.command, c.args, {
    env: ctx.env,
    extendEnv: false,
    cwd: ctx.cwd,
    reject: false,
    timeout: c.timeoutMs,
    killSignal: 'SIGKILL',
    detached: true,
    all: true,
    stdin: 'ignore',
    maxBuffer: 64 * 1024,
  })
  const pid = child.pid
  if (pid !== undefined) {
    guardGroup(pid)
    // Background helpers may hold the output pipe open: the check ends with its main process.
    await new Promise((resolve) => child.once('exit', resolve))
    signalGroup(pid, 'SIGKILL')
    releaseGroup(pid)
  }
  const res = await child
  if (res.timedOut) return {ok: false, output: `script timed out after ${c.timeoutMs}ms`}
  const out = String(res.all ?? '').trim()
  if (res.exitCode === undefined) return {ok: false, output: res.shortMessage ?? 'script did not run'}
  return {ok: res.exitCode === 0, output: out || `exit code ${res.exitCode}`}
}

function describe(err: unknown): string {
  const e = err as {name?: string; message?: string; cause?: {code?: string; message?: string}}
  if (e?.name === 'TimeoutError') return 'timed out'
  return e?.cause?.code ?? e?.cause?.message ?? (e as {code?: string})?.code ?? e?.message ?? String(err)
}
