import {BaseCommand} from '../lib/base-command.js'
import {readPlatformStatus, type PlatformStatus} from '../platform/status.js'
import {formatStatus} from '../ui/progress/format-status.js'

export default class Status extends BaseCommand {
  static override summary = 'Show every platform process and the KV quorum: health, leader, raft term.'
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json']
  static override flags = {...BaseCommand.fileFlag}

  async run(): Promise<PlatformStatus> {
    const {flags} = await this.parse(Status)
    const s = await readPlatformStatus(flags.file, {timeoutMs: 2000})
    if (!this.jsonEnabled()) process.stdout.write(formatStatus(s))
    return s
  }
}
