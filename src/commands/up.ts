import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import type {UpResult} from '../platform/up.js'
import {runUp} from '../cli/run-up.js'

export default class Up extends BaseCommand {
  static override summary = 'Start the platform: the etcd quorum, servers, nodes and proxies, then submit its jobs.'
  static override description = 'Reads the platform file, starts what is not running yet, waits for the KV quorum and records every process in .zdev/<name>/state.json. Running it again on a running cluster changes nothing.'
  static override examples = ['<%= config.bin %> up', '<%= config.bin %> up -f demo.yaml --json']
  static override flags = {
    ...BaseCommand.fileFlag,
    wait: Flags.boolean({description: 'wait until the KV quorum is healthy and the jobs run. --no-wait returns once the processes started, except on the first up of a cluster: etcd authentication is turned on then, which needs the quorum, and must be on before the agents connect (they carry credentials, and etcd refuses credentials while auth is off)', default: true, allowNo: true}),
    retain: Flags.boolean({description: 'keep what started when a later step fails (for debugging)', default: false}),
    yes: Flags.boolean({char: 'y', description: 'install missing dependencies (etcd) without asking', default: false}),
    watch: Flags.boolean({description: 'then watch the job, var and platform files: on save validate, show the plan, apply (as `zdev watch`)', default: false, exclusive: ['dashboard']}),
    dashboard: Flags.boolean({description: 'then open the live dashboard (on a terminal; q leaves it, the platform keeps running)', default: false}),
  }

  async run(): Promise<UpResult> {
    const {flags} = await this.parse(Up)
    const json = this.jsonEnabled()
    const result = await runUp(flags.file, flags, json, (l) => this.log(l))
    if (flags.watch && !json) await this.config.runCommand('watch', ['-f', flags.file, '--no-initial'])
    else if (flags.dashboard && !json) {
      const {checkTerminal} = await import('../ui/dashboard/require-terminal.js')
      const refusal = checkTerminal({stdoutIsTTY: process.stdout.isTTY, stdinIsTTY: process.stdin.isTTY, env: process.env})
      if (refusal) this.log(`\n--dashboard: ${refusal.message} The platform is up; \`zdev status --watch\` prints plain snapshots.`)
      else await this.config.runCommand('dashboard', ['-f', flags.file])
    }
    return result
  }
}
