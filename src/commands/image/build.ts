import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {UserError} from '../../lib/errors.js'
import {buildLocalImage, type ImageBuildResult} from '../../platform/image-build.js'

export default class ImageBuild extends BaseCommand {
  static override summary = 'Build an image into the local Docker daemon, where docker tasks find it (no registry, no load step).'
  static override description = 'A Dockerfile whose FROM is zdev/node:local gets that base made first from this machine\'s node binary, so Node images build offline.'
  static override examples = [
    '<%= config.bin %> image build fixtures/samples -t zdev/whoami:dev --build-arg SCRIPT=whoami/whoami.mjs --build-arg BASE=zdev/node:local',
  ]
  static override args = {dir: Args.string({description: 'build context (the folder holding the Dockerfile)', required: true})}
  static override flags = {
    tag: Flags.string({char: 't', description: 'name of the image, e.g. zdev/web:dev', required: true}),
    dockerfile: Flags.string({description: 'Dockerfile inside the context (default Dockerfile)'}),
    'build-arg': Flags.string({description: 'KEY=VALUE for an ARG of the Dockerfile (repeatable)', multiple: true}),
    quiet: Flags.boolean({char: 'q', description: 'print only the result', default: false}),
  }

  async run(): Promise<ImageBuildResult> {
    const {args, flags} = await this.parse(ImageBuild)
    const buildArgs: Record<string, string> = {}
    for (const kv of flags['build-arg'] ?? []) {
      const i = kv.indexOf('=')
      if (i <= 0) throw new UserError(`--build-arg "${kv}" is not KEY=VALUE`, {code: 'bad_flag', field: 'build-arg'})
      buildArgs[kv.slice(0, i)] = kv.slice(i + 1)
    }
    const json = this.jsonEnabled()
    const r = await buildLocalImage(args.dir, {tag: flags.tag, dockerfile: flags.dockerfile, buildArgs, onLine: json || flags.quiet ? undefined : (l) => this.log(`  ${l}`)})
    if (!json) this.log(`✓ built ${r.tag} (${r.id.replace(/^sha256:/, '').slice(0, 12)}) in ${(r.ms / 1000).toFixed(1)} s${r.madeBase ? `; made ${r.madeBase} first` : ''}`)
    return r
  }
}
