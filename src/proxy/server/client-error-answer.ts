import {scanRequestHead} from './fast/scan-request-head.js'

/**
 * What to answer when node:http's parser (llhttp) refuses a request: the fast lane's gate gives the
 * same verdict on the same bytes, so both lanes answer alike (414, 431, 501 or 400).
 */
export function clientErrorAnswer(err: Error & {code?: string; rawPacket?: Buffer}): {status: number; reason: string} {
  if (err.rawPacket && err.rawPacket.length > 0) {
    const scan = scanRequestHead(err.rawPacket)
    if (scan.kind === 'reject') return {status: scan.status, reason: scan.reason}
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') return {status: 431, reason: 'request head too large'}
  return {status: 400, reason: `malformed request (${err.code ?? err.message})`}
}
