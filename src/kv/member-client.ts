import {createKvClient, type KvClient} from '../store/client.js'

/** A client bound to ONE member: no retries on other hosts, no circuit breaker, short deadlines. */
export function createMemberClient(endpoint: string, timeoutMs: number): KvClient {
  return createKvClient([endpoint], {callTimeoutMs: timeoutMs, failover: false})
}
