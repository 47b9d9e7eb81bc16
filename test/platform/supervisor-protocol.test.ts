import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {splitLines, supervisorSocket} from '../../src/platform/supervisor-protocol.js'

describe('supervisorSocket', () => {
  test('beside the records when the path fits a socket address, else in a private temp folder', () => {
    expect(supervisorSocket('/p/.zdev/dev', 1000, '/tmp')).toBe('/p/.zdev/dev/supervise/ctl.sock')
    const deep = `/${'d'.repeat(120)}/.zdev/dev`
    const s = supervisorSocket(deep, 1000, '/tmp')
    expect(s).toMatch(/^\/tmp\/zdev-1000\/[0-9a-f]{20}\.sock$/)
    expect(supervisorSocket(deep, 1000, '/tmp')).toBe(s) // the same dir always finds the same socket
    expect(supervisorSocket(`${deep}2`, 1000, '/tmp')).not.toBe(s)
  })

  test('never longer than a socket address holds', () => {
    fc.assert(fc.property(fc.string({minLength: 1, maxLength: 300}), (dir) => {
      expect(Buffer.byteLength(supervisorSocket(`/${dir}`, 0, '/tmp'))).toBeLessThanOrEqual(100)
    }))
  })
})

describe('splitLines', () => {
  test('whole lines parse, the tail waits, garbage and blank lines drop', () => {
    expect(splitLines('', '{"a":1}\n{"b"')).toEqual({lines: [{a: 1}], rest: '{"b"'})
    expect(splitLines('{"b"', ':2}\n\nnot json\n')).toEqual({lines: [{b: 2}], rest: ''})
  })

  test('any chunking of a stream of objects yields the same objects in order', () => {
    fc.assert(fc.property(fc.array(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string()), {maxKeys: 3})), fc.array(fc.nat(), {maxLength: 10}), (objs, cuts) => {
      const text = objs.map((o) => JSON.stringify(o) + '\n').join('')
      const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
      let rest = ''
      const got: unknown[] = []
      let at = 0
      for (const p of [...points, text.length]) {
        const r = splitLines(rest, text.slice(at, p))
        got.push(...r.lines)
        rest = r.rest
        at = p
      }
      expect(got).toEqual(objs)
      expect(rest).toBe('')
    }))
  })
})
