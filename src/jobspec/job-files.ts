import {UserError, UserErrors} from '../lib/errors.js'
import type {Job} from '../model/job.js'
import {toApiJson} from './api-json.js'
import {loadJobFile, type JobLoadOptions} from './index.js'
import {parseVarArgs} from './var-args.js'

// What `zdev job validate` (render + Nomad's server checks) and `zdev job render` (parse +
// canonicalize, as `nomad job run -output`) do, minus printing.

export interface FileValidation {
  file: string
  valid: boolean
  errors: Array<Record<string, unknown>>
  messages: string[]
  /** What Nomad accepts but warns about. */
  warnings: string[]
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
    const warnings: string[] = []
    try {
      await loadJobFile(file, {...opts, warnings})
      out.push({file, valid: true, errors: [], messages: [], warnings})
    } catch (err) {
      if (!(err instanceof UserError)) throw err
      const all = err instanceof UserErrors ? err.errors : [err]
      out.push({file, valid: false, errors: all.map((e) => e.toJSON()), messages: all.map((e) => e.message), warnings})
    }
  }
  return out
}

/** `nomad job run -output`: parse and canonicalize only; a server's checks are `job validate`'s. */
export async function renderJobFile(file: string, flags: CliVarFlags = {}): Promise<{Job: Job}> {
  const job = await loadJobFile(file, {...loadOptions(flags), serverChecks: false})
  return toApiJson(job) as {Job: Job}
}
