import {Etcd3} from 'etcd3'
import {noop} from 'cockatiel'

/** A client bound to ONE member: no retries on other hosts, no circuit breaker, short deadlines. */
export function createMemberClient(endpoint: string, timeoutMs: number): Etcd3 {
  return new Etcd3({
    hosts: [endpoint],
    dialTimeout: timeoutMs,
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : {deadline: Date.now() + timeoutMs}),
    faultHandling: {host: () => noop, global: noop},
  })
}
