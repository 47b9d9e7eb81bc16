import {describe, expect, test} from 'vitest'
import {EvalQueue} from '../../src/server/eval-queue.js'
import type {Evaluation} from '../../src/model/index.js'

const ev = (ID: string, JobID: string, over: Partial<Evaluation> = {}): Evaluation => ({
  ID, JobID, Namespace: 'default', Priority: 50, Type: 'service', TriggeredBy: 'job-register', Status: 'pending',
  StatusDescription: '', WaitUntil: null, FailedTGAllocs: null, CreateTime: 0, ...over,
})

describe('EvalQueue', () => {
  test('higher priority first, then oldest', () => {
    const q = new EvalQueue()
    q.push(ev('a', 'j1', {CreateTime: 2}))
    q.push(ev('b', 'j2', {CreateTime: 1}))
    q.push(ev('c', 'j3', {Priority: 80, CreateTime: 3}))
    expect([q.take(0)!.ev.ID, q.take(0)!.ev.ID, q.take(0)!.ev.ID, q.take(0)]).toEqual(['c', 'b', 'a', null])
  })

  test('one run per job: other ready evals of the job are superseded', () => {
    const q = new EvalQueue()
    q.push(ev('a', 'j', {CreateTime: 1}))
    q.push(ev('b', 'j', {CreateTime: 2}))
    const t = q.take(0)!
    expect([t.ev.ID, t.superseded.map((e) => e.ID)]).toEqual(['a', ['b']])
    expect(q.size()).toBe(0)
  })

  test('delayed evals wait until their time and report the wake-up time', () => {
    const q = new EvalQueue()
    q.push(ev('late', 'j', {WaitUntil: 1000}))
    expect(q.take(999)).toBeNull()
    expect(q.nextWake(999)).toBe(1000)
    expect(q.take(1000)!.ev.ID).toBe('late')
    expect(q.nextWake(1000)).toBeNull()
  })

  test('a delayed eval stays queued when a ready one of the same job runs', () => {
    const q = new EvalQueue()
    q.push(ev('now', 'j'))
    q.push(ev('later', 'j', {WaitUntil: 500}))
    expect(q.take(0)!.superseded).toEqual([])
    expect(q.hasPendingFor('j')).toBe(true)
    q.remove('later')
    expect(q.size()).toBe(0)
  })

  test('pushing the same eval twice keeps one', () => {
    const q = new EvalQueue()
    q.push(ev('a', 'j'))
    q.push(ev('a', 'j'))
    expect(q.size()).toBe(1)
  })
})
