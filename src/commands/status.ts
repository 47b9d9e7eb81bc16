import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {withCli} from '../platform/locate-cli.js'
import {readPlatformStatus, type PlatformStatus} from '../platform/status.js'
import {clusterHealth, formatStatus} from '../ui/progress/format-status.js'

export default class Status extends BaseCommand {
  static override summary = 'Show every platform process, the KV quorum, servers, nodes and jobs.'
  static override description = 'Exit code: 0 when the quorum serves, 1 when the quorum is lost, 3 when the cluster is down or was never started here.'
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json']
  static override flags = {
    ...BaseCommand.fileFlag,
    watch: Flags.boolean({char: 'w', description: 'print a fresh snapshot every --interval until interrupted (plain text; the live view is `zdev dashboard`)', default: false}),
    interval: Flags.integer({description: 'seconds between snapshots with --watch', default: 2, min: 1}),
  }

  async run(): Promise<PlatformStatus> {
    const {flags} = await this.parse(Status)
    let s = await readPlatformStatus(flags.file, {timeoutMs: 2000})
    if (!this.jsonEnabled()) process.stdout.write(withCli(formatStatus(s)))
    while (flags.watch) {
      await new Promise((r) => setTimeout(r, flags.interval * 1000))
      s = await readPlatformStatus(flags.file, {timeoutMs: 2000})
      if (this.jsonEnabled()) this.logJson(s)
      else process.stdout.write(`\n--- ${new Date().toLocaleTimeString()} ---\n` + withCli(formatStatus(s)))
    }
    // Not this.exit(): with --json oclif would print the exit as a second JSON object.
    process.exitCode = clusterHealth(s).exitCode
    return s
  }
}
