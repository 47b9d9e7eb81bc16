import {describe, expect, test} from 'vitest'
import {parseEnvFile} from '../../../src/client/runner/env-file.js'

// The template engine itself is tested in test/template/.

describe('parseEnvFile', () => {
  test('KEY=VALUE lines, comments, export and quotes', () => {
    const text = '# comment\nA=1\n\nexport B = two words \nC="quoted = yes"\nD=\'single\'\nE=a=b\n'
    expect(parseEnvFile(text)).toEqual({A: '1', B: 'two words', C: 'quoted = yes', D: 'single', E: 'a=b'})
  })

  test('a line without = names the line', () => {
    expect(() => parseEnvFile('A=1\noops')).toThrow('line 2 of the env template is not KEY=VALUE: "oops"')
  })
})
