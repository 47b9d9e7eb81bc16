import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {upPlatform, type UpResult} from '../platform/up.js'
import {recordClusterUp} from '../platform/known-clusters.js'
import {cliCommand} from '../platform/locate-cli.js'
import {loadPlatform} from '../platform/load.js'
import {resolveNomadAddr} from '../platform/nomad-env.js'
import {readState} from '../platform/state.js'

export default class Up extends BaseCommand {
  static override summary = 'Start the platform: the etcd quorum, servers, nodes and proxies, then submit its jobs.'
  static override description = 'Reads the platform file, starts what is not running yet, waits for the KV quorum and records every process in .zdev/<name>/state.json. Running it again on a running cluster changes nothing.'
  static override examples = ['<%= config.bin %> up', '<%= config.bin %> up -f demo.yaml --json']
  static override flags = {
    ...BaseCommand.fileFlag,
    wait: Flags.boolean({description: 'wait until the KV quorum is healthy and the jobs run. --no-wait returns once the processes started, except on the first up of a cluster: etcd authentication is turned on then, which needs the quorum, and must be on before the agents connect (they carry credentials, and etcd refuses credentials while auth is off)', default: true, allowNo: true}),
    retain: Flags.boolean({description: 'keep what started when a later step fails (for debugging)', default: false}),
    yes: Flags.boolean({char: 'y', description: 'install missing dependencies (etcd) without asking', default: false}),
    watch: Flags.boolean({description: 'then watch the job, var and platform files: on save validate, show the plan, apply (as `zdev watch`)', default: false, exclusive: ['dashboard']}),
    dashboard: Flags.boolean({description: 'then open the live dashboard (on a terminal; q leaves it, the platform keeps running)', default: false}),
  }

  async run(): Promise<UpResult> {
    const {flags} = await this.parse(Up)
    const json = this.jsonEnabled()
    const {createProgress} = await import('../ui/progress/index.js')
    const progress = json ? undefined : await createProgress({stdout: process.stdout, env: process.env})
    const interactive = !json && process.stdin.isTTY === true && process.stdout.isTTY === true
    let result: UpResult
    try {
      result = await upPlatform(flags.file, {
        reporter: progress?.reporter,
        retain: flags.retain,
        wait: flags.wait,
        yes: flags.yes,
        confirm: interactive ? async (q) => (await import('../ui/progress/ask.js')).askYesNo(q) : undefined,
      })
    } finally {
      await progress?.finish()
    }
    // The address a server really bound (servers.api_port may belong to another cluster).
    const api = await apiAddrAfterUp(flags.file, result.nomadAddr)
    result.nomadAddr = api.addr
    await recordClusterUp({name: result.cluster, file: flags.file, stateDir: result.stateDir}).catch(() => undefined)
    if (!json) {
      for (const o of result.orphans) this.log(`found ${o.pids.length} leftover task process(es) of ${o.node} with no node agent (pids ${o.pids.join(', ')}); ${o.node} killed them as it started`)
      if (result.cleaned.length > 0) this.log(`cleaned stale state of ${result.cleaned.join(', ')} (their processes had died; data kept)`)
      if (result.outcome === 'already-running') this.log(`cluster ${result.cluster} is already running; no process started`)
      else this.log(`cluster ${result.cluster} is up in ${result.ms} ms — kv: ${result.kvEndpoints.join(',')}`)
      for (const j of result.jobs) {
        if (!j.submitted) this.log(`job ${j.id}: file unchanged since the last up, not submitted (running v${j.version})`)
        else this.log(`job ${j.id}: ${j.changed ? `submitted as v${j.version}` : `submitted, same spec as v${j.version} (no new version)`}`)
      }
      if (result.urls.length) {
        this.log('\nNow answering through the proxies:')
        for (const u of result.urls) this.log(`  ${u}`)
        this.log(`\n(*.localhost resolves to 127.0.0.1 in browsers; with curl use: curl -H 'Host: ${new URL(result.urls[0]!).hostname}' http://127.0.0.1:${new URL(result.urls[0]!).port}/)`)
      }
      if (result.nomadAddr) this.log(`\nNomad API: NOMAD_ADDR=${result.nomadAddr}  (eval "$(${cliCommand()} env)" points nomad tools here)`)
      if (api.problem) this.log(`\nNomad API: ${api.problem}`)
      if (result.outcome === 'started') this.log(nextSteps(cliCommand()))
    }
    if (flags.watch && !json) await this.config.runCommand('watch', ['-f', flags.file, '--no-initial'])
    else if (flags.dashboard && !json) {
      const {checkTerminal} = await import('../ui/dashboard/require-terminal.js')
      const refusal = checkTerminal({stdoutIsTTY: process.stdout.isTTY, stdinIsTTY: process.stdin.isTTY, env: process.env})
      if (refusal) this.log(`\n--dashboard: ${refusal.message} The platform is up; \`zdev status --watch\` prints plain snapshots.`)
      else await this.config.runCommand('dashboard', ['-f', flags.file])
    }
    return result
  }
}

async function apiAddrAfterUp(file: string, planned: string | null): Promise<{addr: string | null; problem?: string}> {
  if (!planned) return {addr: null}
  const p = await loadPlatform(file)
  try {
    return {addr: (await resolveNomadAddr(p, await readState(p.stateDir)))?.addr ?? null}
  } catch (err) {
    return {addr: null, problem: err instanceof Error ? err.message : String(err)}
  }
}

/** The commands to try next, as they can be typed from here (they find this cluster: it was brought up last). */
function nextSteps(cli: string): string {
  return `\nNext: ${cli} status · ${cli} dashboard · ${cli} logs <job> · ${cli} watch · ${cli} down`
}
