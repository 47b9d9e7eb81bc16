// A job a client sends (api.Job JSON, partial or full) → our canonical Job, through the same
// jobspec code that reads job files: Nomad's defaults and validation.
import {parseJobSource} from '../../jobspec/index.js'
import type {Job} from '../../model/index.js'
import {badRequest} from '../types.js'

const SERVER_SET = ['CreateIndex', 'ModifyIndex', 'JobModifyIndex', 'Status', 'StatusDescription', 'Stable', 'Version', 'SubmitTime']

export async function jobFromRequest(raw: unknown, where = 'request body'): Promise<Job> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('Job must be specified')
  const job = Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter(([k, v]) => !SERVER_SET.includes(k) && v !== undefined))
  if (job.Namespace === '' || job.Namespace === null) delete job.Namespace
  return parseJobSource(JSON.stringify({Job: job}), where)
}

export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === null) return {}
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('Request body must be a JSON object')
  return body as Record<string, unknown>
}
