import {performance} from 'node:perf_hooks'
import {Args, Flags} from '@oclif/core'
import {loadJobFile} from '../jobspec/index.js'
import {BaseCommand} from '../cli/base-command.js'
import {UserError} from '../lib/errors.js'
import {buildVirtualNodes, parseNodeSpec, renderSimulation, scaleJobCounts, simulate, type NodeSpec, type SimulationReport} from '../scheduler/index.js'

/** Documented bounds (README): past them a run grows for minutes and gigabytes. */
export const MAX_SIMULATED_NODES = 50_000
export const MAX_SIMULATED_ALLOCATIONS = 1_000_000

export default class Simulate extends BaseCommand {
  static override summary = 'Place job files on a virtual cluster of N nodes: fit, spread, utilisation and throughput.'
  static override examples = [
    '<%= config.bin %> simulate --nodes 500 web.nomad.hcl',
    '<%= config.bin %> simulate --nodes 5000 --node-spec cpu=8000,memory=16384,dc=dc1 --node-spec cpu=4000,memory=8192,dc=dc2 web.nomad.hcl --count-scale 100',
  ]
  static override strict = false
  static override args = {file: Args.string({description: 'job file(s) (HCL2 or API JSON)', required: true})}
  static override flags = {
    nodes: Flags.integer({description: `number of virtual nodes (at most ${MAX_SIMULATED_NODES})`, required: true, min: 1}),
    'node-spec': Flags.string({description: 'node shape: cpu=MHz,memory=MB,disk=MB,dc=,class=,pool=,drivers=a+b,attr.X=,meta.X= (repeat to mix shapes)', multiple: true, multipleNonGreedy: true}),
    'count-scale': Flags.string({description: 'multiply every group count by this factor', default: '1'}),
    var: Flags.string({description: 'set a variable: name=value', multiple: true, multipleNonGreedy: true}),
    'var-file': Flags.string({description: 'HCL or JSON file with variable values', multiple: true, multipleNonGreedy: true}),
    seed: Flags.string({description: 'seed for the placement randomness', default: 'zdev-simulate'}),
    algorithm: Flags.string({description: "Nomad's scheduler algorithm", options: ['binpack', 'spread'], default: 'binpack'}),
  }

  async run(): Promise<SimulationReport> {
    const {argv, flags} = await this.parse(Simulate)
    if (flags.nodes > MAX_SIMULATED_NODES) throw new UserError(`--nodes ${flags.nodes} is above the limit of ${MAX_SIMULATED_NODES} virtual nodes for one simulation.`, {code: 'invalid_flag', field: 'nodes', hint: `simulate a representative slice (e.g. --nodes ${MAX_SIMULATED_NODES} with --count-scale reduced in proportion); the placement rate per node does not change with size`})
    const scale = Number(flags['count-scale'])
    if (!Number.isFinite(scale) || scale <= 0) throw new UserError(`--count-scale must be a positive number, got "${flags['count-scale']}".`, {code: 'invalid_flag', field: 'count-scale'})
    const specs: NodeSpec[] = []
    for (const text of flags['node-spec'] ?? []) {
      const r = parseNodeSpec(text)
      if ('error' in r) throw new UserError(r.error, {code: 'invalid_flag', field: 'node-spec', hint: 'e.g. --node-spec cpu=4000,memory=8192,dc=dc1,class=web'})
      specs.push(r.spec)
    }
    const vars: Record<string, string> = {}
    for (const v of flags.var ?? []) {
      const eq = v.indexOf('=')
      if (eq <= 0) throw new UserError(`Invalid --var ${JSON.stringify(v)}; use --var name=value.`, {code: 'invalid_var'})
      vars[v.slice(0, eq).trim()] = v.slice(eq + 1)
    }
    const jobs = []
    for (const file of argv as string[]) jobs.push(scaleJobCounts(await loadJobFile(file, {vars, varFiles: flags['var-file'], env: process.env}), scale))
    const placements = jobs.reduce((n, j) => n + j.TaskGroups.reduce((m, g) => m + (j.Type === 'system' || j.Type === 'sysbatch' ? flags.nodes : g.Count), 0), 0)
    if (placements > MAX_SIMULATED_ALLOCATIONS) throw new UserError(`The simulation would place ${placements} allocations, above the limit of ${MAX_SIMULATED_ALLOCATIONS}.`, {code: 'invalid_flag', field: 'count-scale', hint: 'lower --count-scale or --nodes (system jobs place one allocation per node)'})
    const report = simulate({nodes: buildVirtualNodes(flags.nodes, specs), jobs, seed: flags.seed, algorithm: flags.algorithm as 'binpack' | 'spread', clock: () => performance.now(), now: Date.now()})
    if (!this.jsonEnabled()) for (const line of renderSimulation(report)) this.log(line)
    return report
  }
}
