import {UserError} from '../lib/errors.js'
import {EnforceIndexError} from '../store/jobs.js'
import {ApiError} from './types.js'
import {QueryError} from './query.js'

// Nomad answers errors as plain text with a status code (Go's http.Error): 400 for bad
// input, 403 "Permission denied", 404 "<thing> not found", 405 "Invalid method", 500 else.

export interface HttpError {
  status: number
  message: string
}

export function toHttpError(err: unknown): HttpError {
  if (err instanceof ApiError) return {status: err.status, message: err.message}
  if (err instanceof QueryError) return {status: 400, message: err.message}
  // Nomad's RPC error, matched by clients on its prefix; the HTTP layer gives it 500
  if (err instanceof EnforceIndexError) return {status: 500, message: err.message}
  if (err instanceof UserError) {
    if (err.code === 'not_found') return {status: 404, message: err.message}
    if (err.code === 'kv_unavailable' || err.code === 'kv_timeout') return {status: 500, message: err.message}
    return {status: 400, message: err.message}
  }
  return {status: 500, message: err instanceof Error ? err.message : String(err)}
}
