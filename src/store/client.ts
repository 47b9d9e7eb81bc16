import {Etcd3, isRecoverableError} from 'etcd3'
import {ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry} from 'cockatiel'

export interface KvClientOptions {
  /** Deadline for each unary call (ms). Streams (watches, keep-alives) have none. */
  callTimeoutMs?: number
  /** etcd user and password (the cluster's `zdev` user from its state dir). */
  auth?: KvAuth
}

export interface KvAuth {
  username: string
  password: string
}

// Every unary call is bounded: with quorum lost an unbounded put hangs 7–21 s (STACK.md).
// The per-host breaker is short (1 s) so that a member that comes back is used again quickly,
// and a failed call is retried once on another member.
export function createKvClient(endpoints: string[], opts: KvClientOptions = {}): Etcd3 {
  const timeout = opts.callTimeoutMs ?? 2000
  return new Etcd3({
    hosts: endpoints,
    ...(opts.auth ? {auth: {username: opts.auth.username, password: opts.auth.password}} : {}),
    dialTimeout: Math.min(timeout, 1000),
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : {deadline: Date.now() + timeout}),
    faultHandling: {
      host: () => circuitBreaker(handleWhen(isRecoverableError), {halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(3)}),
      global: retry(handleWhen(isRecoverableError), {maxAttempts: 1}),
      // etcd3 types this as IBackoff but uses it as a factory (its own default is a factory).
      watchBackoff: new ExponentialBackoff({initialDelay: 100, maxDelay: 1000}) as never,
    },
  })
}
