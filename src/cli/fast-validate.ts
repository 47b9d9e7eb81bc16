import {validateJobFiles, type FileValidation} from '../jobspec/job-files.js'
import {printValidation} from './validate-output.js'

// `zdev job validate FILE… [--var k=v] [--var-file F]` without oclif (whose start is 2× `node
// -e 0` by itself): bin/run.js calls this first. Anything else — --json, --help, another flag,
// no file, or a problem before any file is checked (a bad --var) — returns false before
// printing anything, and oclif runs the command as usual, so its messages stay the only ones.

export function plainValidateArgs(args: string[]): {files: string[]; vars: string[]; varFiles: string[]} | undefined {
  const files: string[] = []
  const vars: string[] = []
  const varFiles: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    const eq = /^--(var|var-file)=(.*)$/s.exec(a)
    if (eq) (eq[1] === 'var' ? vars : varFiles).push(eq[2]!)
    else if (a === '--var' || a === '--var-file') {
      const v = args[++i]
      if (v === undefined || v.startsWith('-')) return undefined
      ;(a === '--var' ? vars : varFiles).push(v)
    } else if (a.startsWith('-')) return undefined
    else files.push(a)
  }
  return files.length ? {files, vars, varFiles} : undefined
}

export async function fastValidate(args: string[]): Promise<boolean> {
  const plain = plainValidateArgs(args)
  if (!plain) return false
  let files: FileValidation[]
  try {
    files = await validateJobFiles(plain.files, {vars: plain.vars, varFiles: plain.varFiles, env: process.env})
  } catch {
    return false
  }
  if (files.some((f) => !f.valid)) process.exitCode = 1
  printValidation(files, (line) => process.stdout.write(`${line}\n`))
  return true
}
