import {describe, expect, test} from 'vitest'
import {summarizeQuorum} from '../../src/kv/quorum-status.js'
import type {MemberStatus} from '../../src/kv/member-status.js'

const members = [1, 2, 3].map((i) => ({name: `etcd-${i}`, endpoint: `http://127.0.0.1:${2000 + i}`}))
const up = (i: number, leader: string, term = 4): MemberStatus => ({endpoint: members[i - 1]!.endpoint, reachable: true, id: `a${i}`, leaderId: leader, raftTerm: term, raftIndex: 10, dbSize: 20480, version: '3.4.23'})
const down = (i: number): MemberStatus => ({endpoint: members[i - 1]!.endpoint, reachable: false, error: 'connect ECONNREFUSED'})

describe('summarizeQuorum', () => {
  test.each([
    {why: 'all healthy, agreed leader', answers: [up(1, 'a2'), up(2, 'a2'), up(3, 'a2')], state: 'ok', leader: 'etcd-2', line: 'quorum: ok (3/3 healthy, leader etcd-2, term 4)'},
    {why: 'one down, the others follow a leader', answers: [down(1), up(2, 'a3', 5), up(3, 'a3', 5)], state: 'ok', leader: 'etcd-3', line: 'quorum: ok (2/3 healthy, leader etcd-3, term 5)'},
    {why: 'two down', answers: [down(1), down(2), up(3, '0')], state: 'lost', leader: null, line: 'quorum: LOST (1/3 healthy, 2 needed)'},
    {why: 'two down, the survivor still remembers a leader', answers: [down(1), down(2), up(3, 'a1')], state: 'lost', leader: null, line: 'quorum: LOST (1/3 healthy, 2 needed)'},
    {why: 'majority up but electing', answers: [up(1, '0'), up(2, '0'), down(3)], state: 'electing', leader: null, line: 'quorum: electing (2/3 healthy, no leader yet)'},
    {why: 'split opinions are not a leader', answers: [up(1, 'a1'), up(2, '0'), down(3)], state: 'electing', leader: null, line: 'quorum: electing (2/3 healthy, no leader yet)'},
    {why: 'all down', answers: [down(1), down(2), down(3)], state: 'lost', leader: null, line: 'quorum: LOST (0/3 healthy, 2 needed)'},
  ])('$why', ({answers, state, leader, line}) => {
    const q = summarizeQuorum(members, answers)
    expect(q.state).toBe(state)
    expect(q.leader).toBe(leader)
    expect(q.line).toBe(line)
    expect(q.members.filter((m) => m.leader).map((m) => m.name)).toEqual(leader ? [leader] : [])
  })

  test('member rows carry term, db size and errors', () => {
    const q = summarizeQuorum(members, [up(1, 'a1'), up(2, 'a1'), down(3)])
    expect(q.members[0]).toEqual({name: 'etcd-1', endpoint: 'http://127.0.0.1:2001', healthy: true, leader: true, raftTerm: 4, raftIndex: 10, dbSize: 20480, version: '3.4.23', error: null})
    expect(q.members[2]).toMatchObject({healthy: false, leader: false, raftTerm: null, error: 'connect ECONNREFUSED'})
  })

  test('a single-member cluster is ok with itself as leader', () => {
    const q = summarizeQuorum(members.slice(0, 1), [up(1, 'a1', 2)])
    expect(q.line).toBe('quorum: ok (1/1 healthy, leader etcd-1, term 2)')
  })
})
