import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {UserError} from '../lib/errors.js'
import {loadPlatform} from '../platform/load.js'
import {formatEnv, nomadEnv, resolveNomadAddr, type NomadEnv, type Shell} from '../platform/nomad-env.js'
import {readState} from '../platform/state.js'

export default class Env extends BaseCommand {
  static override summary = 'Print the shell variables (NOMAD_ADDR …) that point Nomad tools at this platform\'s HTTP API.'
  static override description = 'Use it as `eval "$(zdev env)"`; then `nomad job status`, Terraform\'s Nomad provider or nomad-pack talk to the dev cluster. It also unsets TLS variables a shell pointed at another cluster may hold. The address is the one the server really bound: servers.api_port (4646) is tried first, and when another cluster or program holds it the server takes a free port, so two clusters never share one.'
  static override examples = ['eval "$(<%= config.bin %> env)"', '<%= config.bin %> env --shell fish | source', '<%= config.bin %> env --json']
  static override flags = {
    ...BaseCommand.fileFlag,
    shell: Flags.string({description: 'syntax of the output', options: ['sh', 'fish'], default: 'sh'}),
  }

  async run(): Promise<NomadEnv & {running: boolean}> {
    const {flags} = await this.parse(Env)
    const p = await loadPlatform(flags.file)
    const state = await readState(p.stateDir)
    const resolved = await resolveNomadAddr(p, state)
    const env = resolved && nomadEnv(p, state, resolved.addr)
    if (!env || !resolved) throw new UserError(`${p.file}: servers.count is 0, so there is no HTTP API to point Nomad tools at.`, {code: 'no_servers', field: 'servers.count', hint: 'set servers: 1 (or 3) and run `zdev up`.'})
    const {running} = resolved
    if (!this.jsonEnabled()) {
      process.stdout.write(formatEnv(env, flags.shell as Shell))
      if (!running) process.stderr.write(`# cluster ${p.name} is not running: start it with \`zdev up -f ${flags.file}\`\n`)
    }
    return {...env, running}
  }
}
