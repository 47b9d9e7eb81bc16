// /v1/jobs/parse (HCL → API JSON, what nomad-pack and Levant call) and /v1/validate/job.
import {UserError, UserErrors} from '../../lib/errors.js'
import {parseJobSource} from '../../jobspec/index.js'
import {badRequest, write, type WriteHandler} from '../types.js'
import {bodyObject, jobFromRequest} from './job-input.js'

const VARS_FILE = '<Variables>'

export const parseJob: WriteHandler = write(async (_ctx, req) => {
  const body = bodyObject(await req.body())
  if (typeof body.JobHCL !== 'string' || !body.JobHCL.trim()) throw badRequest('Job spec is empty')
  const variables = typeof body.Variables === 'string' ? body.Variables : ''
  try {
    return await parseJobSource(body.JobHCL, 'input.hcl', {
      serverChecks: false,
      varFiles: variables ? [VARS_FILE] : [],
      readFile: (p) => {
        if (p === VARS_FILE) return variables
        throw new Error('file() is not available through the API')
      },
    })
  } catch (err) {
    if (err instanceof UserError) throw badRequest(err.message)
    throw err
  }
})

function messagesOf(err: UserError): string[] {
  return err instanceof UserErrors ? err.errors.map((e) => e.message) : [err.message]
}

export const validateJob: WriteHandler = write(async (_ctx, req) => {
  const body = bodyObject(await req.body())
  try {
    await jobFromRequest(body.Job)
    return {DriverConfigValidated: true, ValidationErrors: [], Error: '', Warnings: ''}
  } catch (err) {
    if (!(err instanceof UserError)) throw err
    const errs = messagesOf(err)
    return {DriverConfigValidated: false, ValidationErrors: errs, Error: `${errs.length} error${errs.length > 1 ? 's' : ''} occurred:\n${errs.map((e) => `\t* ${e}`).join('\n')}\n\n`, Warnings: ''}
  }
})
