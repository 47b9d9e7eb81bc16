import {describe, expect, test} from 'vitest'
import {readMemberStatus} from '../../src/kv/member-status.js'
import {waitForQuorum} from '../../src/kv/wait-quorum.js'
import {freePort} from '../../src/lib/ports.js'

// Nothing listens on these ports: every call must give up within its bound.
describe('calls to absent members are bounded', () => {
  test('member status answers "unreachable" within its deadline', async () => {
    const port = await freePort()
    const t0 = performance.now()
    const s = await readMemberStatus(`http://127.0.0.1:${port}`, 300)
    expect(s.reachable).toBe(false)
    expect(s.error).toBeTruthy()
    expect(performance.now() - t0).toBeLessThan(1500)
  })

  test('waitForQuorum times out with the members that never became healthy', async () => {
    const port = await freePort()
    const err = await waitForQuorum([`http://127.0.0.1:${port}`], {timeoutMs: 200}).catch((e) => e)
    expect(err.message).toBe(`the KV quorum did not become healthy within 200 ms (not healthy: http://127.0.0.1:${port})`)
  })

  test('waitForQuorum stops early when a member process died', async () => {
    const port = await freePort()
    const err = await waitForQuorum([`http://127.0.0.1:${port}`], {timeoutMs: 5000, abort: () => 'etcd-1 exited'}).catch((e) => e)
    expect(err.message).toBe('the KV quorum did not form: etcd-1 exited')
  })
})
