import {Args} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {startMember, type MemberResult} from '../../platform/member.js'

export default class KvStart extends BaseCommand {
  static override summary = 'Start a stopped etcd member again, with the same data dir and ports.'
  static override examples = ['<%= config.bin %> kv start etcd-2']
  static override args = {member: Args.string({description: 'member name (etcd-1, etcd-2, …)', required: true})}
  static override flags = {...BaseCommand.fileFlag}

  async run(): Promise<MemberResult> {
    const {args, flags} = await this.parse(KvStart)
    const r = await startMember(flags.file, args.member)
    if (!this.jsonEnabled()) this.log(r.action === 'started' ? `✓ ${r.member} started (${r.ms} ms, pid ${r.pid})` : `• ${r.member} is already running (pid ${r.pid})`)
    return r
  }
}
