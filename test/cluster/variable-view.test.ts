import {describe, expect, test} from 'vitest'
import {parseItemArgs, putMessage, renderVariable, renderVariableList} from '../../src/cluster/variable-view.js'

const v = {Namespace: 'default', Path: 'nomad/jobs/web', CreateIndex: 2, ModifyIndex: 5, CreateTime: Date.UTC(2026, 0, 2, 3, 4, 5) * 1e6, ModifyTime: Date.UTC(2026, 0, 3) * 1e6, Items: {user: 'admin', password: 's'}}

describe('zdev var input and output', () => {
  test('key=value items; key=@file reads the file; = inside values is kept', () => {
    expect(parseItemArgs(['a=1', 'b=x=y', 'c=@f.txt'], (p) => `<${p}>`)).toEqual({a: '1', b: 'x=y', c: '<f.txt>'})
  })

  test('an item without = is a clear error', () => {
    expect(() => parseItemArgs(['oops'])).toThrow('Item "oops" is not key=value.')
  })

  test('get prints metadata then items, sorted, = aligned', () => {
    expect(renderVariable(v)).toEqual([
      'Namespace   = default', 'Path        = nomad/jobs/web', 'Create Time = 2026-01-02T03:04:05Z', 'Check Index = 5', '', 'Items', 'password = s', 'user     = admin',
    ])
  })

  test('list prints a table, or says nothing matched', () => {
    expect(renderVariableList([v])).toEqual(['Namespace  Path            Last Updated', 'default    nomad/jobs/web  2026-01-03T00:00:00Z'])
    expect(renderVariableList([])).toEqual(['No matching variables found'])
  })

  test('put says created or updated', () => {
    expect(putMessage({...v, CreateIndex: 5})).toBe('✓ Created variable "nomad/jobs/web" with modify index 5')
    expect(putMessage(v)).toBe('✓ Updated variable "nomad/jobs/web" with modify index 5')
  })
})
