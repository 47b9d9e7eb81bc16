// Errors that reach the user. Each carries data (file, line, field …) and a message that says
// what was attempted, the offending value and what to do next. Commands print these as one
// paragraph with a non-zero exit; anything else is a bug and keeps its stack.

export interface Location {
  file?: string
  line?: number
  column?: number
  field?: string
}

export class UserError extends Error {
  readonly exitCode: number
  readonly code: string
  readonly hint?: string
  readonly location: Location

  constructor(message: string, opts: {code?: string; hint?: string; exitCode?: number; cause?: unknown} & Location = {}) {
    super(message, opts.cause === undefined ? undefined : {cause: opts.cause})
    this.name = 'UserError'
    this.code = opts.code ?? 'user_error'
    this.hint = opts.hint
    this.exitCode = opts.exitCode ?? 1
    this.location = {file: opts.file, line: opts.line, column: opts.column, field: opts.field}
  }

  toJSON(): Record<string, unknown> {
    return {code: this.code, message: this.message, hint: this.hint, ...this.location}
  }
}

/** Several user errors found in one pass (validation collects them all). */
export class UserErrors extends UserError {
  readonly errors: UserError[]

  constructor(summary: string, errors: UserError[], opts: {code?: string; exitCode?: number} = {}) {
    super(`${summary}\n${errors.map((e) => `  * ${e.message}`).join('\n')}`, {code: opts.code ?? 'invalid', exitCode: opts.exitCode})
    this.errors = errors
  }

  override toJSON(): Record<string, unknown> {
    return {code: this.code, message: this.message, errors: this.errors.map((e) => e.toJSON())}
  }
}

/** "file:line:col" prefix for messages, leaving out what is unknown. */
export function where(loc: Location): string {
  if (!loc.file) return ''
  let s = loc.file
  if (loc.line !== undefined) s += `:${loc.line}`
  if (loc.line !== undefined && loc.column !== undefined) s += `:${loc.column}`
  return s
}
