import {BaseCommand} from '../cli/base-command.js'
import {runDoctor, type DoctorReport} from '../platform/doctor.js'

export default class Doctor extends BaseCommand {
  static override summary = 'Check what this machine offers zdev (node, etcd, a Docker daemon) and which runtime the platform file gets.'
  static override description = 'Docker is optional: without a daemon, `runtime: auto` runs everything as processes and nodes offer raw_exec and exec only. Exits 1 when something required is missing.'
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor -f zdev.yaml --json']
  static override flags = {...BaseCommand.fileFlag}

  async run(): Promise<DoctorReport> {
    const {flags} = await this.parse(Doctor)
    const r = await runDoctor(flags.file)
    if (!this.jsonEnabled()) {
      for (const c of r.checks) {
        this.log(`${c.ok ? '✓' : '✗'} ${c.name.padEnd(7)} ${c.detail}`)
        if (c.hint) this.log(`          fix: ${c.hint}`)
      }
      if (r.runtime) this.log(`runtime: ${r.runtime.resolved} (${r.runtime.why})`)
      else this.log(`runtime: no platform file at ${flags.file}; with \`runtime: auto\` nodes would offer docker ${r.checks.find((c) => c.name === 'docker')?.ok ? 'here' : 'once a daemon answers'}`)
    }
    if (!r.ok) process.exitCode = 1
    return r
  }
}
