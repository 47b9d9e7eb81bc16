import path from 'node:path'
import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {loadPlatform} from '../platform/load.js'
import {trustCa, type TrustReport} from '../proxy/tls/trust-ca.js'

export default class Trust extends BaseCommand {
  static override summary = 'Show the cluster\'s local CA certificate (made on first use, in the state dir) and how to trust it; --install adds it to the system store where that is possible.'
  static override examples = ['<%= config.bin %> trust', '<%= config.bin %> trust --install', 'curl --cacert .zdev/demo/tls/ca.crt https://whoami.localhost:8443/']
  static override flags = {
    ...BaseCommand.fileFlag,
    install: Flags.boolean({description: 'install the CA into the system trust store (Debian/Ubuntu, as root)', default: false}),
  }

  async run(): Promise<TrustReport> {
    const {flags} = await this.parse(Trust)
    const p = await loadPlatform(flags.file)
    const port = p.proxies.instances[0]?.websecurePort
    const r = trustCa(path.join(p.stateDir, 'tls'), p.name, {install: flags.install, url: `https://whoami.localhost:${port ?? 8443}/`})
    if (!this.jsonEnabled()) {
      this.log(`cluster ${r.cluster}: CA certificate ${r.caFile}`)
      for (const s of r.steps) this.log(`  ${s}`)
      if (flags.install) this.log(r.installed ? 'installed into the system trust store' : `not installed: ${r.notInstalled}`)
    }
    return r
  }
}
