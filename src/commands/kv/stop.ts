import {Args} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {stopMember, type MemberResult} from '../../platform/member.js'

export default class KvStop extends BaseCommand {
  static override summary = 'Stop one etcd member (its data stays), e.g. to watch the quorum survive.'
  static override examples = ['<%= config.bin %> kv stop etcd-2']
  static override args = {member: Args.string({description: 'member name (etcd-1, etcd-2, …)', required: true})}
  static override flags = {...BaseCommand.fileFlag}

  async run(): Promise<MemberResult> {
    const {args, flags} = await this.parse(KvStop)
    const r = await stopMember(flags.file, args.member)
    if (!this.jsonEnabled()) this.log(r.action === 'stopped' ? `✓ ${r.member} stopped (${r.ms} ms)` : `• ${r.member} was not running`)
    return r
  }
}
