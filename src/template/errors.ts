// Errors of the template engine, worded as Go's text/template words them:
// "template: NAME:LINE:COL: message" (COL is Go's: the byte offset within the line).

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly templateName: string,
    readonly line: number,
    readonly col: number,
    readonly detail: string,
  ) {
    super(message)
    this.name = 'TemplateError'
  }
}

/** Line (1-based) and Go's column (0-based byte offset in the line) of an offset in src. */
export function locate(src: string, pos: number): {line: number; col: number} {
  const before = src.slice(0, pos)
  const nl = before.lastIndexOf('\n')
  let line = 1
  for (let i = 0; i < before.length; i++) if (before.charCodeAt(i) === 10) line++
  return {line, col: Buffer.byteLength(before.slice(nl + 1))}
}

export function parseError(name: string, src: string, pos: number, detail: string): TemplateError {
  const {line, col} = locate(src, pos)
  return new TemplateError(`template: ${name}:${line}:${col}: ${detail}`, name, line, col, detail)
}

/** Thrown by functions; the executor adds "error calling NAME: " and the location. */
export class FuncError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FuncError'
  }
}
