// IPv4/IPv6 addresses and CIDR ranges as bigint intervals, for the ClientIP matcher.
import net from 'node:net'

export interface IpRange {
  v6: boolean
  first: bigint
  last: bigint
}

/** "10.0.0.0/8", "::1", "127.0.0.1" → a range; undefined when not an IP or CIDR. */
export function parseIpRange(text: string): IpRange | undefined {
  const slash = text.indexOf('/')
  const addr = slash < 0 ? text : text.slice(0, slash)
  const value = parseIp(addr)
  if (!value) return undefined
  const bits = value.v6 ? 128 : 32
  let prefix = bits
  if (slash >= 0) {
    const p = text.slice(slash + 1)
    if (!/^\d{1,3}$/.test(p) || Number(p) > bits) return undefined
    prefix = Number(p)
  }
  const host = (1n << BigInt(bits - prefix)) - 1n
  const first = value.n & ~host & ((1n << BigInt(bits)) - 1n)
  return {v6: value.v6, first, last: first | host}
}

/** Parse an address; an IPv4-mapped IPv6 address ("::ffff:1.2.3.4") comes back as IPv4. */
export function parseIp(text: string): {v6: boolean; n: bigint} | undefined {
  const kind = net.isIP(text)
  if (kind === 4) return {v6: false, n: ipv4ToBigint(text)}
  if (kind !== 6) return undefined
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text)
  if (mapped) return {v6: false, n: ipv4ToBigint(mapped[1])}
  return {v6: true, n: ipv6ToBigint(text)}
}

export function ipInRange(ip: {v6: boolean; n: bigint}, range: IpRange): boolean {
  return ip.v6 === range.v6 && ip.n >= range.first && ip.n <= range.last
}

function ipv4ToBigint(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n)
}

function ipv6ToBigint(text: string): bigint {
  let s = text.replace(/%.*$/, '')
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s)
  if (v4) {
    const n = Number(ipv4ToBigint(v4[1]))
    s = s.slice(0, v4.index) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined]
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t]
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n)
}
