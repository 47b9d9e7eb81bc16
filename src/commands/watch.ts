import {Flags} from '@oclif/core'
import {abortOnSigint, parseDurationFlag} from '../cluster/cli-support.js'
import {systemClock} from '../cluster/clock.js'
import {watchLoop} from '../cluster/watch-loop.js'
import {BaseCommand} from '../cli/base-command.js'
import {withCluster} from '../platform/connect.js'
import {withCli} from '../platform/locate-cli.js'

export default class Watch extends BaseCommand {
  static override summary = 'On every save of a job file, var file or the platform file: validate, show the plan diff, apply.'
  static override description =
    'Follows the files the platform file names. A file that does not parse or validate is reported (file:line) and nothing of it is applied; the loop goes on. ' +
    'Files a job reads with file() count as that job\'s files. A raw_exec/exec task\'s local artifact or a project script in its command/args, and the build folder of an images: entry, ' +
    'restart only the tasks that use them, in place (the artifact fetched again, the image rebuilt first). ' +
    'A save while a deployment is being followed stops following it and applies the new save. Ctrl-C stops watching; the platform keeps running.'
  static override examples = ['<%= config.bin %> watch', '<%= config.bin %> watch -f demo.yaml --no-initial']
  static override enableJsonFlag = false
  static override flags = {
    ...BaseCommand.fileFlag,
    initial: Flags.boolean({description: 'apply every job once when starting', default: true, allowNo: true}),
    timeout: Flags.string({description: 'follow each deployment at most this long', default: '2m'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Watch)
    const deployTimeoutMs = parseDurationFlag('timeout', flags.timeout)
    const int = abortOnSigint()
    try {
      await withCluster(flags.file, ({store}) =>
        watchLoop(flags.file, {store, clock: systemClock, say: (l) => this.log(withCli(l)), signal: int.signal, initial: flags.initial, deployTimeoutMs}),
      )
    } finally {
      int.dispose()
    }
  }
}
