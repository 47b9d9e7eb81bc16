import {Args} from '@oclif/core'
import {BaseCommand} from './base-command.js'
import {startComponent, stopComponent} from '../platform/component.js'
import type {MemberResult} from '../platform/member.js'
import type {ComponentKind} from '../platform/types.js'

const EFFECT: Record<'node' | 'server' | 'proxy', string> = {
  node: 'its workloads die with it and the leader reschedules them',
  server: 'a standby server takes over leadership',
  proxy: 'the other proxies keep serving',
}

/** `zdev <kind> stop|start <name>`: one class per verb and kind, built here instead of copied. */
export function componentCommand(kind: 'node' | 'server' | 'proxy', verb: 'stop' | 'start') {
  const done = verb === 'stop' ? 'stopped' : 'started'
  return class extends BaseCommand {
    static override summary =
      verb === 'stop'
        ? `Stop one ${kind} process (SIGTERM, then SIGKILL after a grace period): ${EFFECT[kind]}.`
        : `Start a stopped ${kind} process again with the same settings.`
    static override examples = [`<%= config.bin %> ${kind} ${verb} ${kind}-2`]
    static override args = {name: Args.string({description: `${kind} name (${kind}-1, ${kind}-2, …)`, required: true})}
    static override flags = {...BaseCommand.fileFlag}

    async run(): Promise<MemberResult> {
      const {args, flags} = await this.parse(this.constructor as typeof BaseCommand)
      const kinds: ComponentKind[] = [kind]
      const r = verb === 'stop' ? await stopComponent(flags.file as string, args.name as string, kinds) : await startComponent(flags.file as string, args.name as string, kinds)
      if (!this.jsonEnabled()) this.log(r.action === done ? `✓ ${r.member} ${done} (${r.ms} ms)` : `• ${r.member} was ${verb === 'stop' ? 'not running' : 'already running'}`)
      return r
    }
  }
}
