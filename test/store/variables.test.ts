import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {Store} from '../../src/store/store.js'
import {identityPaths, itemsError, mayRead, pathError} from '../../src/store/variable-rules.js'
import {getVariable, listVariables, purgeVariable, putVariable} from '../../src/store/variables.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'

// Nomad Variables on a real etcd: path rules from Nomad's structs.validatePath, check-and-set
// as `nomad var put/purge -check-index` behaves, workload identity paths from Nomad's docs.

describe('variable rules', () => {
  test.each([
    ['nomad/jobs/web', null],
    ['nomad/jobs', null],
    ['app/db-creds_v2~x', null],
    ['nomad/job-templates/t', null],
    ['', 'variable requires path'],
    ['bad path!', 'invalid path "bad path!"'],
    ['a'.repeat(129), `invalid path "${'a'.repeat(129)}"`],
    ['nomad', '"nomad" is a reserved top-level directory path, but you may write variables to "nomad/jobs", "nomad/job-templates", or below'],
    ['nomad/job-templates', '"nomad/job-templates" is a reserved directory path, but you may write variables at the level below it, for example, "nomad/job-templates/template-name"'],
    ['nomad/other', 'only paths at "nomad/jobs" or "nomad/job-templates" and below are valid paths under the top-level "nomad" directory'],
  ])('path %j', (path, want) => {
    expect(pathError(path)).toBe(want)
  })

  test('items: at least one, 64 KiB in total', () => {
    expect(itemsError({})).toBe('empty variables are invalid')
    expect(itemsError({k: 'x'.repeat(64 * 1024)})).toBe('variables are limited to 64KiB in total size')
    expect(itemsError({k: 'v'})).toBeNull()
  })

  test('a task reads exactly its job, group and task paths, in its namespace', () => {
    const id = {namespace: 'default', job: 'web', group: 'g', task: 't'}
    expect(identityPaths(id)).toEqual(['nomad/jobs', 'nomad/jobs/web', 'nomad/jobs/web/g', 'nomad/jobs/web/g/t'])
    expect(mayRead(id, 'default', 'nomad/jobs/web/g')).toBe(true)
    expect(mayRead(id, 'default', 'nomad/jobs/web/other')).toBe(false)
    expect(mayRead(id, 'default', 'nomad/jobs/web2')).toBe(false)
    expect(mayRead(id, 'prod', 'nomad/jobs/web')).toBe(false)
    expect(mayRead(id, 'default', 'app/config')).toBe(false)
  })
})

describe('variables in the KV', () => {
  let etcd: TestEtcd
  let store: Store
  beforeAll(async () => {
    etcd = await startTestEtcd()
    store = Store.connect(etcd.endpoints, 'vars')
  })
  afterAll(async () => {
    store?.close()
    await etcd?.stop()
  })

  test('put, get, update keeps the create index and time, list, purge', async () => {
    let t = 1000
    const a = await putVariable(store, 'nomad/jobs/web', {user: 'admin'}, {now: () => t})
    expect(a).toMatchObject({Namespace: 'default', Path: 'nomad/jobs/web', Items: {user: 'admin'}, CreateTime: 1000e6, ModifyTime: 1000e6})
    expect(a.CreateIndex).toBe(a.ModifyIndex)
    t = 2000
    const b = await putVariable(store, 'nomad/jobs/web', {user: 'root', password: 'x'}, {now: () => t})
    expect(b.Items).toEqual({user: 'root', password: 'x'})
    expect(b.CreateIndex).toBe(a.CreateIndex)
    expect(b.ModifyIndex).toBeGreaterThan(a.ModifyIndex)
    expect([b.CreateTime, b.ModifyTime]).toEqual([1000e6, 2000e6])
    await putVariable(store, 'nomad/jobs/web/g', {k: 'v'})
    await putVariable(store, 'other/x', {k: 'v'}, {namespace: 'prod'})
    expect((await listVariables(store, 'nomad/jobs')).map((v) => v.Path)).toEqual(['nomad/jobs/web', 'nomad/jobs/web/g'])
    expect((await listVariables(store, '', '*')).map((v) => `${v.Namespace}:${v.Path}`)).toEqual(['default:nomad/jobs/web', 'default:nomad/jobs/web/g', 'prod:other/x'])
    expect(await purgeVariable(store, 'nomad/jobs/web/g')).toBe(true)
    expect(await getVariable(store, 'nomad/jobs/web/g')).toBeNull()
    expect(await purgeVariable(store, 'nomad/jobs/web/g')).toBe(false)
  })

  test('check-and-set: 0 creates only, N updates only at index N', async () => {
    const v = await putVariable(store, 'cas/x', {a: '1'}, {checkIndex: 0})
    await expect(putVariable(store, 'cas/x', {a: '2'}, {checkIndex: 0})).rejects.toThrow(`Check-and-Set conflict on variable "cas/x": check-index 0 does not match the current index ${v.ModifyIndex}.`)
    const w = await putVariable(store, 'cas/x', {a: '2'}, {checkIndex: v.ModifyIndex})
    expect(w.Items).toEqual({a: '2'})
    await expect(putVariable(store, 'cas/x', {a: '3'}, {checkIndex: v.ModifyIndex})).rejects.toThrow('Check-and-Set conflict')
    await expect(purgeVariable(store, 'cas/x', {checkIndex: v.ModifyIndex})).rejects.toThrow('Check-and-Set conflict')
    expect(await purgeVariable(store, 'cas/x', {checkIndex: w.ModifyIndex})).toBe(true)
    await expect(putVariable(store, 'cas/y', {a: '1'}, {checkIndex: 5})).rejects.toThrow('check-index 5 does not match the current index 0 (the variable does not exist)')
  })

  test('invalid paths and empty items are refused before anything is written', async () => {
    await expect(putVariable(store, 'nomad/secret', {a: '1'})).rejects.toThrow('Variable "nomad/secret" is not valid: only paths at "nomad/jobs"')
    await expect(putVariable(store, 'ok/path', {})).rejects.toThrow('Variable "ok/path" is not valid: empty variables are invalid.')
    expect(await getVariable(store, 'ok/path')).toBeNull()
  })
})
