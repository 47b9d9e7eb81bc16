import {UserError, UserErrors} from '../lib/errors.js'
import type {Job} from '../model/job.js'
import {toApiJson} from './api-json.js'
import {loadJobFile, type JobLoadOptions} from './index.js'
import {parseVarArgs} from './var-files.js'

// What `zdev job validate` and `zdev job render` do, minus printing.

export interface FileValidation {
  file: string
  valid: boolean
  errors: Array<Record<string, unknown>>
  messages: string[]
}

export interface CliVarFlags {
  vars?: string[]
  varFiles?: string[]
  env?: Record<string, string | undefined>
}

function loadOptions(flags: CliVarFlags): JobLoadOptions {
  return {vars: parseVarArgs(flags.vars ?? []), varFiles: flags.varFiles ?? [], env: flags.env ?? {}}
}

export async function validateJobFiles(files: string[], flags: CliVarFlags = {}): Promise<FileValidation[]> {
  const opts = loadOptions(flags)
  const out: FileValidation[] = []
  for (const file of files) {
    try {
      await loadJobFile(file, opts)
      out.push({file, valid: true, errors: [], messages: []})
    } catch (err) {
      if (!(err instanceof UserError)) throw err
      const all = err instanceof UserErrors ? err.errors : [err]
      out.push({file, valid: false, errors: all.map((e) => e.toJSON()), messages: all.map((e) => e.message)})
    }
  }
  return out
}

export async function renderJobFile(file: string, flags: CliVarFlags = {}): Promise<{Job: Job}> {
  const job = await loadJobFile(file, loadOptions(flags))
  return toApiJson(job) as {Job: Job}
}
