// Fake terminal streams for renderDashboard: a stdout with a fixed size that records writes and
// a stdin the test types into.
import {EventEmitter} from 'node:events'

export class FakeStdout extends EventEmitter {
  readonly writes: string[] = []
  isTTY = false
  constructor(public columns = 80, public rows = 24) {
    super()
  }
  write(data: string): boolean {
    this.writes.push(data)
    return true
  }
  /** The last frame Ink drew, without escape codes, as lines. */
  lastFrameLines(): string[] {
    const frames = this.writes.map(stripAnsi).filter((w) => w.trim() !== '')
    const last = frames.at(-1) ?? ''
    return last.replace(/\n$/, '').split('\n')
  }
}

export class FakeStdin extends EventEmitter {
  isTTY = true
  private data: string | null = null
  type(data: string): void {
    this.data = data
    this.emit('readable')
    this.emit('data', data)
  }
  read(): string | null {
    const d = this.data
    this.data = null
    return d
  }
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

export function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
}

export const KEY = {up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', tab: '\t', shiftTab: '\x1b[Z', enter: '\r', escape: '\x1b'}

/** Poll until `check` passes (it throws until then), or fail with its last error. */
export async function eventually(check: () => void, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    try {
      check()
      return
    } catch (err) {
      if (Date.now() > until) throw err
      await new Promise((r) => setTimeout(r, 10))
    }
  }
}
