// Nomad's Variables endpoints on a real server process over real etcd: list (metadata only),
// read, write with and without check-and-set, purge, 409 conflicts carrying the current
// variable, and a blocking list that wakes on a write.
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {putVariable} from '../../src/store/variables.js'
import {call, startApiCluster, type ApiCluster} from './cluster.js'
import {expectShape} from './shape.js'

let c: ApiCluster
let port: number

beforeAll(async () => {
  c = await startApiCluster({cluster: 'api-vars', servers: [{}], nodes: 0})
  port = c.servers[0]!.port
}, 90_000)

afterAll(async () => {
  await c?.stop()
})

type Var = {Namespace: string; Path: string; CreateIndex: number; ModifyIndex: number; CreateTime: number; ModifyTime: number; Items?: Record<string, string>}

describe('/v1/var and /v1/vars', () => {
  test('PUT creates and returns the variable; GET reads it with its items', async () => {
    const w = await call<Var>(port, '/v1/var/app/db', {method: 'PUT', body: {Path: 'app/db', Items: {user: 'me', pass: 's3cret'}}})
    expect(w.status).toBe(200)
    expectShape(w.body, {Namespace: 'string', Path: 'string', CreateIndex: 'number', ModifyIndex: 'number', CreateTime: 'number', ModifyTime: 'number', Items: 'object'})
    expect(w.body).toMatchObject({Namespace: 'default', Path: 'app/db', Items: {user: 'me', pass: 's3cret'}})
    const r = await call<Var>(port, '/v1/var/app/db')
    expect(r.status).toBe(200)
    expect(r.body).toEqual(w.body)
    expect(Number(r.headers.get('x-nomad-index'))).toBeGreaterThanOrEqual(w.body.ModifyIndex)
  })

  test('GET of a missing variable is 404 "variable not found"', async () => {
    const r = await call(port, '/v1/var/nope/not-here')
    expect(r.status).toBe(404)
    expect(r.text).toBe('variable not found')
  })

  test('list returns metadata only, filtered by prefix, sorted by path', async () => {
    await putVariable(c.store, 'app/cache', {size: '1'})
    await putVariable(c.store, 'other/x', {a: 'b'})
    const all = await call<Var[]>(port, '/v1/vars?prefix=app/')
    expect(all.status).toBe(200)
    expect(all.body.map((v) => v.Path)).toEqual(['app/cache', 'app/db'])
    for (const v of all.body) expect(v.Items).toBeUndefined()
  })

  test('check-and-set: a stale cas answers 409 with the current variable and changes nothing; the right one writes', async () => {
    const cur = (await call<Var>(port, '/v1/var/app/db')).body
    const stale = await call<Var>(port, `/v1/var/app/db?cas=${cur.ModifyIndex - 1}`, {method: 'PUT', body: {Items: {user: 'them'}}})
    expect(stale.status).toBe(409)
    expect(stale.body).toEqual(cur)
    const ok = await call<Var>(port, `/v1/var/app/db?cas=${cur.ModifyIndex}`, {method: 'PUT', body: {Items: {user: 'them'}}})
    expect(ok.status).toBe(200)
    expect(ok.body.Items).toEqual({user: 'them'})
    expect(ok.body.CreateIndex).toBe(cur.CreateIndex)
    expect(ok.body.ModifyIndex).toBeGreaterThan(cur.ModifyIndex)
    const create = await call<Var>(port, '/v1/var/app/db?cas=0', {method: 'PUT', body: {Items: {x: 'y'}}})
    expect(create.status).toBe(409)
    expect(create.body.Items).toEqual({user: 'them'})
  })

  test('bad input is a 400 with the reason: non-string items, a reserved path, a bad cas', async () => {
    expect((await call(port, '/v1/var/app/n', {method: 'PUT', body: {Items: {n: 1}}})).status).toBe(400)
    const reserved = await call(port, '/v1/var/nomad', {method: 'PUT', body: {Items: {a: 'b'}}})
    expect(reserved.status).toBe(400)
    expect(reserved.text).toContain('reserved')
    expect((await call(port, '/v1/var/app/db?cas=x', {method: 'PUT', body: {Items: {a: 'b'}}})).status).toBe(400)
  })

  test('DELETE purges (204); with a stale cas it is a 409 and the variable stays', async () => {
    const cur = (await call<Var>(port, '/v1/var/app/cache')).body
    const stale = await call<Var>(port, `/v1/var/app/cache?cas=${cur.ModifyIndex + 100}`, {method: 'DELETE'})
    expect(stale.status).toBe(409)
    expect((await call(port, '/v1/var/app/cache')).status).toBe(200)
    const del = await call(port, `/v1/var/app/cache?cas=${cur.ModifyIndex}`, {method: 'DELETE'})
    expect(del.status).toBe(204)
    expect((await call(port, '/v1/var/app/cache')).status).toBe(404)
  })

  test('a blocking list wakes when a variable is written', async () => {
    const first = await call<Var[]>(port, '/v1/vars')
    const index = Number(first.headers.get('x-nomad-index'))
    const waiting = call<Var[]>(port, `/v1/vars?index=${index}&wait=20s`)
    await new Promise((r) => setTimeout(r, 200))
    await putVariable(c.store, 'late/one', {k: 'v'})
    const woke = await waiting
    expect(Number(woke.headers.get('x-nomad-index'))).toBeGreaterThan(index)
    expect(woke.body.map((v) => v.Path)).toContain('late/one')
  })
})
