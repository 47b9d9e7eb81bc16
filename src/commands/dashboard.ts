import {BaseCommand} from '../cli/base-command.js'
import {checkTerminal} from '../ui/dashboard/require-terminal.js'

export default class Dashboard extends BaseCommand {
  static override summary = 'Watch the platform live, and stop or start its parts with a keystroke.'
  static override description =
    'A full-screen view of the KV quorum, servers, nodes, jobs, allocations, proxies and events, redrawn as the KV changes. ' +
    'Select a component and press k to stop it (after a confirm), s to start it, l for its logs, ? for help, q to quit (the platform keeps running).'
  static override examples = ['<%= config.bin %> dashboard', '<%= config.bin %> dashboard -f demo.zdev.yaml']
  static override enableJsonFlag = false
  static override flags = {...BaseCommand.fileFlag}

  async run(): Promise<void> {
    const refusal = checkTerminal({stdoutIsTTY: process.stdout.isTTY, stdinIsTTY: process.stdin.isTTY, env: process.env})
    if (refusal) throw refusal // before looking for the platform file: off a terminal nothing else matters
    const {flags} = await this.parse(Dashboard)
    // Ink and React cost ~0.5 s to import: only here, never at command discovery.
    const [{createDashboardSource}, {renderDashboard}] = await Promise.all([
      import('../ui/dashboard/dashboard-source.js'),
      import('../ui/dashboard/render.js'),
    ])
    const source = await createDashboardSource(flags.file)
    try {
      await renderDashboard(source, {stdout: process.stdout, stdin: process.stdin, stderr: process.stderr}).done
    } finally {
      await source.close()
    }
  }
}
