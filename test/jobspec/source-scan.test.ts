import {describe, expect, test} from 'vitest'
import {scanSource} from '../../src/jobspec/source-scan.js'

describe('scanSource', () => {
  test('finds blocks, labels, attribute lines and raw text in source order', () => {
    const src = [
      '# comment with { brace',
      'job "web" {',
      '  datacenters = ["a", // inline } comment',
      '    "b"]',
      '  group "z" {',
      '    task "t" { driver = "exec" }',
      '  }',
      '  group "a" {',
      '    meta = { x = "}" }',
      '    template {',
      '      data = <<EOH',
      '{{ if }} } {',
      'EOH',
      '      destination = "x${"}"}"',
      '    }',
      '  }',
      '}',
    ].join('\n')
    const root = scanSource(src)
    const job = root.blocks[0]!
    expect([job.type, job.labels, job.line]).toEqual(['job', ['web'], 2])
    expect(job.attrs).toEqual({datacenters: 3})
    expect(job.blocks.map((b) => [b.labels[0], b.line])).toEqual([['z', 5], ['a', 8]])
    expect(job.blocks[0]!.blocks[0]!.attrs).toEqual({driver: 6})
    const a = job.blocks[1]!
    expect(a.attrs).toEqual({meta: 9})
    expect(a.blocks[0]!.attrs).toEqual({data: 11, destination: 14})
    expect(a.blocks[0]!.raws.destination).toBe('"x${"}"}"')
  })
})
