import type {FileValidation} from '../jobspec/job-files.js'

// What `zdev job validate` prints for its files, shared by the command and bin/run.js's direct
// path (src/cli/fast-validate.ts), so both print the same bytes.

export function printValidation(files: FileValidation[], log: (line: string) => void): void {
  for (const f of files) {
    if (f.warnings.length) process.stderr.write(`Job Warnings (${f.file}):\n${f.warnings.map((m) => `  * ${m}`).join('\n')}\n`)
    if (f.valid) log(`✓ ${f.file}: Job validation successful`)
    else process.stderr.write(`✗ ${f.file}: Job validation failed\n${f.messages.map((m) => `  * ${m}`).join('\n')}\n`)
  }
}
