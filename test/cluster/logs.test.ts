import {mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import {afterAll, describe, expect, test} from 'vitest'
import {formatTable} from '../../src/cluster/format.js'
import {followLogFrom, readAllLogs} from '../../src/cluster/log-files.js'
import {LineSplitter, compareAllocNames, prefixLine, sourcePrefix, tailText} from '../../src/cluster/log-lines.js'
import {waitFor} from '../support/agents.js'

describe('log lines', () => {
  test('prefix names allocation (and task when several) and node', () => {
    expect(sourcePrefix({allocName: 'web.web[1]', nodeName: 'node-2', task: 'web', showTask: false})).toBe('[web.web[1] node-2]')
    expect(sourcePrefix({allocName: 'web.web[1]', nodeName: 'node-2', task: 'proxy', showTask: true})).toBe('[web.web[1]/proxy node-2]')
  })

  test('colour only when asked, cycling the palette', () => {
    expect(prefixLine('[a node-1]', 'hello', null)).toBe('[a node-1] hello')
    expect(prefixLine('[a node-1]', 'hello', 0)).toBe('\x1b[36m[a node-1]\x1b[0m hello')
    expect(prefixLine('[a node-1]', 'hello', 8)).toBe(prefixLine('[a node-1]', 'hello', 0))
  })

  test('splitter keeps partial lines until complete; CRLF trimmed', () => {
    const s = new LineSplitter()
    expect(s.push('one\ntw')).toEqual(['one'])
    expect(s.push('o\r\nthree')).toEqual(['two'])
    expect(s.flush()).toEqual(['three'])
    expect(s.flush()).toEqual([])
  })

  test('splitter does not break multi-byte characters split across chunks', () => {
    const s = new LineSplitter()
    const b = Buffer.from('héllo\n')
    expect([...s.push(b.subarray(0, 2)), ...s.push(b.subarray(2))]).toEqual(['héllo'])
  })

  test('property: any chunking gives the same lines as the whole text', () => {
    fc.assert(
      fc.property(fc.string({unit: fc.constantFrom('a', 'b', '\n', 'é')}), fc.array(fc.nat(20)), (text, cuts) => {
        const s = new LineSplitter()
        const buf = Buffer.from(text)
        const got: string[] = []
        let pos = 0
        for (const c of cuts) {
          got.push(...s.push(buf.subarray(pos, pos + c)))
          pos += c
        }
        got.push(...s.push(buf.subarray(pos)), ...s.flush())
        const want = text.split('\n')
        if (want.at(-1) === '') want.pop()
        expect(got).toEqual(want)
      }),
    )
  })

  test.each([
    ['fewer lines than asked', 'a\nb\n', 5, 'a\nb\n'],
    ['last two', 'a\nb\nc\n', 2, 'b\nc\n'],
    ['no trailing newline', 'a\nb\nc', 1, 'c'],
    ['zero', 'a\n', 0, ''],
  ])('tail: %s', (_d, text, n, want) => {
    expect(tailText(text, n)).toBe(want)
  })

  test('property: tail is a suffix with at most n lines', () => {
    fc.assert(
      fc.property(fc.string({unit: fc.constantFrom('x', '\n')}), fc.nat(6), (text, n) => {
        const t = tailText(text, n)
        expect(text.endsWith(t)).toBe(true)
        const lines = t === '' ? 0 : t.replace(/\n$/, '').split('\n').length
        expect(lines).toBeLessThanOrEqual(n)
      }),
    )
  })

  test('allocation names sort by index numerically', () => {
    expect(['web.web[10]', 'web.web[2]', 'api.api[0]'].sort(compareAllocNames)).toEqual(['api.api[0]', 'web.web[2]', 'web.web[10]'])
  })

  test('property: table columns line up', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({maxLength: 8, unit: fc.constantFrom('a', 'b', '1')}), fc.string({minLength: 1, maxLength: 8, unit: fc.constantFrom('x', 'y')}), fc.nat(99999)), {minLength: 1, maxLength: 6}), (rows) => {
        const lines = formatTable(['A', 'B', 'C'], rows)
        const col = lines[0]!.indexOf('B')
        rows.forEach((r, i) => expect(lines[i + 1]!.slice(col).startsWith(`${r[1]}  `)).toBe(true))
      }),
    )
  })
})

describe('log files (rotated, on disk)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zdev-logs-'))
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  test('read in index order; follow picks up appends and rotation', async () => {
    const logs = path.join(dir, 'logs')
    mkdirSync(logs)
    writeFileSync(path.join(logs, 'web.stdout.10'), 'c\n')
    writeFileSync(path.join(logs, 'web.stdout.9'), 'a\nb\n')
    writeFileSync(path.join(logs, 'web.stderr.0'), 'err\n')
    const {data, end} = readAllLogs(logs, 'web', 'stdout')
    expect(data.toString()).toBe('a\nb\nc\n')
    expect(end).toEqual({index: 10, offset: 2})
    const ac = new AbortController()
    let got = ''
    const follow = followLogFrom(logs, 'web', 'stdout', end, (b) => (got += b.toString()), {signal: ac.signal, pollMs: 20})
    appendFileSync(path.join(logs, 'web.stdout.10'), 'd\n')
    await waitFor('the appended line', async () => got === 'd\n', 2000, 10)
    writeFileSync(path.join(logs, 'web.stdout.11'), 'e\n')
    await waitFor('the line in the rotated file', async () => got === 'd\ne\n', 2000, 10)
    ac.abort()
    await follow
  })

  test('follow waits for a file that does not exist yet', async () => {
    const logs = path.join(dir, 'later')
    const ac = new AbortController()
    let got = ''
    const follow = followLogFrom(logs, 'api', 'stderr', {index: -1, offset: 0}, (b) => (got += b.toString()), {signal: ac.signal, pollMs: 20})
    await new Promise((r) => setTimeout(r, 50))
    mkdirSync(logs)
    writeFileSync(path.join(logs, 'api.stderr.0'), 'boom\n')
    await waitFor('the first line', async () => got === 'boom\n', 2000, 10)
    ac.abort()
    await follow
  })
})
