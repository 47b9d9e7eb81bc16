// A strict reader of what an upstream received (RFC 9112): CRLF lines only, no control bytes in
// names or values, exactly one Host, at most one Content-Length, no Transfer-Encoding beside it.
// Returns the requests; throws with the reason on anything else, including leftover bytes.

export interface SeenRequest {
  method: string
  target: string
  headers: Array<[string, string]>
  body: string
  header(name: string): string[]
}

export function strictRequests(bytes: Buffer): SeenRequest[] {
  const text = bytes.toString('latin1')
  const out: SeenRequest[] = []
  let p = 0
  while (p < text.length) {
    const end = text.indexOf('\r\n\r\n', p)
    if (end < 0) throw new Error(`incomplete head at byte ${p}: ${JSON.stringify(text.slice(p, p + 80))}`)
    const head = text.slice(p, end)
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(head.replace(/\r\n/g, ''))) throw new Error(`control byte in head ${JSON.stringify(head)}`)
    const [line, ...rest] = head.split('\r\n')
    const m = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\/\S*) HTTP\/1\.1$/.exec(line)
    if (!m) throw new Error(`bad request line ${JSON.stringify(line)}`)
    const headers: Array<[string, string]> = rest.map((l) => {
      const h = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/.exec(l)
      if (!h) throw new Error(`bad header line ${JSON.stringify(l)}`)
      return [h[1], h[2]]
    })
    const header = (name: string) => headers.filter(([k]) => k.toLowerCase() === name.toLowerCase()).map(([, v]) => v)
    if (header('host').length !== 1) throw new Error(`expected exactly one Host, got ${JSON.stringify(header('host'))}`)
    const cl = header('content-length')
    if (cl.length > 1) throw new Error('more than one Content-Length')
    if (header('transfer-encoding').length > 0) throw new Error('Transfer-Encoding reached the upstream')
    const len = cl.length ? Number(cl[0]) : 0
    const bodyStart = end + 4
    if (text.length < bodyStart + len) throw new Error('body shorter than Content-Length')
    out.push({method: m[1], target: m[2], headers, body: text.slice(bodyStart, bodyStart + len), header})
    p = bodyStart + len
  }
  return out
}
