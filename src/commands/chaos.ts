import {writeFileSync} from 'node:fs'
import {Flags} from '@oclif/core'
import {BOUNDS, parseChaosOptions, parseScenarioFlags, renderJunit, renderReport, resumeAll, runChaos, runChaosScenario, type ChaosReport} from '../chaos/index.js'
import type {ChaosObserver} from '../chaos/context.js'
import {BaseCommand} from '../cli/base-command.js'
import {createChaosView} from '../ui/chaos/index.js'

export default class Chaos extends BaseCommand {
  static override summary = 'Break the running platform on purpose under bounded load and give a verdict: per fault the time to detect and to recover and the requests it failed; availability, p50/p99, nothing lost.'
  static override description = `Sends bounded load (loopback only) through the proxies to every routed service and injects faults at seeded random times: SIGKILL of the etcd leader, the leading server, a node agent, a proxy or a task (supervisors restart them), and SIGSTOP pauses. With --scenario, runs a file of timed steps instead (stop/start/kill/pause a component, run a job, expect figures). Exits 1 when a threshold or an expectation fails, naming the fault or step and why.`
  static override examples = [
    '<%= config.bin %> chaos --duration 60s',
    '<%= config.bin %> chaos --faults node,proxy --seed 42 --max-recovery 10s --junit chaos.xml',
    '<%= config.bin %> chaos --scenario fixtures/scenarios/node-loss.yaml',
  ]
  static override flags = {
    ...BaseCommand.fileFlag,
    duration: Flags.string({description: `how long the run lasts (${BOUNDS.durationMs.min / 1000}s..${BOUNDS.durationMs.max / 60_000}m) [default: 60s]`, exclusive: ['scenario']}),
    faults: Flags.string({description: 'fault kinds, comma-separated: etcd, server, node, proxy, task [default: all]', exclusive: ['scenario']}),
    seed: Flags.integer({description: 'seed of the fault schedule (printed in the report, so a run can be replayed) [default: from the clock]', exclusive: ['scenario']}),
    rate: Flags.integer({description: `requests per second, all workers together (${BOUNDS.rate.min}..${BOUNDS.rate.max})`, default: 50}),
    concurrency: Flags.integer({description: `requests in flight at most (${BOUNDS.concurrency.min}..${BOUNDS.concurrency.max})`, default: 4}),
    'min-availability': Flags.string({description: 'fail below this availability in % [default: 99.9; with --scenario only when given]', helpValue: 'PERCENT'}),
    'max-recovery': Flags.string({description: 'fail when a fault takes longer to be routed and healthy again [default: 5s; with --scenario only when given]', helpValue: 'DURATION'}),
    junit: Flags.string({description: 'also write the report as JUnit XML to this file', helpValue: 'FILE'}),
    scenario: Flags.string({description: 'run the timed steps of a scenario file (see fixtures/scenarios/)', helpValue: 'FILE'}),
  }

  async run(): Promise<ChaosReport> {
    const {flags} = await this.parse(Chaos)
    const json = this.jsonEnabled()
    const minAvailability = flags['min-availability'] === undefined ? undefined : Number(flags['min-availability'])
    // flags are checked before anything starts; `go` then runs what they describe
    let go: (observer: ChaosObserver) => Promise<ChaosReport>
    if (flags.scenario) {
      const scenario = flags.scenario
      const o = parseScenarioFlags({rate: flags.rate, concurrency: flags.concurrency, minAvailability, maxRecovery: flags['max-recovery']})
      go = (observer) => runChaosScenario(flags.file, scenario, o, observer)
    } else {
      const o = parseChaosOptions({duration: flags.duration ?? '60s', faults: flags.faults ?? 'etcd,server,node,proxy,task', seed: flags.seed, rate: flags.rate, concurrency: flags.concurrency, minAvailability: minAvailability ?? 99.9, maxRecovery: flags['max-recovery'] ?? '5s'}, Date.now() % 0x100000000)
      go = (observer) => runChaos(flags.file, o, observer)
    }
    const view = await createChaosView(process.stdout, json ? {...process.env, CI: '1'} : process.env, (l) => (json ? process.stderr.write(`${l}\n`) : this.log(l)))
    const onInt = () => {
      resumeAll()
      process.exit(130)
    }
    process.once('SIGINT', onInt)
    let report: ChaosReport
    try {
      report = await go(view.observer)
    } finally {
      process.removeListener('SIGINT', onInt)
      resumeAll()
      await view.finish()
    }
    if (flags.junit) writeFileSync(flags.junit, renderJunit(report))
    if (!json) for (const l of renderReport(report)) this.log(l)
    if (report.passed) return report
    // With --json the report is still the output (oclif prints the returned value); the exit code says it failed.
    if (json) {
      process.exitCode = 1
      return report
    }
    this.exit(1)
  }
}

