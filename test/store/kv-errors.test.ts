import {describe, expect, test} from 'vitest'
import {describeKvCause, KvUnavailableError} from '../../src/store/kv-errors.js'

describe('describeKvCause: gRPC text never reaches the user', () => {
  test.each([
    ['14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:17301. Resolution note: .', 'no etcd member answered (connection refused by 127.0.0.1:17301)'],
    ['4 DEADLINE_EXCEEDED: Deadline exceeded after 2.001s', 'no answer before the deadline'],
    ['14 UNAVAILABLE: No connection established. Resolution note: .', 'no etcd member is reachable'],
    ['9 FAILED_PRECONDITION: etcdserver: too many requests. Resolution note: .', 'etcdserver: too many requests'],
    ['', 'etcd did not answer'],
  ])('%s', (raw, words) => {
    const out = describeKvCause(new Error(raw))
    expect(out).toBe(words)
    expect(out).not.toMatch(/Resolution note|UNAVAILABLE|DEADLINE_EXCEEDED|^\d+ /)
  })

  test('the user error says what was attempted, in words', () => {
    const e = new KvUnavailableError('read the cluster state', 2000, new Error('14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:9. Resolution note: .'))
    expect(e.message).toBe('The KV quorum did not answer while trying to read the cluster state (within 2000 ms): no etcd member answered (connection refused by 127.0.0.1:9).')
  })
})
