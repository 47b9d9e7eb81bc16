import {describe, expect, test} from 'vitest'
import {parsePlatform} from '../../src/platform/load.js'
import {MAX_PLATFORM_BYTES, MAX_YAML_NESTING, checkYamlBounds} from '../../src/platform/yaml-bounds.js'
import {UserError} from '../../src/lib/errors.js'

// A 2,000-deep platform file gets a located error, not "Maximum call stack size exceeded".

const F = 'zdev.yaml'
const deep = (line: number, col: number) => `${F}:${line}:${col}: the YAML nests more than ${MAX_YAML_NESTING} levels here; a platform file needs about 5, check the indentation and brackets`

async function message(text: string): Promise<string> {
  try {
    await parsePlatform(text, F, `/tmp/${F}`)
    return 'no error'
  } catch (err) {
    if (!(err instanceof UserError)) throw err
    return err.message
  }
}

describe('platform file bounds', () => {
  test.each([
    ['2,000-deep flow sequences', `name: demo\nx: ${'['.repeat(2000)}${']'.repeat(2000)}\n`, deep(2, 67)],
    ['2,000-deep block sequences on one line', `name: demo\nx:\n  ${'- '.repeat(2000)}a\n`, deep(3, 127)],
    ['200-deep indentation', `name: demo\n${Array.from({length: 200}, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')}\n`, deep(66, 65)],
  ])('%s', async (_d, text, want) => {
    expect(await message(text)).toBe(want)
  })

  test('brackets in quotes and comments do not count; normal files pass', () => {
    expect(checkYamlBounds(`name: demo # [[[[[[\nrule: "${'['.repeat(200)}"\nnodes:\n  - {name: a, meta: {rack: r1}}\n`, F)).toBeUndefined()
  })

  test('a file above the size limit', () => {
    expect(checkYamlBounds('#'.repeat(MAX_PLATFORM_BYTES + 1), F)?.message).toBe(`${F}: the platform file is ${MAX_PLATFORM_BYTES + 1} bytes, above the limit of ${MAX_PLATFORM_BYTES} (1 MiB); a platform file describes a cluster, keep large data elsewhere`)
  })
})
