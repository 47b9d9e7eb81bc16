import {Flags} from '@oclif/core'
import {BaseCommand} from '../lib/base-command.js'
import {readPlatformStatus, type PlatformStatus} from '../platform/status.js'
import {formatStatus} from '../ui/progress/format-status.js'

export default class Status extends BaseCommand {
  static override summary = 'Show every platform process, the KV quorum, servers, nodes and jobs.'
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json']
  static override flags = {
    ...BaseCommand.fileFlag,
    watch: Flags.boolean({char: 'w', description: 'print a fresh snapshot every --interval until interrupted (plain text; the live view is `zdev dashboard`)', default: false}),
    interval: Flags.integer({description: 'seconds between snapshots with --watch', default: 2, min: 1}),
  }

  async run(): Promise<PlatformStatus> {
    const {flags} = await this.parse(Status)
    let s = await readPlatformStatus(flags.file, {timeoutMs: 2000})
    if (!this.jsonEnabled()) process.stdout.write(formatStatus(s))
    while (flags.watch) {
      await new Promise((r) => setTimeout(r, flags.interval * 1000))
      s = await readPlatformStatus(flags.file, {timeoutMs: 2000})
      if (this.jsonEnabled()) this.logJson(s)
      else process.stdout.write(`\n--- ${new Date().toLocaleTimeString()} ---\n` + formatStatus(s))
    }
    return s
  }
}
