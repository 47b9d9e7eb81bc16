import {describe, expect, test} from 'vitest'
import {toUserErrors} from '../../src/jobspec/hcl-adapter.js'
import {UserErrors} from '../../src/lib/errors.js'

describe('hcl2json errors', () => {
  test('several diagnostics become one located error each', () => {
    const msg = 'parse config: [t.hcl:1,35-2,1: Invalid single-argument block definition; An argument definition on the same line as its containing block creates a single-line block definition. t.hcl:10,40-11,1: Missing newline after argument; An argument definition must end with a newline.]'
    const err = toUserErrors(msg, 't.hcl') as UserErrors
    expect(err.errors.map((e) => [e.message, e.location.line, e.location.column])).toEqual([
      ['t.hcl:1:35: Invalid single-argument block definition; An argument definition on the same line as its containing block creates a single-line block definition.', 1, 35],
      ['t.hcl:10:40: Missing newline after argument; An argument definition must end with a newline.', 10, 40],
    ])
  })
})
