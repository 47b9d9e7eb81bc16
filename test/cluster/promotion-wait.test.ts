import {describe, expect, test} from 'vitest'
import {deploymentBlockedOnPromotion, groupsAwaitingPromotion, promotionMessage} from '../../src/cluster/promotion-wait.js'
import type {Allocation, Deployment, DeploymentState} from '../../src/model/index.js'

const group = (over: Partial<DeploymentState> = {}): DeploymentState => ({
  AutoRevert: false, AutoPromote: false, ProgressDeadline: 6e11, RequireProgressBy: null, Promoted: false,
  PlacedCanaries: ['c1'], DesiredCanaries: 1, DesiredTotal: 3, PlacedAllocs: 1, HealthyAllocs: 1, UnhealthyAllocs: 0, ...over,
})
const dep = (groups: Record<string, DeploymentState>, status: Deployment['Status'] = 'running'): Deployment => ({
  ID: 'd1234567-aaaa', Namespace: 'default', JobID: 'web', JobVersion: 1, Status: status, StatusDescription: '', TaskGroups: groups, CreateTime: 0, ModifyTime: 0,
})
const alloc = (id: string, healthy: boolean | null): Allocation => ({ID: id, DeploymentStatus: healthy === null ? null : {Healthy: healthy}} as unknown as Allocation)

describe('a deployment waiting for manual promotion', () => {
  test('all canaries placed and healthy, manual promotion: waiting', () => {
    const d = dep({web: group()})
    expect(groupsAwaitingPromotion(d, [alloc('c1', true)])).toEqual(['web'])
    expect(deploymentBlockedOnPromotion(d, [alloc('c1', true)])).toBe(true)
  })

  test.each([
    ['a canary not healthy yet', group(), [alloc('c1', null)]],
    ['a canary unhealthy', group(), [alloc('c1', false)]],
    ['canaries not all placed', group({DesiredCanaries: 2}), [alloc('c1', true)]],
    ['auto_promote: the server promotes by itself', group({AutoPromote: true}), [alloc('c1', true)]],
    ['already promoted', group({Promoted: true}), [alloc('c1', true)]],
    ['no canaries', group({DesiredCanaries: 0, PlacedCanaries: []}), []],
  ])('not waiting: %s', (_why, g, allocs) => {
    expect(groupsAwaitingPromotion(dep({web: g}), allocs)).toEqual([])
    expect(deploymentBlockedOnPromotion(dep({web: g}), allocs)).toBe(false)
  })

  test('a finished deployment never waits', () => {
    expect(groupsAwaitingPromotion(dep({web: group()}, 'failed'), [alloc('c1', true)])).toEqual([])
  })

  test('another group still rolling: not blocked yet; once it is healthy: blocked', () => {
    const rolling = group({DesiredCanaries: 0, PlacedCanaries: [], HealthyAllocs: 1, DesiredTotal: 2})
    expect(deploymentBlockedOnPromotion(dep({web: group(), api: rolling}), [alloc('c1', true)])).toBe(false)
    expect(deploymentBlockedOnPromotion(dep({web: group(), api: {...rolling, HealthyAllocs: 2}}), [alloc('c1', true)])).toBe(true)
  })

  test('the message names the groups and the commands that promote or fail', () => {
    expect(promotionMessage('d1234567-aaaa', ['web'], './bin/run.js')).toBe(
      'Deployment "d1234567" waits for promotion: the canaries of web are healthy. Promote them with `./bin/run.js deployment promote d1234567` (the rollout then continues), or roll back with `./bin/run.js deployment fail d1234567`.',
    )
  })
})
