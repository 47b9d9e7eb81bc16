import type {IncomingMessage} from 'node:http'
import {interpretHeaders} from './fast/interpret-headers.js'
import {MAX_HEADER_LINES, MAX_REQUEST_LINE} from './http-limits.js'
import {isValidHost, parseTarget} from './request-target.js'

export interface NodeRequestView {
  method: string
  /** Origin-form. */
  target: string
  /** The absolute-form target's authority, else the Host header. */
  authority: string
  absoluteForm: boolean
  hopByHop: ReadonlySet<string> | undefined
}

/**
 * The node:http lane's copy of the fast lane's gate: llhttp already refuses bad bytes and framing
 * (CR/LF/NUL, obs-fold, two Content-Lengths); what it lets through is refused here with the same
 * answers: two Host headers, oversized targets, bad targets and hosts.
 */
export function viewNodeRequest(req: IncomingMessage): NodeRequestView | {status: number; reason: string} {
  const method = req.method ?? 'GET'
  const url = req.url ?? '/'
  if (url.length + method.length + 10 > MAX_REQUEST_LINE) return {status: 414, reason: 'request line too long'}
  if (req.httpVersion !== '1.1' && req.httpVersion !== '1.0') return {status: 505, reason: `HTTP/${req.httpVersion} is not supported`}
  const raw = req.rawHeaders
  if (raw.length > 2 * MAX_HEADER_LINES) return {status: 431, reason: `more than ${MAX_HEADER_LINES} header lines`}
  const lower = new Array<string>(raw.length / 2)
  for (let i = 0; i < lower.length; i++) lower[i] = raw[2 * i].toLowerCase()
  const http10 = req.httpVersion === '1.0'
  const facts = interpretHeaders(raw, lower, http10)
  if ('status' in facts) return facts
  if (method === 'CONNECT') return {status: 405, reason: 'CONNECT is not served by this proxy'}
  const target = parseTarget(method, url)
  if (target.kind === 'invalid') return {status: 400, reason: target.reason}
  if (!http10 && facts.hostCount === 0) return {status: 400, reason: 'HTTP/1.1 request without a Host header'}
  const hostHeader = facts.hostCount === 0 ? '' : raw[2 * lower.indexOf('host') + 1]
  if (facts.hostCount === 1 && !isValidHost(hostHeader)) return {status: 400, reason: `invalid Host header ${JSON.stringify(hostHeader.slice(0, 64))}`}
  const absolute = target.kind === 'absolute'
  return {
    method,
    target: target.kind === 'asterisk' ? '*' : target.path,
    authority: absolute ? target.authority : hostHeader,
    absoluteForm: absolute,
    hopByHop: facts.hopByHop,
  }
}
