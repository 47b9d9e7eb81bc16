import {describe, expect, test} from 'vitest'
import type {ComponentStatus, PlatformStatus} from '../../src/platform/status.js'
import {formatStatus} from '../../src/ui/progress/format-status.js'

// `zdev status` text: a server whose HTTP API could not listen is a `problem:` line, never silent.
const comp = (c: Partial<ComponentStatus>): ComponentStatus => ({
  name: 'x', kind: 'etcd', pid: 1, alive: true, endpoints: [], ports: {}, healthy: true, leader: false, raftTerm: 2, dbSize: 1, restarts: 0, lastExit: null, ...c,
})
const status = (server: Partial<ComponentStatus>): PlatformStatus => ({
  cluster: 'c', stateDir: '/s', known: true, orphans: [], summary: null,
  quorum: {state: 'ok', healthy: 1, total: 1, leader: 'etcd-1', line: 'quorum: ok (1/1 healthy, leader etcd-1, term 2)'} as PlatformStatus['quorum'],
  components: [comp({name: 'etcd-1', endpoints: ['http://127.0.0.1:12000']}), comp({name: 'server-1', kind: 'server', healthy: null, leader: null, raftTerm: null, dbSize: null, ...server})],
})

describe('status and the HTTP API', () => {
  test('the server row shows the address bound; no problem line', () => {
    const out = formatStatus(status({endpoints: ['http://127.0.0.1:15123']}))
    expect(out).toMatch(/\nserver-1 +server +1 +yes .*http:\/\/127\.0\.0\.1:15123\n/)
    expect(out).not.toContain('problem:')
  })

  test('an API that could not listen: a problem line naming the server and the reason', () => {
    const out = formatStatus(status({endpoints: [], problem: 'HTTP API not listening: cannot listen on 127.0.0.1: ports 4646 are all in use'}))
    expect(out).toContain('\nproblem: server-1: HTTP API not listening: cannot listen on 127.0.0.1: ports 4646 are all in use\n')
  })
})
