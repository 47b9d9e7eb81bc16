// The request target's forms (RFC 9112 §3.2). In absolute-form the URI's authority is the host the
// request is for and any Host header is ignored (§3.2.2); upstreams always get origin-form.

export type Target =
  | {kind: 'origin'; path: string}
  | {kind: 'absolute'; authority: string; path: string}
  | {kind: 'asterisk'}
  | {kind: 'invalid'; reason: string}

const ABSOLUTE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/

export function parseTarget(method: string, target: string): Target {
  if (target.charCodeAt(0) === 47) return {kind: 'origin', path: target}
  if (target === '*') return method === 'OPTIONS' ? {kind: 'asterisk'} : {kind: 'invalid', reason: `"*" is a request target for OPTIONS only, not ${method}`}
  const m = ABSOLUTE.exec(target)
  if (!m) return {kind: 'invalid', reason: `request target ${JSON.stringify(target.slice(0, 64))} is neither origin-form (/path) nor absolute-form (http://host/path)`}
  const scheme = m[1].toLowerCase()
  if (scheme !== 'http' && scheme !== 'https') return {kind: 'invalid', reason: `request target scheme "${m[1]}" is not http or https`}
  const authority = m[2]
  if (authority === '' || authority.includes('@')) return {kind: 'invalid', reason: `request target authority ${JSON.stringify(authority)} is empty or holds user information`}
  if (!isValidHost(authority)) return {kind: 'invalid', reason: `request target authority ${JSON.stringify(authority)} is not a host name`}
  const rest = m[3]
  return {kind: 'absolute', authority, path: rest === '' ? '/' : rest[0] === '?' ? `/${rest}` : rest}
}

// reg-name / IPv4 / [IP-literal], optional :port (RFC 3986 §3.2.2); no "/", "\", "@", spaces or controls.
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(?::\d*)?$/

/** reg-name characters (unreserved, sub-delims, "%"), by char code. */
const REG_NAME = new Uint8Array(128)
for (const c of "-._~!$&'()*+,;=%") REG_NAME[c.charCodeAt(0)] = 1
for (let c = 48; c <= 57; c++) REG_NAME[c] = 1
for (let c = 65; c <= 90; c++) REG_NAME[c] = 1
for (let c = 97; c <= 122; c++) REG_NAME[c] = 1

export function isValidHost(host: string): boolean {
  // The common case without a regexp: a reg-name with an optional :port.
  let i = 0
  const n = host.length
  while (i < n && REG_NAME[host.charCodeAt(i)] === 1) i++
  if (i > 0 && (i === n || host.charCodeAt(i) === 58)) {
    for (let j = i + 1; j < n; j++) {
      const c = host.charCodeAt(j)
      if (c < 48 || c > 57) return false
    }
    return true
  }
  return HOST.test(host)
}
