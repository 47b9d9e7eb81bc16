// Limits on a request head, the same in both lanes (nginx answers 414 and 431 beyond its own).

/** Request line longer than this (bytes, CRLF excluded): 414 URI Too Long. */
export const MAX_REQUEST_LINE = 8192
/** Whole head longer than this (request line and header lines): 431. Also node:http's maxHeaderSize. */
export const MAX_HEAD_BYTES = 16_384
/** More header lines than this: 431. */
export const MAX_HEADER_LINES = 100

export const REASON: Readonly<Record<number, string>> = {
  101: 'Switching Protocols', 200: 'OK', 301: 'Moved Permanently', 302: 'Found', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 414: 'URI Too Long', 431: 'Request Header Fields Too Large',
  501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 505: 'HTTP Version Not Supported',
}

/** Names a client's Connection header may never make hop-by-hop: dropping them would change the request's framing or target. */
export const PROTECTED_HEADERS: ReadonlySet<string> = new Set(['host', 'content-length', 'transfer-encoding'])

/** A complete answer the proxy gives on its own to a request it refuses, closing the connection. */
export function rejectionBytes(status: number, reason: string): string {
  const body = `${reason}\n`
  return `HTTP/1.1 ${status} ${REASON[status] ?? ''}\r\ncontent-type: text/plain; charset=utf-8\r\nx-zdev-proxy-error: bad-request\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`
}
