import {UserError} from '../lib/errors.js'

// -var name=value flags (no parser needed: a JSON job loads none of the HCL path for them).

/** Splits `-var k=v` flags; a flag without "=" is an error. */
export function parseVarArgs(args: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const a of args) {
    const eq = a.indexOf('=')
    if (eq <= 0) throw new UserError(`Invalid -var ${JSON.stringify(a)}; use -var name=value.`, {code: 'invalid_var', field: a})
    out[a.slice(0, eq).trim()] = a.slice(eq + 1)
  }
  return out
}
