import {spawn, type ChildProcess} from 'node:child_process'

// Containers die with their node, as process groups do (reaper.ts): one small watchdog per
// agent, told over a pipe which containers the agent started ("+id") and removed ("-id").
// The pipe reaches EOF only when the agent is gone, by any death, SIGKILL included; the
// watchdog then force-removes every container still listed, through the daemon's API, and
// exits. It ignores the signals that stop the agent's process group. Started on the first
// container only, so a node without docker tasks pays nothing.
const SCRIPT = `
const http = require('node:http')
const host = process.argv[1]
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {})
let target
if (host.startsWith('unix://')) target = {socketPath: host.slice(7)}
else { const u = new URL(host.replace(/^tcp:/, 'http:')); target = {host: u.hostname, port: Number(u.port || 2375)} }
const ids = new Set()
let buf = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (d) => {
  buf += d
  let i
  while ((i = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, i)
    buf = buf.slice(i + 1)
    if (line[0] === '+') ids.add(line.slice(1))
    else if (line[0] === '-') ids.delete(line.slice(1))
  }
})
const remove = (id) => new Promise((done) => {
  const req = http.request({...target, method: 'DELETE', path: '/containers/' + id + '?force=true&v=true'}, (res) => { res.resume(); res.on('end', done) })
  req.on('error', done)
  req.setTimeout(15000, () => { req.destroy(); done() })
  req.end()
})
process.stdin.on('end', () => Promise.all([...ids].map(remove)).then(() => process.exit(0)))
`

export class ContainerReaper {
  private child: ChildProcess | null = null
  private readonly guarded = new Set<string>()

  constructor(private readonly host: string) {}

  guard(id: string): void {
    this.guarded.add(id)
    this.ensure().stdin?.write(`+${id}\n`)
  }

  release(id: string): void {
    this.guarded.delete(id)
    if (this.child?.stdin?.writable) this.child.stdin.write(`-${id}\n`)
  }

  pid(): number | undefined {
    return this.child?.pid
  }

  private ensure(): ChildProcess {
    const c = this.child
    if (c && c.exitCode === null && c.signalCode === null) return c
    const child = spawn(process.execPath, ['-e', SCRIPT, this.host], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
      // Not the agent's ZDEV_* labels: `zdev down` would wait on it as a leftover agent.
      env: {PATH: process.env.PATH ?? '/usr/bin:/bin'},
    })
    child.on('error', () => {}) // best effort: containers still run, only unguarded
    child.stdin?.on('error', () => {})
    child.unref()
    ;(child.stdin as unknown as {unref?: () => void}).unref?.()
    const born = Date.now()
    child.once('exit', () => {
      if (this.child === child) this.child = null
      if (this.guarded.size && Date.now() - born > 500) this.ensure()
    })
    this.child = child
    if (this.guarded.size) child.stdin?.write([...this.guarded].map((g) => `+${g}\n`).join(''))
    return child
  }
}
