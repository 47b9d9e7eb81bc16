import net, {type AddressInfo} from 'node:net'

/**
 * An upstream as sloppy as real ones can be: it records every byte it receives and answers each
 * request it thinks it sees (a blank line ends a head, with LF or CRLF; Content-Length is honoured
 * by a loose regexp). What it recorded is then checked by a strict reader.
 */
export interface LenientUpstream {
  port: number
  /** Bytes received, one entry per connection in connection order. */
  received(): Buffer[]
  all(): Buffer
  close(): Promise<void>
}

export async function startLenientUpstream(opts: {closeAfterRead?: boolean} = {}): Promise<LenientUpstream> {
  const conns: Buffer[][] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => undefined)
    const chunks: Buffer[] = []
    conns.push(chunks)
    let pending = ''
    let answered = 0
    s.on('data', (d: Buffer) => {
      chunks.push(Buffer.from(d))
      if (opts.closeAfterRead) return void s.destroy()
      pending += d.toString('latin1')
      for (;;) {
        const m = /\r?\n\r?\n/.exec(pending)
        if (!m) break
        const head = pending.slice(0, m.index)
        const len = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0)
        if (pending.length < m.index + m[0].length + len) break
        pending = pending.slice(m.index + m[0].length + len)
        const body = `seen ${++answered}`
        s.write(`HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n\r\n${body}`)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen({host: '127.0.0.1', port: 0}, resolve))
  return {
    port: (server.address() as AddressInfo).port,
    received: () => conns.map((c) => Buffer.concat(c)),
    all: () => Buffer.concat(conns.flat()),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    }),
  }
}

/** Send raw bytes and collect the answer until the server closes, `until` matches, or 5 s pass. */
export function rawExchange(port: number, bytes: string | Buffer, until?: RegExp): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes))
    let data = ''
    const done = () => {
      clearTimeout(timer)
      s.destroy()
      resolve(data)
    }
    const timer = setTimeout(() => {
      data += '\n<no answer within 5 s>'
      done()
    }, 5000)
    s.on('data', (d: Buffer) => {
      data += d.toString('latin1')
      if (until?.test(data)) done()
    })
    s.on('end', done)
    s.on('error', done)
  })
}
