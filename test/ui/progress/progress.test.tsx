import {describe, expect, test} from 'vitest'
import {EventEmitter} from 'node:events'
import {createProgress} from '../../../src/ui/progress/index.js'
import {render} from 'ink-testing-library'
import {createPlainReporter} from '../../../src/ui/progress/plain.js'
import {applyStepEvent, formatStepLine, type StepRow} from '../../../src/ui/progress/steps.js'
import {ProgressView} from '../../../src/ui/progress/progress-view.js'

describe('plain progress lines (no TTY)', () => {
  test('one line per finished step', () => {
    const out: string[] = []
    const r = createPlainReporter((l) => out.push(l))
    r({name: 'etcd-1', phase: 'running'})
    r({name: 'etcd-1', phase: 'done', ms: 212, detail: 'started'})
    r({name: 'etcd-2', phase: 'skipped', detail: 'already running'})
    r({name: 'kv quorum', phase: 'failed', ms: 20001, detail: 'timeout'})
    expect(out.join('')).toBe('✓ etcd-1 started (212 ms)\n• etcd-2 already running\n✗ kv quorum failed (20001 ms)\n')
  })

  test('events fold into rows by name', () => {
    let rows: StepRow[] = []
    rows = applyStepEvent(rows, {name: 'a', phase: 'running'})
    rows = applyStepEvent(rows, {name: 'b', phase: 'running'})
    rows = applyStepEvent(rows, {name: 'a', phase: 'done', ms: 5, detail: 'started'})
    expect(rows.map(formatStepLine)).toEqual(['✓ a started (5 ms)', '… b'])
  })
})

describe('Ink progress view (TTY)', () => {
  test('spinner while running, then ✓ and the time', async () => {
    let rows: StepRow[] = [{name: 'etcd-1', phase: 'running'}]
    const listeners = new Set<() => void>()
    const source = {rows: () => rows, subscribe: (fn: () => void) => (listeners.add(fn), () => void listeners.delete(fn))}
    const view = render(<ProgressView source={source} title="zdev up demo" />)
    expect(view.lastFrame()).toContain('etcd-1')
    expect(view.lastFrame()).not.toContain('✓')
    rows = [{name: 'etcd-1', phase: 'done', ms: 31, detail: 'started'}, {name: 'kv quorum', phase: 'failed', ms: 9}]
    for (const fn of listeners) fn()
    await new Promise((r) => setTimeout(r, 30))
    expect(view.lastFrame()).toBe('zdev up demo\n✓ etcd-1 started (31 ms)\n✗ kv quorum failed (9 ms)')
    view.unmount()
  })
})

describe('createProgress picks the view and releases the terminal', () => {
  const fakeStdout = (isTTY: boolean) => {
    const s = new EventEmitter() as EventEmitter & {isTTY: boolean; columns: number; rows: number; frames: string[]; write: (x: string) => boolean}
    s.isTTY = isTTY
    s.columns = 100
    s.rows = 40
    s.frames = []
    s.write = (x: string) => (s.frames.push(x), true)
    return s
  }

  test('TTY outside CI: live view; finish() resolves (regression: it used to hang forever)', async () => {
    const out = fakeStdout(true)
    const p = await createProgress({stdout: out as unknown as NodeJS.WriteStream, env: {}})
    p.reporter({name: 'etcd-1', phase: 'running'})
    p.reporter({name: 'etcd-1', phase: 'done', ms: 7, detail: 'started'})
    const done = await Promise.race([p.finish().then(() => 'finished'), new Promise((r) => setTimeout(() => r('hung'), 2000))])
    expect(done).toBe('finished')
    expect(out.frames.join('')).toContain('etcd-1 started')
  })

  test('CI set: plain lines even on a TTY', async () => {
    const out = fakeStdout(true)
    const p = await createProgress({stdout: out as unknown as NodeJS.WriteStream, env: {CI: 'true'}})
    p.reporter({name: 'etcd-1', phase: 'done', ms: 7, detail: 'started'})
    await p.finish()
    expect(out.frames).toEqual(['✓ etcd-1 started (7 ms)\n'])
  })
})
