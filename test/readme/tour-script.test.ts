import {readFileSync} from 'node:fs'
import {describe, expect, test} from 'vitest'
import {parseLine, tourCommands} from './tour-script.js'

describe('README tour extraction', () => {
  test('commands between the markers, comments split off, announced exits read', () => {
    const md = ['x', '```sh', 'not-in-tour', '```', '<!-- tour:begin -->', '```sh', 'a --x   # does a', '# only a comment', '', "b 'q # not a comment' # c (exit 3 when down)", '```', 'text', '```yaml', 'k: v', '```', '<!-- tour:end -->', '```sh', 'after', '```'].join('\n')
    expect(tourCommands(md)).toEqual([
      {line: 7, command: 'a --x', comment: 'does a', allowedExits: [0]},
      {line: 10, command: "b 'q # not a comment'", comment: 'c (exit 3 when down)', allowedExits: [0, 3]},
    ])
  })

  test('a README without the markers is an error, not an empty tour', () => {
    expect(() => tourCommands('```sh\nls\n```')).toThrow(/no <!-- tour:begin -->/)
  })

  test('a # inside a word is not a comment', () => {
    expect(parseLine('curl http://x/#frag', 1).command).toBe('curl http://x/#frag')
  })

  test("this repository's README has a tour that starts with up and ends with the cluster down", () => {
    const cmds = tourCommands(readFileSync('README.md', 'utf8')).map((c) => c.command)
    expect(cmds[0]).toMatch(/^npm ci && \.\/bin\/run\.js up /)
    expect(cmds).toContain('./bin/run.js down')
  })
})
