import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {parseJobSource} from '../../src/jobspec/index.js'
import {UserError} from '../../src/lib/errors.js'
import {messagesOf} from './helpers.js'

// API JSON input: {"Job": {…}} or the bare job, as `nomad job run -json` takes it.

const JOB = {ID: 'api', TaskGroups: [{Name: 'g', Tasks: [{Name: 't', Driver: 'exec', Config: {command: 'true'}}]}]}

describe('API JSON', () => {
  test.each([
    ['wrapped in {"Job": …}', JSON.stringify({Job: JOB})],
    ['bare', JSON.stringify(JOB)],
  ])('%s', async (_d, src) => {
    const j = await parseJobSource(src, 'api.json')
    expect([j.ID, j.Name, j.Type, j.TaskGroups[0]!.Tasks[0]!.Config, j.TaskGroups[0]!.Tasks[0]!.Resources.CPU]).toEqual(['api', 'api', 'service', {command: 'true'}, 100])
  })

  test.each([
    ['invalid JSON, with its line', '{"Job": {\n  "ID": "x",\n  oops\n}}', ['api.json:3: Invalid JSON; Expected double-quoted property name in JSON at position 25. Check the file is a Nomad job in API JSON ({"Job": {…}}) or HCL2.']],
    ['no job fields', '{"foo": 1}', ['api.json: Invalid job JSON; no ID, Name or TaskGroups found. Check the file is a Nomad job in API JSON.']],
    ['a count that is a string', JSON.stringify({Job: {...JOB, TaskGroups: [{...JOB.TaskGroups[0], Count: '3'}]}}), ['api.json: Invalid job JSON; TaskGroups[0].Count must be a number, got "3".']],
    ['tasks that are not a list', JSON.stringify({Job: {...JOB, TaskGroups: [{Name: 'g', Tasks: {}}]}}), ['api.json: Invalid job JSON; TaskGroups[0].Tasks must be a array, got {}.']],
  ])('%s', async (_d, src, want) => {
    expect(await messagesOf(src, {}, 'api.json')).toEqual(want)
  })

  test('any JSON object gives a job or a UserError, never a crash', async () => {
    const leaf = fc.oneof(fc.string({maxLength: 5}), fc.integer(), fc.boolean(), fc.constant(null))
    const value = fc.letrec((tie) => ({v: fc.oneof({depthSize: 'small'}, leaf, fc.array(tie('v'), {maxLength: 3}), fc.dictionary(fc.constantFrom('Name', 'Tasks', 'Count', 'Driver', 'Networks', 'Services', 'Resources', 'x'), tie('v'), {maxKeys: 4}))})).v
    const job = fc.record({ID: fc.oneof(fc.constant('j'), leaf), TaskGroups: fc.oneof(fc.array(value, {maxLength: 3}), value)}, {requiredKeys: ['ID']})
    await fc.assert(
      fc.asyncProperty(job, async (j) => {
        try {
          await parseJobSource(JSON.stringify({Job: j}), 'fuzz.json')
        } catch (err) {
          expect(err).toBeInstanceOf(UserError)
        }
      }),
      {numRuns: 300},
    )
  })
})
