import http from 'node:http'

// A bounded GET by node:http: the readiness probes of `up` need nothing more, and fetch's first
// call loads undici (~20–40 ms more of CPU in the CLI, while etcd and the agents start).

/** GET `url` (http only): its status and body, or null when it failed or took over `timeoutMs`. */
export function httpGet(url: string, timeoutMs: number): Promise<{status: number; body: string} | null> {
  return new Promise((resolve) => {
    const req = http.get(url, {agent: false, timeout: timeoutMs}, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (s: string) => (body += s))
      res.once('end', () => resolve({status: res.statusCode ?? 0, body}))
      res.once('error', () => resolve(null))
    })
    req.once('timeout', () => req.destroy())
    req.once('error', () => resolve(null))
  })
}
