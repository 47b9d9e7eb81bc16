import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {downPlatform, type DownResult} from '../platform/down.js'
import {createPlainReporter} from '../ui/progress/plain.js'

export default class Down extends BaseCommand {
  static override summary = 'Stop every process the platform started (found by pid, even after a crash).'
  static override examples = ['<%= config.bin %> down', '<%= config.bin %> down --purge']
  static override flags = {
    ...BaseCommand.fileFlag,
    purge: Flags.boolean({description: 'also remove the state dir with the etcd data and logs', default: false}),
  }

  async run(): Promise<DownResult> {
    const {flags} = await this.parse(Down)
    const json = this.jsonEnabled()
    const reporter = json ? undefined : createPlainReporter((l) => process.stdout.write(l))
    const r = await downPlatform(flags.file, {purge: flags.purge, reporter})
    if (!json) {
      if (r.orphans.length > 0) this.log(`stopped ${r.orphans.length} leftover labelled process(es): ${r.orphans.join(', ')}`)
      if (r.containers.length > 0) this.log(`removed ${r.containers.length} leftover container(s): ${r.containers.join(', ')}`)
      if (r.stopped.length === 0 && r.orphans.length === 0 && r.containers.length === 0) this.log(`cluster ${r.cluster}: nothing was running`)
      else this.log(`cluster ${r.cluster} is down`)
      if (r.purged) this.log(`removed ${r.stateDir}`)
    }
    return r
  }
}
