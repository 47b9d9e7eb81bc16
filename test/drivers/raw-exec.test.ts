import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, test} from 'vitest'
import {DriverError, type TaskHandle, type TaskSpec} from '../../src/drivers/driver.js'
import {createExecDriver} from '../../src/drivers/exec.js'
import {createRawExecDriver} from '../../src/drivers/raw-exec.js'
import {freePort} from '../../src/lib/ports.js'
import {alive, killTracked, MemorySink, trackGroup, trackPid, waitFor, waitGone} from '../client/processes.js'

const fixture = (name: string) => join(import.meta.dirname, '..', 'client', 'fixtures', name)
const driver = createRawExecDriver()
const handles: TaskHandle[] = []
let dir = ''

afterEach(async () => {
  killTracked()
  handles.splice(0)
  if (dir) rmSync(dir, {recursive: true, force: true})
  dir = ''
})

function spec(over: Partial<TaskSpec>): TaskSpec & {stdout: MemorySink; stderr: MemorySink} {
  dir ||= mkdtempSync(join(tmpdir(), 'zdev-drv-'))
  return {name: 't', command: 'true', args: [], env: {PATH: process.env.PATH!}, cwd: dir, ...over, stdout: new MemorySink(), stderr: new MemorySink()}
}

async function start(s: TaskSpec): Promise<TaskHandle> {
  const h = await driver.start(s)
  trackGroup(h.pid)
  handles.push(h)
  return h
}

describe('raw_exec driver', () => {
  test('fingerprint', async () => {
    expect(await driver.fingerprint()).toEqual({detected: true, healthy: true, attributes: {'driver.raw_exec': '1'}})
    expect((await createExecDriver().fingerprint()).attributes).toEqual({'driver.exec': '1'})
  })

  test('runs the command with exactly the given env, in the task dir, output to the sinks', async () => {
    const s = spec({command: 'sh', args: ['-c', 'echo "$GREETING from $(pwd)"; echo oops >&2; env | grep -c . ; exit 3'], env: {PATH: process.env.PATH!, GREETING: 'hello'}})
    const h = await start(s)
    expect(await h.wait()).toEqual({exitCode: 3, signal: null})
    const [line, count] = s.stdout.text.trim().split('\n')
    expect(line).toBe(`hello from ${dir}`)
    expect(Number(count)).toBeLessThanOrEqual(4) // PATH, GREETING, PWD and sh's own
    expect(s.stderr.text).toBe('oops\n')
  })

  test('the task leads its own process group', async () => {
    const h = await start(spec({command: 'sleep', args: ['30']}))
    const stat = (await import('node:fs')).readFileSync(`/proc/${h.pid}/stat`, 'utf8')
    const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
    expect(pgid).toBe(h.pid)
    await h.stop('SIGTERM', 1000)
  })

  test('a missing executable is a driver error naming the command', async () => {
    await expect(driver.start(spec({command: 'no-such-binary-zdev'}))).rejects.toThrow(
      new DriverError('raw_exec', 'failed to launch command "no-such-binary-zdev" for task "t": executable file not found in $PATH'),
    )
  })

  test('stop sends kill_signal and the task exits by itself', async () => {
    const port = await freePort()
    const s = spec({command: process.execPath, args: [fixture('listen.mjs'), `127.0.0.1:${port}`]})
    const h = await start(s)
    await waitFor(() => s.stdout.text.includes('listening'), 5000, 'listening')
    await h.stop('SIGTERM', 5000)
    expect(await h.wait()).toEqual({exitCode: 0, signal: null})
    expect(s.stdout.text).toContain('got SIGTERM')
  })

  test('a task ignoring the signal is SIGKILLed after kill_timeout, with its whole group', async () => {
    const port = await freePort()
    const s = spec({command: process.execPath, args: [fixture('listen.mjs'), `127.0.0.1:${port}`], env: {PATH: process.env.PATH!, IGNORE_TERM: '1', SPAWN_CHILD: '1'}})
    const h = await start(s)
    const child = Number((await waitFor(() => /child (\d+)/.exec(s.stdout.text), 5000, 'child pid'))[1])
    trackPid(child)
    await waitFor(() => s.stdout.text.includes('listening'), 5000, 'listening')
    const t0 = Date.now()
    await h.stop('SIGTERM', 400)
    const took = Date.now() - t0
    expect(await h.wait()).toEqual({exitCode: null, signal: 'SIGKILL'})
    expect(s.stdout.text).toContain('ignoring SIGTERM')
    expect(took).toBeGreaterThanOrEqual(390)
    expect(took).toBeLessThan(2000)
    expect(alive(child)).toBe(false)
  })

  test('leftover group members die when the main process exits', async () => {
    const s = spec({command: 'sh', args: ['-c', 'sleep 30 & echo $!']})
    const h = await start(s)
    await h.wait()
    const bg = Number(s.stdout.text.trim())
    trackPid(bg)
    expect(await waitGone(bg, 1000)).toBeGreaterThanOrEqual(0)
  })

  test('stop of an exited task resolves at once', async () => {
    const h = await start(spec({command: 'true'}))
    await h.wait()
    await h.stop('SIGTERM', 5000)
    expect(await h.wait()).toEqual({exitCode: 0, signal: null})
  })
})
