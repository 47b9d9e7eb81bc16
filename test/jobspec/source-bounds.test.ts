import {describe, expect, test} from 'vitest'
import {parseJobSource} from '../../src/jobspec/index.js'
import {MAX_JOB_FILE_BYTES, MAX_NESTING, checkSourceBounds} from '../../src/jobspec/source-bounds.js'
import {UserError} from '../../src/lib/errors.js'
import {FILE, messagesOf, TASK} from './helpers.js'

// Hostile or broken job files get a located one-paragraph UserError, never a RangeError.

const job = (inner: string) => `job "j" {\n${inner}\n  group "g" {\n${TASK}\n  }\n}\n`
const DEEP = `${FILE}:2:{col}: Nesting too deep; brackets, braces, parentheses and strings nest more than ${MAX_NESTING} levels here (the limit for a job file). Flatten the expression or the data.`

describe('job file bounds', () => {
  test.each([
    ['1,000-deep HCL parentheses', job(`  priority = ${'('.repeat(1000)}1${')'.repeat(1000)}`), 141],
    ['1,000-deep HCL lists', job(`  meta = { a = ${'['.repeat(1000)}${']'.repeat(1000)} }`), 142],
    ['deep parentheses inside an interpolation', job(`  region = "\${${'('.repeat(1000)}1${')'.repeat(1000)}}"`), 140],
  ])('%s', async (_d, src, col) => {
    expect(await messagesOf(src)).toEqual([DEEP.replace('{col}', String(col))])
  })

  test('100,000-deep JSON arrays', async () => {
    const src = `{"Job": {"ID": "j",\n"Meta": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`
    expect(await messagesOf(src)).toEqual([`${FILE}:2:${MAX_NESTING - 2 + 9}: Nesting too deep; brackets, braces, parentheses and strings nest more than ${MAX_NESTING} levels here (the limit for a job file). Flatten the expression or the data.`])
  })

  test('a 1,000-deep -var value for a list variable', async () => {
    const src = `variable "l" {\n  type = list(any)\n}\n${job('  meta = { n = length(var.l) }')}`
    const msgs = await messagesOf(src, {vars: {l: `${'['.repeat(1000)}${']'.repeat(1000)}`}})
    expect(msgs).toHaveLength(1)
    expect(msgs[0]).toMatch(/^job\.nomad\.hcl:1: Invalid value for variable "l"; .*Nesting too deep; brackets, braces, parentheses and strings nest more than 128 levels here/)
  })

  test('nesting at the limit still parses', async () => {
    const j = await parseJobSource(job(`  priority = ${'('.repeat(MAX_NESTING - 2)}7${')'.repeat(MAX_NESTING - 2)}`), FILE)
    expect(j.Priority).toBe(7)
  })

  test('a control character in a label', async () => {
    expect(await messagesOf('job "a\u0001b" {\n  group "g" {\n' + TASK + '\n  }\n}\n')).toEqual([
      `${FILE}:1:7: Invalid character; the control character U+0001 is not allowed in a job file (here inside a string or label). Remove it, or inside a quoted string write it as an escape such as \\u0001.`,
    ])
  })

  test('braces, quotes and brackets inside comments, strings and heredocs do not count', () => {
    const src = job(`  # ((((((( [[[[ {{{{ "\n  // ((((\n  /* ((((( \n ))) */\n  meta = { a = "(((([[[[{{{{", b = <<EOT\n${'('.repeat(500)}\nEOT\n  }`)
    expect(checkSourceBounds(src, FILE, 'hcl')).toBeUndefined()
  })

  test('a file above the size limit', () => {
    const err = checkSourceBounds('#'.repeat(MAX_JOB_FILE_BYTES + 1), FILE, 'hcl')
    expect(err).toBeInstanceOf(UserError)
    expect(err!.message).toBe(`${FILE}: Job file too large; it is ${MAX_JOB_FILE_BYTES + 1} bytes, above the limit of ${MAX_JOB_FILE_BYTES} bytes (4 MiB). Split the job, or move large data into artifacts or template files.`)
  })
})
